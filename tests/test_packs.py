"""Signed content packs without Qt: real files, real Ed25519 signatures, a real store on disk.

Every refusal must leave the installed content byte for byte as it was (``tree_digest`` of the
whole store before and after).
"""

from __future__ import annotations

import random
import shutil
import stat
import struct
import zipfile
from pathlib import Path

import pytest

from handbook.content import ContentError, load_handbook
from handbook.packs import archive, errors, keys
from handbook.packs.errors import PackRefused
from handbook.packs.manifest import PRODUCT, Edition, version_key
from handbook.packs.startup import content_order, index_dir_for, read_edition
from handbook.packs.store import PackStore
from packs_helpers import (
    CONTENT,
    KISIF,
    NEW_KISIF,
    content_version,
    files_of,
    new_key,
    raw_pack,
    tree_digest,
    write_pack,
    zip_of,
)

SHIPPED = read_edition(CONTENT)


@pytest.fixture(scope="module")
def key():
    return new_key()


@pytest.fixture(scope="module")
def packs(tmp_path_factory, key):
    """Signed packs 1.1.0 (KISIF's number changed) and 1.2.0, and their folders."""
    tmp = tmp_path_factory.mktemp("packs")
    v11 = content_version(tmp, "1.1.0", "2027-01-15", kisif=NEW_KISIF)
    v12 = content_version(tmp, "1.2.0", "2027-03-01", kisif=NEW_KISIF)
    v105 = content_version(tmp, "1.0.5", "2026-12-01")
    return {
        "dir11": v11, "dir12": v12,
        "v11": write_pack(v11, key, tmp / "innhold-1.1.0.handbok"),
        "v12": write_pack(v12, key, tmp / "innhold-1.2.0.handbok", Edition("1.1.0")),
        "v105": write_pack(v105, key, tmp / "innhold-1.0.5.handbok"),
        "v100": write_pack(CONTENT, key, tmp / "innhold-1.0.0.handbok"),
    }


def store_for(root: Path, key) -> PackStore:
    return PackStore(root, key.trusted, SHIPPED)


def apply(store: PackStore, path: Path):
    pack = archive.open_pack(path, store.trusted)
    return store.commit(store.prepare(pack))


@pytest.fixture(scope="module")
def installed_template(tmp_path_factory, key, packs):
    store = store_for(tmp_path_factory.mktemp("template") / "innhold", key)
    apply(store, packs["v11"])
    return store.root


@pytest.fixture
def installed(tmp_path, key, installed_template):
    """A store with 1.1.0 installed over the shipped content (a copy of one made once)."""
    shutil.copytree(installed_template, tmp_path / "innhold")
    return store_for(tmp_path / "innhold", key)


# -- keys ----------------------------------------------------------------------------


def test_keygen_writes_a_private_key_only_its_owner_reads_and_never_overwrites(tmp_path):
    private, public, key = keys.generate(tmp_path / "koordinator", "koordinator 2027")
    assert stat.S_IMODE(private.stat().st_mode) == 0o600
    assert public.read_text().startswith("handbok-ed25519 ") and public.read_text().strip().endswith("koordinator 2027")
    signing = keys.read_private(private)
    assert keys.public_of(signing).raw == keys.read_public(public).raw == key.raw
    assert len(key.id) == 16 and keys.trusted_keys(tmp_path) == {key.id: key.raw}
    before = private.read_bytes()
    with pytest.raises(FileExistsError):
        keys.generate(tmp_path / "koordinator", "igjen")
    assert private.read_bytes() == before
    with pytest.raises(keys.KeyFileError, match="offentlige nøkkelen"):
        keys.read_private(public)


def test_a_broken_key_file_is_never_trusted(tmp_path):
    (tmp_path / "tull.pub").write_text("handbok-ed25519 ikke-base64!!\n")
    (tmp_path / "kort.pub").write_text("handbok-ed25519 AAAA\n")
    (tmp_path / "annet.pub").write_text("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIG== x\n")
    assert keys.trusted_keys(tmp_path) == {}


def test_no_private_key_is_committed():
    """Only public keys ship; a private key in the repository would let anyone sign content."""
    import subprocess

    root = CONTENT.parent
    listed = subprocess.run(["git", "ls-files"], cwd=root, capture_output=True, text=True)
    if listed.returncode != 0:
        pytest.skip("not a git checkout")
    files = [root / name for name in listed.stdout.splitlines()]
    assert len(files) > 50
    found = [p for p in files if p.is_file() and p.suffix != ".py" and keys.PRIVATE_HEADER.encode() in p.read_bytes()]
    assert found == []
    assert all(p.suffix == ".pub" or p.name == "README.md" for p in (root / "resources" / "keys").iterdir())


