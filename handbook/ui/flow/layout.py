"""A small layered (Sugiyama-style) layout for the flowchart, top to bottom. No Qt.

Steps, after Sugiyama et al. and Graphviz ``dot``, kept small on purpose:

1. layering by longest path from the sources, so every edge points downward;
2. dummy nodes on edges that span more than one layer, so long edges get a lane;
3. ordering within each layer by repeated barycenter sweeps (down and up),
   keeping the order with the fewest crossings;
4. x coordinates: each node is pulled towards the mean of its neighbours, then
   pushed apart so boxes in one layer never overlap (a minimum gap is kept).

The flowchart has ~20 nodes, so clarity matters more than speed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

DUMMY_WIDTH = 24.0
LANE_GAP = 6.0  # the gap beside an edge's lane: a line needs less room than a box


def _is_dummy(n: str) -> bool:
    return n.startswith("\0dummy")


def _gap(a: str, b: str, hgap: float) -> float:
    """The least gap between two neighbours in a layer: ``hgap`` between boxes, half of it between a
    box and an edge's lane, ``LANE_GAP`` between two lanes (lines need less room than boxes)."""
    lanes = _is_dummy(a) + _is_dummy(b)
    return hgap if lanes == 0 else hgap / 2 if lanes == 1 else LANE_GAP


@dataclass
class Layout:
    """The result: top-left positions of the real nodes and a polyline per edge.

    Attributes:
        positions: node id → (x, y) of the box's top-left corner.
        sizes: node id → (width, height), as given.
        routes: (from, to, index) → points from the bottom of ``from`` through
            the dummy lanes to the top of ``to``.
        layers: node ids per layer, left to right (dummies are ``None``-free:
            only real nodes are listed).
    """

    positions: dict[str, tuple[float, float]]
    sizes: dict[str, tuple[float, float]]
    routes: dict[tuple[str, str, int], list[tuple[float, float]]] = field(default_factory=dict)
    layers: list[list[str]] = field(default_factory=list)

    def rect(self, node_id: str) -> tuple[float, float, float, float]:
        x, y = self.positions[node_id]
        w, h = self.sizes[node_id]
        return x, y, w, h

    @property
    def width(self) -> float:
        return max((x + self.sizes[n][0] for n, (x, _) in self.positions.items()), default=0.0)

    @property
    def height(self) -> float:
        return max((y + self.sizes[n][1] for n, (_, y) in self.positions.items()), default=0.0)


def longest_path_layers(nodes: list[str], edges: list[tuple[str, str]]) -> dict[str, int]:
    """Layer of each node: 0 for sources, else 1 + the deepest predecessor. Back edges are ignored."""
    preds: dict[str, list[str]] = {n: [] for n in nodes}
    succs: dict[str, list[str]] = {n: [] for n in nodes}
    for u, v in edges:
        if u in preds and v in preds and u != v:
            succs[u].append(v)
            preds[v].append(u)
    indeg = {n: len(preds[n]) for n in nodes}
    ready = [n for n in nodes if indeg[n] == 0]
    layer = {n: 0 for n in nodes}
    done: set[str] = set()
    while ready or len(done) < len(nodes):
        if not ready:  # a cycle: break it at the first node not yet placed
            ready = [next(n for n in nodes if n not in done)]
        n = ready.pop(0)
        if n in done:
            continue
        done.add(n)
        for v in succs[n]:
            if v in done:
                continue
            layer[v] = max(layer[v], layer[n] + 1)
            indeg[v] -= 1
            if indeg[v] == 0:
                ready.append(v)
    return layer


def bounded_layers(
    layer: dict[str, int], nodes: list[str], edges: list[tuple[str, str]], width: dict[str, float],
    hgap: float, max_width: float,
) -> dict[str, int]:
    """Layers whose boxes fit in ``max_width``: a row too wide is split, its excess boxes going one
    row down (and what follows them further down, so every edge still points down).

    The chart grows taller instead of wider, so a narrow window shows its whole width at a
    legible size (the width-bounded layering of Coffman and Graham, kept simple). Edges passing
    through a row count with the width of their lane. The box moved first is the one with the
    fewest arrows into it (each gets a lane in the row it leaves), then the one with the most
    room below it, so the chart grows as little as it can.
    """
    layer = dict(layer)
    forward: dict[str, list[str]] = {n: [] for n in layer}
    for u, v in edges:
        if u in layer and v in layer and layer[v] > layer[u]:
            forward[u].append(v)
    order = {n: i for i, n in enumerate(nodes)}
    indegree = {n: 0 for n in layer}
    for u in forward:
        for v in forward[u]:
            indegree[v] += 1
    li = 0
    while li <= max(layer.values(), default=0):
        row = sorted((n for n in layer if layer[n] == li), key=order.__getitem__)

        def row_width() -> float:
            lanes = sum(1 for u in forward for v in forward[u] if layer[u] < li < layer[v])
            return sum(width[n] for n in row) + (DUMMY_WIDTH + LANE_GAP) * lanes + hgap * (len(row) - 1)

        while len(row) > 1 and row_width() > max_width:
            def room(n: str) -> tuple[int, int, int]:
                below = min((layer[v] - layer[n] for v in forward[n]), default=len(layer))
                return -indegree[n], below, order[n]

            pick = max(row, key=room)
            row.remove(pick)
            layer[pick] = li + 1
            stack = [pick]
            while stack:
                u = stack.pop()
                for v in forward[u]:
                    if layer[v] <= layer[u]:
                        layer[v] = layer[u] + 1
                        stack.append(v)
        li += 1
    return layer


