"""The path a user takes through the flowchart: answers, back, restart, jump. No Qt.

The step view and the diagram share one :class:`FlowWalk`.
"""

from __future__ import annotations

from handbook.content.flow import Flow, Node


class FlowWalk:
    """The path a user takes: the nodes visited and the answer chosen at each.

    ``steps[i]`` is a node id; ``choices[i]`` is the label chosen to leave
    ``steps[i]`` (so ``len(choices) == len(steps) - 1``).
    """

    def __init__(self, flow: Flow):
        self.flow = flow
        self.steps: list[str] = [flow.start]
        self.choices: list[str] = []

    @property
    def current(self) -> Node:
        return self.flow.node(self.steps[-1])  # type: ignore[return-value]

    @property
    def about(self) -> str:
        """Whom the walk is about so far (the ``about`` of the latest answer that says; "" if none)."""
        return self.flow.about(self.steps, self.choices)

    def answer(self, index: int) -> bool:
        """Choose answer ``index`` (0-based) of a question, or go on from an action/info (index 0)."""
        targets = self.current.targets()
        if not 0 <= index < len(targets):
            return False
        label, target = targets[index]
        if target not in self.flow:
            return False
        self.choices.append(label)
        self.steps.append(target)
        return True

    def follow(self, answers) -> int:
        """Start over and choose ``answers`` (indexes) in turn, as far as they go; returns how many were taken."""
        self.restart()
        taken = 0
        for index in answers:
            if not self.answer(index):
                break
            taken += 1
        return taken

    def back(self) -> bool:
        if len(self.steps) < 2:
            return False
        self.steps.pop()
        self.choices.pop()
        return True

    def restart(self) -> None:
        self.steps = [self.flow.start]
        self.choices = []

    def back_to(self, position: int) -> None:
        """Go back to ``steps[position]`` (a breadcrumb click)."""
        position = max(0, min(position, len(self.steps) - 1))
        del self.steps[position + 1:]
        del self.choices[position:]

    def jump(self, node_id: str) -> bool:
        """Go to ``node_id``: keep the walked path if it is on it, else take the shortest path from start."""
        if node_id not in self.flow:
            return False
        if node_id in self.steps:
            self.back_to(self.steps.index(node_id))
            return True
        path = self.flow.path_to(node_id)
        if not path:
            return False
        choices = []
        for a, b in zip(path, path[1:]):
            node = self.flow.node(a)
            choices.append(next(label for label, t in node.targets() if t == b))  # type: ignore[union-attr]
        self.steps, self.choices = path, choices
        return True