# -- building and reading -----------------------------------------------------------------


def test_a_pack_carries_the_folder_a_manifest_and_a_signature(packs, key):
    pack = archive.open_pack(packs["v12"], key.trusted)
    m = pack.manifest
    assert (m.product, m.content_version, m.content_date.isoformat()) == (PRODUCT, "1.2.0", "2027-03-01")
    assert m.plan_title.startswith("Temaplan for å motvirke vold") and m.plan_signed.isoformat() == "2023-05-19"
    assert m.replaces == Edition("1.1.0") and pack.key_id == key.public.id
    assert dict(pack.files) == files_of(packs["dir12"])
    assert set(m.files) == set(pack.files) and all(e.sha256 and e.size for e in m.files.values())


def test_the_same_folder_gives_the_same_bytes_before_signing(packs, key, tmp_path):
    again = write_pack(packs["dir11"], key, tmp_path / "igjen.handbok")
    assert archive.split(again.read_bytes()).signed == archive.split(packs["v11"].read_bytes()).signed


def test_build_refuses_content_that_fails_check_and_names_file_and_line(tmp_path, key):
    from handbook.packs.build import BuildError, build

    folder = content_version(tmp_path, "1.1.0", "2027-01-15")
    page = folder / "plan" / "04-plikt-til-a-handle.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n<img src=x>\n", encoding="utf-8")
    with pytest.raises(BuildError) as caught:
        build(folder, key.signing)
    with pytest.raises(ContentError) as check:
        load_handbook(folder)
    assert caught.value.problems == [str(p) for p in check.value.problems]
    assert caught.value.problems[0].startswith("plan/04-plikt-til-a-handle.md:")


def test_build_refuses_files_a_pack_cannot_carry_and_versions_that_go_back(tmp_path, key):
    from handbook.packs.build import BuildError, build

    folder = content_version(tmp_path, "1.1.0", "2027-01-15")
    (folder / "hjelpeliste.yaml.bak").write_text("kopi")
    (folder / ".skjult").write_text("hoppes over")
    with pytest.raises(BuildError, match=r"hjelpeliste.yaml.bak: bare .md- og .yaml-filer"):
        build(folder, key.signing)
    (folder / "hjelpeliste.yaml.bak").unlink()
    with pytest.raises(BuildError, match="må være høyere enn utgaven den erstatter"):
        build(folder, key.signing, Edition("1.1.0"))
    (folder / "meta.yaml").write_text((folder / "meta.yaml").read_text().replace("1.1.0", "vår-2027"))
    with pytest.raises(BuildError, match="tall med punktum"):
        build(folder, key.signing)


@pytest.mark.parametrize("a, b", [("1.0.0", "1.1"), ("1.9", "1.10"), ("1.1.0", "2"), ("0.9.9", "1.0.0")])
def test_versions_compare_as_numbers(a, b):
    assert version_key(a) < version_key(b)
    assert version_key("1.1") == version_key("1.1.0")
    assert version_key("1.1-beta") is None and version_key("01.1") is None


# -- applying, the start order and undo ------------------------------------------------------


def test_a_good_pack_is_installed_beside_the_shipped_content_with_its_index(installed, packs):
    current = installed.current()
    assert current is not None and current.manifest.content_version == "1.1.0"
    assert files_of(current.content_dir) == files_of(packs["dir11"])
    order = content_order(installed, CONTENT)
    assert [folder for folder, _ in order] == [current.content_dir, CONTENT]
    hb = load_handbook(current.content_dir)
    assert hb.contact("kisif").numbers[0].digits == NEW_KISIF
    from handbook.search.engine import SearchEngine

    index = index_dir_for(current.content_dir)
    assert index == current.index_dir
    engine = SearchEngine.open(hb, shipped=index, cache=None)
    try:
        assert engine.source == "shipped"  # the index built before the swap, not a new one
        top = engine.search(NEW_KISIF)[0]
        assert "kisif" in top.contacts
    finally:
        engine.close()


def test_undo_goes_back_to_the_previous_pack_byte_for_byte_then_to_nothing(installed, packs, key):
    before = tree_digest(installed.current().content_dir)
    apply(installed, packs["v12"])
    assert installed.current().manifest.content_version == "1.2.0"
    state = installed.undo()
    assert state.undone == "1.2.0" and not installed.can_undo()
    assert installed.current().manifest.content_version == "1.1.0"
    assert tree_digest(installed.current().content_dir) == before
    with pytest.raises(PackRefused) as caught:
        installed.undo()
    assert caught.value.reason == errors.NOTHING_TO_UNDO