def _crossings(order: list[list[str]], down: dict[str, list[str]]) -> int:
    total = 0
    for upper, lower in zip(order, order[1:]):
        pos = {n: i for i, n in enumerate(lower)}
        pairs = [(i, pos[v]) for i, u in enumerate(upper) for v in down.get(u, []) if v in pos]
        for a in range(len(pairs)):
            for b in range(a + 1, len(pairs)):
                (u1, v1), (u2, v2) = pairs[a], pairs[b]
                if (u1 - u2) * (v1 - v2) < 0:
                    total += 1
    return total


def layered_layout(
    nodes: list[str],
    edges: list[tuple[str, str]],
    sizes: dict[str, tuple[float, float]],
    hgap: float = 40.0,
    vgap: float = 70.0,
    sweeps: int = 12,
    gap_below: dict[str, float] | None = None,
    max_width: float = 0.0,
) -> Layout:
    """Lay out a directed graph top to bottom.

    Args:
        nodes: Node ids; their order is the initial left-to-right preference.
        edges: (from, to) pairs; parallel edges are allowed.
        sizes: Width and height of each node's box.
        hgap: Minimum horizontal gap between boxes in one layer.
        vgap: Vertical gap between layers (the minimum).
        gap_below: A larger gap wanted below some nodes (room for edge labels).
        max_width: If set, no row of boxes is wider than this: see :func:`bounded_layers`.
    """
    layer = longest_path_layers(nodes, edges)
    width = dict((n, sizes[n][0]) for n in nodes)
    if max_width:
        layer = bounded_layers(layer, nodes, edges, width, hgap, max_width)
    down: dict[str, list[str]] = {n: [] for n in nodes}
    up: dict[str, list[str]] = {n: [] for n in nodes}
    chains: list[tuple[str, str, int, list[str]]] = []  # (u, v, index, [u, d1, …, v])
    counter = 0
    for index, (u, v) in enumerate(edges):
        if u not in layer or v not in layer or layer[v] <= layer[u]:
            continue
        chain = [u]
        for lv in range(layer[u] + 1, layer[v]):
            counter += 1
            d = f"\0dummy{counter}"
            layer[d] = lv
            width[d] = DUMMY_WIDTH
            down[d], up[d] = [], []
            chain.append(d)
        chain.append(v)
        for a, b in zip(chain, chain[1:]):
            down[a].append(b)
            up[b].append(a)
        chains.append((u, v, index, chain))
    depth = max(layer.values(), default=-1) + 1
    order: list[list[str]] = [[] for _ in range(depth)]
    for n in _dfs_order(nodes, down):
        order[layer[n]].append(n)
    for n in layer:
        if n not in order[layer[n]]:
            order[layer[n]].append(n)
    order = _reduce_crossings(order, down, up, sweeps)
    xs = _coordinates(order, down, up, width, hgap)
    ys, heights = [], []
    y = 0.0
    gap_below = gap_below or {}
    for row in order:
        h = max((sizes[n][1] for n in row if n in sizes), default=0.0)
        ys.append(y)
        heights.append(h)
        y += h + max([vgap, *(gap_below.get(n, 0.0) for n in row)])
    positions: dict[str, tuple[float, float]] = {}
    for li, row in enumerate(order):
        for n in row:
            if n in sizes:
                # centre each box vertically in its layer band
                positions[n] = (xs[n] - width[n] / 2, ys[li] + (heights[li] - sizes[n][1]) / 2)
    routes: dict[tuple[str, str, int], list[tuple[float, float]]] = {}
    for u, v, index, chain in chains:
        pts = [(xs[u], positions[u][1] + sizes[u][1])]
        for d in chain[1:-1]:
            li = layer[d]
            pts.append((xs[d], ys[li]))
            pts.append((xs[d], ys[li] + heights[li]))
        pts.append((xs[v], positions[v][1]))
        routes[(u, v, index)] = pts
    real_layers = [[n for n in row if n in sizes] for row in order]
    return Layout(positions=positions, sizes={n: sizes[n] for n in nodes}, routes=routes, layers=real_layers)


