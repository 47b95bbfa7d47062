"""Any damage to a data file gives a ContentError naming the file, never a crash."""

from __future__ import annotations

import shutil

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from handbook.content import ContentError, load_handbook

DATA_FILES = ["meta.yaml", "hjelpeliste.yaml", "voldsformer.yaml", "statistikk.yaml", "tiltak.yaml", "flyt.yaml"]

junk = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 10**9),
    st.text(max_size=20),
    st.lists(st.text(max_size=5), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
)


def _paths(node, prefix=()):
    """Every (path, value) in a YAML tree."""
    yield prefix
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, prefix + (key,))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _paths(value, prefix + (i,))


def _set(tree, path, value):
    if not path:
        return value
    node = tree
    for step in path[:-1]:
        node = node[step]
    node[path[-1]] = value
    return tree


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_damaged_data_never_crashes(content_dir, tmp_path_factory, data):
    root = tmp_path_factory.mktemp("fuzz") / "content"
    shutil.copytree(content_dir, root)
    name = data.draw(st.sampled_from(DATA_FILES))
    tree = yaml.safe_load((root / name).read_text(encoding="utf-8"))
    paths = list(_paths(tree))
    path = data.draw(st.sampled_from(paths))
    tree = _set(tree, path, data.draw(junk))
    (root / name).write_text(yaml.safe_dump(tree, allow_unicode=True), encoding="utf-8")
    try:
        load_handbook(root)
    except ContentError as exc:
        assert exc.problems
        assert all(p.file for p in exc.problems)