def test_undo_of_the_first_pack_goes_back_to_the_shipped_content(installed):
    installed.undo()
    assert installed.current() is None
    assert content_order(installed, CONTENT) == [(CONTENT, None)]


def test_a_damaged_installed_pack_is_not_used_and_the_previous_one_is(installed, packs):
    previous = installed.current()
    apply(installed, packs["v12"])
    current = installed.current()
    page = current.content_dir / "plan" / "00-forord.md"
    data = bytearray(page.read_bytes())
    data[10] ^= 1
    page.write_bytes(bytes(data))
    assert [c.name for c in installed.candidates()] == [previous.name]
    (previous.content_dir / "meta.yaml").unlink()
    assert installed.candidates() == []
    assert content_order(installed, CONTENT) == [(CONTENT, None)]


def test_a_pack_signed_with_a_key_the_app_no_longer_trusts_is_not_used(installed, tmp_path):
    other = PackStore(installed.root, new_key().trusted, SHIPPED)
    assert other.candidates() == [] and content_order(other, CONTENT) == [(CONTENT, None)]


def test_a_garbled_pointer_means_the_shipped_content(installed):
    (installed.root / "current.json").write_bytes(b"\x00{not json")
    assert content_order(installed, CONTENT) == [(CONTENT, None)]


def test_newer_shipped_content_wins_over_an_older_installed_pack(installed):
    newer = PackStore(installed.root, installed.trusted, Edition("1.5.0"))
    assert content_order(newer, CONTENT) == [(CONTENT, None)]


# -- refusals: each with its reason, nothing changed -------------------------------------------


def refused(store: PackStore, path_or_bytes, tmp_path: Path) -> PackRefused:
    """Try to import; return the refusal after checking the store is byte for byte as it was."""
    path = path_or_bytes
    if isinstance(path_or_bytes, bytes):
        path = tmp_path / f"pakke-{random.randrange(1 << 30)}.handbok"
        path.write_bytes(path_or_bytes)
    before = tree_digest(store.root)
    with pytest.raises(PackRefused) as caught:
        store.commit(store.prepare(archive.open_pack(path, store.trusted)))
    assert tree_digest(store.root) == before
    return caught.value


def test_unsigned(installed, packs, tmp_path):
    unsigned = zip_of([("content/meta.yaml", b"x")], None)
    r = refused(installed, unsigned, tmp_path)
    assert r.reason == errors.UNSIGNED and r.message.startswith("Pakken er ikke signert.")


def test_signed_with_an_unknown_key(installed, packs, tmp_path):
    stranger = new_key()
    r = refused(installed, write_pack(packs["dir12"], stranger, tmp_path / "fremmed.handbok"), tmp_path)
    assert r.reason == errors.UNKNOWN_KEY and stranger.public.id in r.message
    assert "nøkkel programmet ikke kjenner" in r.message


def test_one_byte_changed_in_a_phone_number(installed, packs, tmp_path):
    data = bytearray(packs["v12"].read_bytes())
    # Stored members make the number's bytes findable; deflated ones are changed where they lie.
    at = data.find(b"content/hjelpeliste.yaml")
    data[at + 200] ^= 0x01
    r = refused(installed, bytes(data), tmp_path)
    assert r.reason == errors.TAMPERED and r.message.startswith("Pakken er endret etter at den ble signert")


def test_every_single_byte_change_is_refused(installed, packs, tmp_path):
    """2,000 random positions and the whole signature record: never accepted, never a crash."""
    original = packs["v12"].read_bytes()
    rng = random.Random(21)
    positions = rng.sample(range(len(original)), 2000) + list(range(len(original) - archive.SIG_LEN - 22, len(original)))
    reasons = {}
    for at in positions:
        data = bytearray(original)
        data[at] ^= 1 << rng.randrange(8)
        with pytest.raises(PackRefused) as caught:
            archive.open_bytes(bytes(data), installed.trusted)
        reasons[caught.value.reason] = reasons.get(caught.value.reason, 0) + 1
    assert set(reasons) <= {errors.TAMPERED, errors.UNKNOWN_KEY, errors.UNSIGNED, errors.TRUNCATED, errors.NOT_A_PACK}
    assert reasons[errors.TAMPERED] > 1900, reasons


