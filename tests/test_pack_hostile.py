"""A pack with hostile content goes through the same limits as a content folder.

Every case of ``tests/hostile_corpus.py`` (raw HTML, YAML bombs, 50 MB pages, FIFOs, links out of
the folder, control characters …) is put into a pack as it is — links as link members, FIFOs as
FIFO members, huge files deflated to a few hundred KB — and signed with a trusted key, as a key
holder gone wrong could. The archive's limits refuse what a zip can carry that a folder cannot
(links, devices, sizes before inflating); what passes them is refused by ``handbook check``'s
loader with exactly the problems ``handbook check`` names for the folder. The store stays byte
for byte as it was, and nothing outside the content is ever opened.
"""

from __future__ import annotations

import shutil

import pytest

import hostile_corpus as corpus
from handbook.content import ContentError, load_handbook
from handbook.packs import archive, errors
from handbook.packs.errors import PackRefused
from handbook.packs.startup import read_edition
from handbook.packs.store import PackStore
from packs_helpers import CONTENT, hostile_pack, new_key, tree_digest

CASES = [c for c in corpus.CASES if corpus.can_build(c) and c.needs != "nonroot"]


@pytest.fixture(scope="module")
def key():
    return new_key()


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_hostile_content_in_a_signed_pack_is_refused_like_the_folder(case, key, tmp_path):
    folder, outside = corpus.build(case, CONTENT, tmp_path / "kilde")
    try:
        path = tmp_path / "fiendtlig.handbok"
        path.write_bytes(hostile_pack(folder, key))
    finally:
        corpus.restore_permissions(tmp_path / "kilde")
    store = PackStore(tmp_path / "innhold", key.trusted, read_edition(CONTENT))
    before = tree_digest(store.root)
    with pytest.raises(PackRefused) as caught:
        store.commit(store.prepare(archive.open_pack(path, key.trusted)))
    refusal = caught.value
    assert tree_digest(store.root) == before
    assert list(store.root.glob(".new-*")) == []
    if refusal.reason == errors.CHECK:
        with pytest.raises(ContentError) as check:
            load_handbook(folder)
        assert refusal.problems == [str(p) for p in check.value.problems]  # handbook check's words, file, line
    else:
        assert refusal.reason in (errors.INVALID, errors.TOO_LARGE), refusal.message
        name = case.file.rstrip("/").rsplit("/", 1)[-1].split("\\x1b")[0]
        assert name in refusal.message or "grensen" in refusal.message, refusal.message
    shutil.rmtree(outside)