def _dfs_order(nodes: list[str], down: dict[str, list[str]]) -> list[str]:
    seen: set[str] = set()
    out: list[str] = []
    for root in nodes:
        stack = [root]
        while stack:
            n = stack.pop()
            if n in seen:
                continue
            seen.add(n)
            out.append(n)
            stack.extend(reversed(down.get(n, [])))
    return out


def _reduce_crossings(order, down, up, sweeps):
    best = [row[:] for row in order]
    best_count = _crossings(best, down)
    current = [row[:] for row in order]
    for sweep in range(sweeps):
        rng = range(1, len(current)) if sweep % 2 == 0 else range(len(current) - 2, -1, -1)
        neighbours = up if sweep % 2 == 0 else down
        for li in rng:
            ref = current[li - 1] if sweep % 2 == 0 else current[li + 1]
            pos = {n: i for i, n in enumerate(ref)}
            row = current[li]

            def bary(item):
                i, n = item
                ps = [pos[m] for m in neighbours.get(n, []) if m in pos]
                return (sum(ps) / len(ps)) if ps else float(i)

            current[li] = [n for _, n in sorted(enumerate(row), key=lambda it: (bary(it), it[0]))]
        count = _crossings(current, down)
        if count < best_count:
            best, best_count = [row[:] for row in current], count
    return best


def _coordinates(order, down, up, width, hgap) -> dict[str, float]:
    """Centre x of every node (and dummy); no two boxes in a layer closer than ``hgap``."""
    xs: dict[str, float] = {}
    for row in order:
        x = 0.0
        for i, n in enumerate(row):
            if i:
                x += _gap(row[i - 1], n, hgap)
            xs[n] = x + width[n] / 2
            x += width[n]
    for it in range(24):
        layers = range(1, len(order)) if it % 2 == 0 else range(len(order) - 2, -1, -1)
        for li in layers:
            row = order[li]
            desired = []
            for n in row:
                # Early sweeps follow one direction (like dot's medians); later ones balance both
                # neighbours, which stops a parent and its children from ratcheting sideways.
                if it < 4:
                    ns = (up if it % 2 == 0 else down).get(n, []) or (down if it % 2 == 0 else up).get(n, [])
                else:
                    ns = up.get(n, []) + down.get(n, [])
                desired.append(sum(xs[m] for m in ns) / len(ns) if ns else xs[n])
            _place(row, desired, width, hgap, xs)
    _within_widest(order, width, hgap, xs)
    left = min((xs[n] - width[n] / 2 for n in xs), default=0.0)
    return {n: x - left for n, x in xs.items()}


def _within_widest(order, width, hgap, xs) -> None:
    """Keep every layer inside the span the widest layer needs when packed, so the chart is no
    wider than it must be (a layer pulled sideways by its neighbours is pulled back in)."""
    packed = [sum(width[n] for n in row) + sum(_gap(a, b, hgap) for a, b in zip(row, row[1:])) for row in order if row]
    if not packed:
        return
    span = max(packed)
    lo = min(xs[n] - width[n] / 2 for row in order for n in row)
    for row in order:
        if not row:
            continue
        offsets = [0.0]
        for i in range(1, len(row)):
            offsets.append(offsets[-1] + width[row[i - 1]] / 2 + _gap(row[i - 1], row[i], hgap) + width[row[i]] / 2)
        first, total = width[row[0]] / 2, offsets[-1] + width[row[-1]] / 2 + width[row[0]] / 2
        desired = []
        for n, o in zip(row, offsets):
            least = lo + first + o
            most = lo + span - total + first + o
            desired.append(min(max(xs[n], least), most))
        _place(row, desired, width, hgap, xs)


def _place(row, desired, width, hgap, xs) -> None:
    """Least-squares placement of one layer: as near the desired x as the minimum gaps allow.

    With offsets o_i (the packed position of node i), x_i = y_i + o_i and the gap
    constraints become y nondecreasing: isotonic regression, solved exactly by
    pool-adjacent-violators. Unlike a left-to-right sweep it favours no side,
    so parents and children do not ratchet sideways over the sweeps.
    """
    if not row:
        return
    offsets = [0.0]
    for i in range(1, len(row)):
        offsets.append(offsets[-1] + width[row[i - 1]] / 2 + _gap(row[i - 1], row[i], hgap) + width[row[i]] / 2)
    targets = [d - o for d, o in zip(desired, offsets)]
    blocks: list[list[float]] = []  # [mean, count]
    for t in targets:
        blocks.append([t, 1.0])
        while len(blocks) > 1 and blocks[-2][0] > blocks[-1][0]:
            m2, c2 = blocks.pop()
            m1, c1 = blocks.pop()
            blocks.append([(m1 * c1 + m2 * c2) / (c1 + c2), c1 + c2])
    ys: list[float] = []
    for mean, count in blocks:
        ys += [mean] * int(count)
    for n, y, o in zip(row, ys, offsets):
        xs[n] = y + o