def test_older_than_installed(installed, packs, tmp_path):
    r = refused(installed, packs["v105"], tmp_path)
    assert r.reason == errors.ROLLBACK
    assert r.message == ("Pakken har innholdsversjon 1.0.5 (01.12.2026), som er eldre enn innholdet du har "
                         "(1.1.0 (15.01.2027)). Eldre innhold tas ikke i bruk. Ingenting er endret.")


def test_the_same_version_or_the_shipped_one_again(installed, packs, tmp_path):
    assert refused(installed, packs["v11"], tmp_path).reason == errors.SAME_VERSION
    fresh = PackStore(tmp_path / "ny", installed.trusted, SHIPPED)
    assert refused(fresh, packs["v100"], tmp_path).reason == errors.SAME_VERSION


def test_a_pack_for_another_product(installed, packs, key, tmp_path):
    pack = archive.open_pack(packs["v12"], key.trusted)
    manifest = pack.manifest.__class__(**{**pack.manifest.__dict__, "product": "no.annen.kommune.oppslag"})
    other = archive.pack_bytes(manifest, pack.files, key.signing)
    r = refused(installed, other, tmp_path)
    assert r.reason == errors.PRODUCT and "«no.annen.kommune.oppslag»" in r.message


def test_content_that_fails_check_names_file_and_line(installed, key, tmp_path):
    folder = content_version(tmp_path, "1.3.0", "2027-04-01")
    help_list = folder / "hjelpeliste.yaml"
    help_list.write_text(help_list.read_text(encoding="utf-8").replace(KISIF, "1234"), encoding="utf-8")
    with pytest.raises(ContentError) as check:
        load_handbook(folder)
    r = refused(installed, raw_pack(folder, key, "1.3.0", "2027-04-01"), tmp_path)
    assert r.reason == errors.CHECK
    assert r.problems == [str(p) for p in check.value.problems]
    assert r.problems[0].startswith("hjelpeliste.yaml:")
    assert "(versjon 1.3.0) har feil" in r.message


@pytest.mark.parametrize("cut", [1, 21, 22, 23, archive.SIG_LEN, archive.SIG_LEN + 22, 1000, 0.5, 0.99])
def test_a_truncated_file(installed, packs, tmp_path, cut):
    data = packs["v12"].read_bytes()
    keep = int(len(data) * cut) if isinstance(cut, float) else len(data) - cut
    r = refused(installed, data[:keep], tmp_path)
    assert r.reason == errors.TRUNCATED and "ufullstendig" in r.message


def test_an_empty_file_and_a_file_that_is_no_pack(installed, tmp_path):
    assert refused(installed, b"", tmp_path).reason == errors.TRUNCATED
    assert refused(installed, b"%PDF-1.7 not a pack", tmp_path).reason == errors.NOT_A_PACK


# -- hostile archives: signed, so only the limits stand between them and the disk ---------------


GOOD = [("content/meta.yaml", (CONTENT / "meta.yaml").read_bytes())]


@pytest.mark.parametrize("name, entries, kwargs, says", [
    ("traversal", GOOD + [("content/../../etc/x.yaml", b"x")], {}, "går ut av innholdsmappen"),
    ("absolute", GOOD + [("/etc/x.yaml", b"x")], {}, "hører ikke hjemme"),
    ("backslash", GOOD + [("content\\..\\x.yaml", b"x")], {}, "hører ikke hjemme"),
    ("deep", GOOD + [("content/a/b/c.md", b"x")], {}, "dypere enn én mappe"),
    ("suffix", GOOD + [("content/run.exe", b"MZ")], {}, "bare .md- og .yaml-filer"),
    ("outside-content", GOOD + [("README.md", b"x")], {}, "hører ikke hjemme"),
    ("duplicate-case", GOOD + [("content/META.yaml", b"x")], {}, "finnes to ganger"),
    ("symlink", [("content/meta.yaml", b"/etc/passwd")], {"mode": stat.S_IFLNK | 0o777}, "en lenke (symbolsk lenke)"),
    ("fifo", [("content/meta.yaml", b"")], {"mode": stat.S_IFIFO | 0o644}, "ikke en vanlig fil"),
    ("encrypted", GOOD, {"flag_bits": 0x1}, "kryptert"),
    ("bzip2", GOOD, {"method": zipfile.ZIP_BZIP2}, "pakket på en måte"),
    ("big-member", [("content/meta.yaml", b"a" * (600 * 1024))], {}, "større enn grensen på 512 KB"),
    ("over-total", [(f"content/plan/{i:02d}.md", b"b" * (500 * 1024)) for i in range(9)], {}, "til sammen over grensen på 4 MB"),
    ("members", [(f"content/plan/{i:04d}.md", b"c") for i in range(archive.MAX_MEMBERS + 1)], {}, "flere enn grensen"),
])
def test_hostile_archives_are_refused_by_the_limits(installed, key, tmp_path, name, entries, kwargs, says):
    r = refused(installed, zip_of(entries, key, **kwargs), tmp_path)
    assert r.reason == errors.INVALID, r.message
    assert says in r.message


