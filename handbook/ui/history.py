"""Back / forward history of places in the reader. Plain Python, no widgets.

A place is a :class:`Location`: which view, and what in it (a section id, a
contact id, a flowchart node). The main window records a place each time the
user goes somewhere, and asks for the previous or next one on Alt+Left/Right.
"""

from __future__ import annotations

from typing import NamedTuple

HOME, PAGE, HELP, FLOW = "home", "page", "help", "flow"


class Location(NamedTuple):
    """A place: immutable and comparable. A NamedTuple, not a dataclass: the window's frame imports
    this module before it is shown, and ``dataclasses`` alone takes ~4 ms to import."""

    view: str
    target: str = ""


class History:
    """A browser-style history: going somewhere new drops the forward places."""

    def __init__(self, limit: int = 200) -> None:
        self._places: list[Location] = []
        self._index = -1
        self._limit = limit

    @property
    def current(self) -> Location | None:
        return self._places[self._index] if self._index >= 0 else None

    def visit(self, place: Location) -> None:
        if place == self.current:
            return
        del self._places[self._index + 1 :]
        self._places.append(place)
        if len(self._places) > self._limit:
            del self._places[0]
        self._index = len(self._places) - 1

    def can_back(self) -> bool:
        return self._index > 0

    def can_forward(self) -> bool:
        return self._index < len(self._places) - 1

    def back(self) -> Location | None:
        if not self.can_back():
            return None
        self._index -= 1
        return self.current

    def forward(self) -> Location | None:
        if not self.can_forward():
            return None
        self._index += 1
        return self.current

    def clear(self) -> None:
        self._places.clear()
        self._index = -1
