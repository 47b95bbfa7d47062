"""The layered layout on random acyclic graphs: boxes never overlap, edges always point down."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from handbook.ui.flow.layout import layered_layout, longest_path_layers


@st.composite
def dags(draw):
    n = draw(st.integers(min_value=1, max_value=14))
    nodes = [f"n{i}" for i in range(n)]
    edges = []
    for j in range(1, n):
        # every node but the first has a parent earlier in the list: acyclic and connected
        edges.append((nodes[draw(st.integers(0, j - 1))], nodes[j]))
    extra = draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=n))
    edges += [(nodes[a], nodes[b]) for a, b in extra if a < b]
    sizes = {
        v: (draw(st.floats(min_value=40, max_value=260)), draw(st.floats(min_value=20, max_value=160))) for v in nodes
    }
    return nodes, edges, sizes


def _overlap(a, b, gap):
    ax, ay, aw, ah = a
    bx, by, bw, bh = b
    return ax < bx + bw + gap and bx < ax + aw + gap and ay < by + bh and by < ay + ah


@settings(max_examples=150, deadline=None)
@given(dags())
def test_boxes_never_overlap_and_edges_point_down(graph):
    nodes, edges, sizes = graph
    layout = layered_layout(nodes, edges, sizes, hgap=20.0, vgap=30.0)
    rects = {v: layout.rect(v) for v in nodes}
    for a, b in itertools.combinations(nodes, 2):
        assert not _overlap(rects[a], rects[b], gap=19.9), (a, b, rects[a], rects[b])
    for index, (u, v) in enumerate(edges):
        ux, uy, uw, uh = rects[u]
        vx, vy, vw, vh = rects[v]
        assert vy >= uy + uh + 29.9
        route = layout.routes[(u, v, index)]
        assert route[0][1] == uy + uh and route[-1][1] == vy
        ys = [y for _, y in route]
        assert ys == sorted(ys)
    assert min(x for x, _ in layout.positions.values()) >= -1e-6


def test_longest_path_layering():
    layers = longest_path_layers(["a", "b", "c", "d"], [("a", "b"), ("b", "c"), ("a", "c"), ("c", "d")])
    assert layers == {"a": 0, "b": 1, "c": 2, "d": 3}


def test_layering_survives_a_cycle():
    layers = longest_path_layers(["a", "b"], [("a", "b"), ("b", "a")])
    assert set(layers) == {"a", "b"}