def test_a_zip_bomb_that_lies_about_its_size_is_never_inflated(installed, key, tmp_path):
    """A member that declares 100 bytes but inflates to 256 MB is read no further than 100 bytes."""
    import resource
    import zlib

    squeeze = zlib.compressobj(9, zlib.DEFLATED, -15)
    bomb = b"".join(squeeze.compress(b"\0" * (1 << 20)) for _ in range(256)) + squeeze.flush()
    archive_bytes = handmade_zip([
        (archive.MANIFEST, (CONTENT / "meta.yaml").read_bytes(), zipfile.ZIP_STORED, None),
        ("content/meta.yaml", bomb, zipfile.ZIP_DEFLATED, b"\0" * 100),
    ])
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    r = refused(installed, archive.seal(archive_bytes, key.signing), tmp_path)
    assert r.reason in (errors.INVALID, errors.TAMPERED)
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak < 128 * 1024  # KiB: half of what inflating it would take


def handmade_zip(members) -> bytes:
    """A zip written byte by byte: (name, stored data, method, what it claims to hold or None)."""
    import zlib

    local, central = bytearray(), bytearray()
    for name, data, method, claims in members:
        plain = data if claims is None else claims
        crc, size = zlib.crc32(plain), len(plain)
        offset = len(local)
        raw = name.encode()
        local += struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", 20, 0, method, 0, 0x21, crc, len(data), size, len(raw), 0)
        local += raw + data
        central += struct.pack("<4sHHHHHHIIIHHHHHII", b"PK\x01\x02", 0x314, 20, 0, method, 0, 0x21, crc, len(data),
                               size, len(raw), 0, 0, 0, 0, (stat.S_IFREG | 0o644) << 16, offset)
        central += raw
    end = struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, len(members), len(members), len(central), len(local), 0)
    return bytes(local + central + end)


def test_an_unsigned_hostile_archive_is_refused_before_it_is_opened(installed, tmp_path):
    r = refused(installed, zip_of(GOOD + [("content/../../x.yaml", b"x")], None), tmp_path)
    assert r.reason == errors.UNSIGNED


def test_a_file_over_the_pack_size_limit_is_not_read(installed, tmp_path):
    big = tmp_path / "stor.handbok"
    with open(big, "wb") as fh:
        fh.truncate(archive.MAX_PACK_BYTES + 1)
    r = refused(installed, big, tmp_path)
    assert r.reason == errors.TOO_LARGE


# -- two imports --------------------------------------------------------------------------


def test_two_imports_prepared_at_once_the_older_loses_at_the_switch(tmp_path, key, packs):
    store = store_for(tmp_path / "innhold", key)
    first = store.prepare(archive.open_pack(packs["v11"], key.trusted))
    second = store.prepare(archive.open_pack(packs["v12"], key.trusted))
    store.commit(second)
    with pytest.raises(PackRefused) as caught:
        store.commit(first)
    assert caught.value.reason == errors.ROLLBACK
    assert store.current().manifest.content_version == "1.2.0"
    assert sorted(p.name for p in store.root.iterdir()) == sorted([".lock", "current.json", store.state().current])


def test_sweep_removes_what_a_dead_import_left_and_keeps_a_live_one(tmp_path, key, packs, installed):
    live = installed.prepare(archive.open_pack(packs["v12"], key.trusted))
    dead = installed.root / ".new-deadbeef"
    (dead / "content").mkdir(parents=True)
    (dead / ".preparing").write_text("")  # its process is gone: nobody holds the lock
    orphan = installed.root / "1.2.0-0badf00d"  # renamed, then killed before the pointer named it
    (orphan / "content").mkdir(parents=True)
    installed.sweep()
    assert live.folder.exists() and not dead.exists() and not orphan.exists()
    installed.commit(live)
    assert installed.current().manifest.content_version == "1.2.0"
