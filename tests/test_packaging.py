"""The packaged app: built from a clean clone, then run the way staff and IT run it.

The tests marked ``packaging`` build the bundle once (PyInstaller, about a
minute on two cores) and are skipped locally with ``pytest -m "not packaging"``.
The build runs in a ``git clone`` of this repository, so the bundle holds
exactly what is committed, as a release would: uncommitted edits are not in it
(commit first). Without a git repository the working tree is copied instead.

The unmarked tests at the end are fast checks of the build configuration
against the code (Qt modules the app imports, the .desktop file, the icons).
"""

from __future__ import annotations

import ast
import hashlib
import json
import os
import re
import shutil
import stat
import struct
import subprocess
import sys
import tarfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "build"))
import bundle_rules  # noqa: E402 - build/ holds the rules the spec applies

IS_LINUX = sys.platform.startswith("linux")
MB = 1_000_000
MAX_FOLDER = 110 * MB
MAX_ARCHIVE = 45 * MB

# stderr lines a healthy frozen run may print, each with the reason it is harmless.
# Everything else on stderr fails the test.
ALLOWED_STDERR: list[tuple[str, str]] = [
    # Qt's note when the machine has no XDG_RUNTIME_DIR (CI containers; a desktop session has one).
    (r"^QStandardPaths: XDG_RUNTIME_DIR not set, defaulting to ", "no desktop session in CI"),
    (r"^QStandardPaths: runtime directory '.*' is not owned by UID ", "CI runs as root in a container"),
]


@dataclass
class Build:
    bundle: Path
    archive: Path
    source: Path
    log: str

    @property
    def exe(self) -> Path:
        return self.bundle / "handbook"


def _source_tree(dest: Path) -> Path:
    """The committed tree in a fresh clone (or a copy of the working tree without git)."""
    if (ROOT / ".git").exists() and shutil.which("git"):
        subprocess.run(["git", "clone", "--quiet", str(ROOT), str(dest)], check=True)
    else:
        shutil.copytree(ROOT, dest, ignore=shutil.ignore_patterns(".venv", "dist", ".git", "__pycache__", "*.egg-info"))
    return dest


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Build:
    if not IS_LINUX:
        pytest.skip("the bundle is built and run on Linux here; see docs/packaging.md for Windows and macOS")
    work = tmp_path_factory.mktemp("packaging")
    source = _source_tree(work / "src")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HANDBOOK_", "PYTHON"))}
    # The build environment comes from build/requirements.lock (hash-checked); it is kept in this
    # checkout's .cache/ and reused while the lock and the Python are the same.
    result = subprocess.run([sys.executable, "build/build.py", "--dist", str(work / "dist"),
                             "--env-dir", str(ROOT / ".cache" / "build-env")], cwd=source, env=env,
                            capture_output=True, text=True, timeout=1800)
    log = result.stdout + result.stderr
    assert result.returncode == 0, f"build failed:\n{log[-6000:]}"
    archives = list((work / "dist").glob("handbook-*-linux-*.tar.gz"))
    assert len(archives) == 1, log[-3000:]
    print(next(line for line in log.splitlines() if line.startswith("==> built in")))
    return Build(work / "dist" / "handbook", archives[0], source, log)


def _env(tmp: Path, **extra: str) -> dict[str, str]:
    """A user's environment: own home, empty cache, UTF-8 locale, no display (offscreen)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HANDBOOK_", "PYTHON", "QT_", "LC_"))}
    home = tmp / "home"
    home.mkdir(exist_ok=True)
    env.update(HOME=str(home), XDG_CONFIG_HOME=str(home / ".config"), XDG_CACHE_HOME=str(home / ".cache"),
               LANG="C.UTF-8", LC_ALL="C.UTF-8", QT_QPA_PLATFORM="offscreen",
               HANDBOOK_CACHE_DIR=str(tmp / "cache"))
    env.pop("DISPLAY", None)
    env.pop("WAYLAND_DISPLAY", None)
    env.update(extra)
    return env


READ_ONLY_MOUNT = 'mount --bind -o ro "$1" "$1" && shift && exec "$@"'


@lru_cache(maxsize=None)
def _unshare_works(*flags: str) -> bool:
    """Whether this user may use these unshare namespaces (-n: no network; -m: a read-only mount)."""
    if not shutil.which("unshare"):
        return False
    probe = ["sh", "-c", READ_ONLY_MOUNT, "sh", str(ROOT), "true"] if "-m" in flags else ["true"]
    return subprocess.run(["unshare", *flags, *probe], capture_output=True).returncode == 0


def run_frozen(bundle: Path, args: list[str], env: dict[str, str], *, read_only=False, offline=False):
    """Run the frozen executable; read_only mounts its folder read-only, offline removes the network.

    Root ignores permission bits, so for root a read-only bind mount in a
    private mount namespace makes the folder really unwritable. Where root may
    not unshare (a container without CAP_SYS_ADMIN), the callers' before/after
    digest of the folder is the remaining proof that nothing was written.
    """
    cmd = [str(bundle / "handbook"), *args]
    if read_only and os.geteuid() == 0 and _unshare_works("-m"):
        cmd = ["unshare", "-m", "sh", "-c", READ_ONLY_MOUNT, "sh", str(bundle), *cmd]
    if offline:
        cmd = ["unshare", "-n", *cmd]
    return subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120)


def unexpected_stderr(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines()
            if line.strip() and not any(re.search(pattern, line) for pattern, _ in ALLOWED_STDERR)]


def tree_digest(folder: Path) -> dict[str, str]:
    """Path → content hash (or link target) of everything in folder, to prove nothing was written."""
    out = {}
    for path in sorted(folder.rglob("*")):
        rel = str(path.relative_to(folder))
        if path.is_symlink():
            out[rel] = "->" + os.readlink(path)
        elif path.is_file():
            out[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
        else:
            out[rel] = "dir"
    return out


@pytest.fixture
def read_only_copy(built, tmp_path) -> Path:
    """A copy of the bundle that nobody may write to, as when installed in /opt."""
    copy = tmp_path / "opt" / "handbook"
    shutil.copytree(built.bundle, copy, symlinks=True)
    for path in [copy, *copy.rglob("*")]:
        if not path.is_symlink():
            path.chmod(path.stat().st_mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
    yield copy
    for path in [copy, *copy.rglob("*")]:
        if not path.is_symlink():
            path.chmod(path.stat().st_mode | stat.S_IWUSR)


def search(bundle: Path, query: str, env, **kwargs) -> list[dict]:
    result = run_frozen(bundle, ["search", query, "--json", "--limit", "5"], env, **kwargs)
    assert result.returncode == 0, result.stderr
    assert unexpected_stderr(result.stderr) == []
    return json.loads(result.stdout)["hits"]


# --- the build ------------------------------------------------------------------------------------


@pytest.mark.packaging
def test_bundle_holds_executable_content_index_and_icons(built):
    internal = built.bundle / "_internal"
    assert os.access(built.exe, os.X_OK)
    assert (internal / "content" / "meta.yaml").is_file()
    assert (internal / "index" / "handbook-index.json").is_file()
    assert (internal / "resources" / "icons" / "handbok-256.png").is_file()
    assert (internal / "resources" / "handbok.desktop").is_file()
    assert (internal / "resources" / "translations" / "qtbase_nb.qm").is_file()  # Qt's dialogs in bokmål
    assert os.access(built.bundle / "install-linux.sh", os.X_OK)
    shipped = sorted(p.relative_to(internal / "content") for p in (internal / "content").rglob("*") if p.is_file())
    committed = sorted(p.relative_to(built.source / "content") for p in (built.source / "content").rglob("*")
                       if p.is_file() and not any(part.startswith(".") or part == "__pycache__" for part in p.parts))
    assert shipped == committed


@pytest.mark.packaging
def test_the_bundle_was_built_from_the_lock_and_holds_its_versions(built, tmp_path):
    """build.py installed build/requirements.lock with hash checking; the frozen app runs those libraries."""
    assert "pip install --require-hashes -r requirements.lock" in built.log or "(from requirements.lock, reused)" in built.log
    assert re.search(r"^==> Python \S+ at .*; \d+ locked packages checked$", built.log, re.M), built.log[-3000:]
    import build as build_script  # build/build.py

    pins = build_script.locked_pins(built.source / "build" / "requirements.lock")
    result = run_frozen(built.bundle, ["--smoke-test"], _env(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"PySide6 {pins['pyside6-essentials']})" in result.stdout
    assert f"Qt {pins['pyside6-essentials']}," in result.stdout


@pytest.mark.packaging
def test_check_bundle_passes_as_in_the_release_pipeline(built):
    """build/check_bundle.py: --version, --smoke-test and a search from the shipped index, as CI runs them."""
    import check_bundle

    assert check_bundle.check(built.bundle.parent) == []


@pytest.mark.packaging
def test_archive_unpacks_to_one_folder_that_only_its_owner_can_change(built):
    with tarfile.open(built.archive) as tar:
        members = tar.getmembers()
    names = {m.name for m in members}
    assert all(name == "handbook" or name.startswith("handbook/") for name in names)
    exe = next(m for m in members if m.name == "handbook/handbook")
    assert exe.mode & 0o111
    assert [m.name for m in members if m.mode & 0o022] == []


@pytest.mark.packaging
def test_size_within_budget_and_unused_qt_parts_left_out(built):
    files = [p for p in built.bundle.rglob("*") if p.is_file() and not p.is_symlink()]
    folder = sum(p.stat().st_size for p in files)
    archive = built.archive.stat().st_size
    print(f"folder {folder / MB:.1f} MB, archive {archive / MB:.1f} MB")
    assert folder <= MAX_FOLDER, f"folder is {folder / MB:.1f} MB"
    assert archive <= MAX_ARCHIVE, f"archive is {archive / MB:.1f} MB"
    internal = built.bundle / "_internal"
    shipped = [str(p.relative_to(internal)) for p in files if internal in p.parents]
    assert [name for name in shipped if not bundle_rules.bundled(name)] == []
    plugin_folders = {p.parent.name for p in built.bundle.rglob("plugins/*/*")}
    assert plugin_folders <= set(bundle_rules.KEEP_PLUGINS), plugin_folders
    assert {"platforms", "printsupport"} <= plugin_folders


def _is_elf(path: Path) -> bool:
    with path.open("rb") as fh:
        return fh.read(4) == b"\x7fELF"


@pytest.mark.packaging
def test_every_shared_library_resolves(built):
    """Catches a library dropped by the rules that a kept plugin still needs.

    A dependency may only be missing when the build machine lacks it too:
    then PyInstaller could not bundle it, and build.py warned about it.
    """
    internal = built.bundle / "_internal"
    env = dict(os.environ, LD_LIBRARY_PATH=str(internal))  # what PyInstaller's bootloader sets
    elves = [p for p in internal.rglob("*") if p.is_file() and not p.is_symlink() and _is_elf(p)]
    assert len(elves) > 20
    missing = set()
    for elf in elves:
        out = subprocess.run(["ldd", str(elf)], env=env, capture_output=True, text=True).stdout
        missing |= {line.split()[0] for line in out.splitlines() if "not found" in line}
    on_machine = subprocess.run(["ldconfig", "-p"], capture_output=True, text=True).stdout
    assert [lib for lib in sorted(missing) if f"{lib} " in on_machine] == []
    for lib in missing:
        assert lib in built.log, f"{lib} is missing but build.py did not warn about it"


@pytest.mark.packaging
def test_every_component_in_the_bundle_has_its_licence_text_in_the_licence_folder(built, tmp_path):
    """Found from the bundle itself (tests/bundle_scan.py, run with the build environment's Python): every
    distribution whose modules or files are in it, and every native library, has its text in
    _internal/licenses/ and a line in the summary. A new dependency without a text fails here."""
    from handbook import licenses

    python = re.search(r"^==> Python \S+ at (\S+); ", built.log, re.M).group(1)
    scan = subprocess.run([python, str(ROOT / "tests" / "bundle_scan.py"), str(built.bundle)],
                          capture_output=True, text=True, check=True)
    found = json.loads(scan.stdout)
    folder = built.bundle / "_internal" / licenses.FOLDER
    listed = {licenses.canonical(c.name): c for c in licenses.read_folder(folder)}
    assert {"pyside6-essentials", "shiboken6", "markdown", "whoosh-reloaded", "pyyaml", "phonenumbers",
            "platformdirs"} <= set(found["distributions"])
    for key, dist in found["distributions"].items():
        assert key in listed, f"{dist['name']} is in the bundle ({dist['evidence']}) but has no licence entry"
        assert listed[key].version == dist["version"]
    for component in listed.values():
        assert component.texts, component.name
        for rel in component.paths():
            assert (folder / rel).stat().st_size > 100, rel  # a real text, not an empty file
    # PyInstaller's bootloader is the executable; Python and Qt come with every bundle.
    assert {"pyinstaller", "python", "qt"} <= set(listed)
    assert "PYTHON SOFTWARE FOUNDATION LICENSE VERSION 2" in listed["python"].texts[0].text
    assert any("GNU LESSER GENERAL PUBLIC LICENSE" in t.text for t in listed["qt"].texts)
    # Every native library outside the distributions and Python is accounted for by a component.
    internal = built.bundle / "_internal"
    covered = {name for c in listed.values() for name in c.covers}
    owned = set(found["owned_files"])
    native = [p.relative_to(internal).as_posix() for p in internal.rglob("*.so*")
              if p.is_file() and not p.is_symlink() and "lib-dynload" not in p.parts
              and not p.name.startswith("libpython")]
    assert [name for name in native if name not in owned and name not in covered] == []
    # The LGPL note names this bundle's Qt libraries, and they are there.
    qt_files = listed["qt"].covers
    assert any("libQt6Core" in name for name in qt_files)
    assert all((built.bundle / name).is_file() for name in qt_files)
    note = next(t.text for t in listed["qt"].texts if t.name == licenses.QT_NOTE)
    assert all(name in note for name in qt_files)
    # The summary lists every component with its version and where its texts are.
    summary = (folder / licenses.SUMMARY).read_text(encoding="utf-8")
    for component in listed.values():
        assert any(line.startswith(component.name + " ") and component.version in line and component.paths()[0] in line
                   for line in summary.splitlines()), component.name
    # The frozen program reads the same folder («Om» → «Lisenser» in its smoke test).
    smoke = run_frozen(built.bundle, ["--smoke-test"], _env(tmp_path))
    assert f"licences: {len(listed)} components, from the bundle" in smoke.stdout, smoke.stdout + smoke.stderr
    print(f"licences: {len(listed)} components, {sum(1 for p in folder.rglob('*') if p.is_file())} files, "
          f"{sum(p.stat().st_size for p in folder.rglob('*') if p.is_file()) / 1000:.0f} kB")


@pytest.mark.packaging
def test_the_archive_carries_the_licence_folder(built):
    with tarfile.open(built.archive) as tar:
        names = set(tar.getnames())
    assert "handbook/_internal/licenses/OVERSIKT.txt" in names
    assert "handbook/_internal/licenses/licenses.json" in names
    assert any(n.startswith("handbook/_internal/licenses/Qt-") and n.endswith("/LGPL-3.0.txt") for n in names)


# --- the frozen app -------------------------------------------------------------------------------


@pytest.mark.packaging
def test_smoke_test_from_read_only_folder_writes_nothing_there(built, read_only_copy, tmp_path):
    before = tree_digest(read_only_copy)
    env = _env(tmp_path)
    result = run_frozen(read_only_copy, ["--smoke-test"], env, read_only=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "smoke test OK" in result.stdout
    assert unexpected_stderr(result.stderr) == []
    assert tree_digest(read_only_copy) == before
    cache = Path(env["HANDBOOK_CACHE_DIR"])
    assert not cache.exists() or list(cache.rglob("*")) == [], "the shipped index was rebuilt"


@pytest.mark.packaging
def test_frozen_search_uses_the_shipped_index(built, read_only_copy, tmp_path):
    env = _env(tmp_path)
    hits = search(read_only_copy, "krisesenter", env, read_only=True)
    assert hits and any("krise" in (h["title"] + h["text"]).lower() for h in hits[:3])
    # Norwegian stemming and the Whoosh modules loaded by name work frozen: same ranking as from source.
    for query in ("krisesenter", "meldeplikt barnevernet", "slått"):
        frozen = [h["id"] for h in search(read_only_copy, query, env, read_only=True)]
        source = subprocess.run([sys.executable, "-m", "handbook", "search", query, "--json", "--limit", "5"],
                                cwd=built.source, env=_env(tmp_path, HANDBOOK_CACHE_DIR=str(tmp_path / "src-cache")),
                                capture_output=True, text=True, check=True)
        assert frozen == [h["id"] for h in json.loads(source.stdout)["hits"]], query
    cache = Path(env["HANDBOOK_CACHE_DIR"])
    assert not cache.exists() or list(cache.rglob("*")) == [], "the shipped index was rebuilt"


@pytest.mark.packaging
def test_frozen_app_works_without_network(built, tmp_path):
    if not _unshare_works("-n"):
        pytest.skip("unshare -n is not permitted here (needs root or user namespaces)")
    env = _env(tmp_path)
    result = run_frozen(built.bundle, ["--smoke-test"], env, offline=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert unexpected_stderr(result.stderr) == []
    assert search(built.bundle, "krisesenter", env, offline=True)


@pytest.fixture
def x_display():
    """A private Xvfb display, as a desktop session would offer."""
    if not shutil.which("Xvfb"):
        pytest.skip("Xvfb is not installed")
    read, write = os.pipe()
    server = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
                              pass_fds=(write,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write)
    with os.fdopen(read) as pipe:
        number = pipe.readline().strip()  # Xvfb writes its display number once it accepts clients
    assert number, "Xvfb did not start"
    yield f":{number}"
    server.terminate()
    server.wait(timeout=10)


@pytest.mark.packaging
def test_frozen_app_opens_its_window_on_x11_in_a_wayland_session(built, tmp_path, x_display):
    """The bundled xcb plugin and its libraries load, and the missing Wayland plugin goes unmentioned."""
    import PySide6

    xcb = Path(PySide6.__file__).parent / "Qt" / "plugins" / "platforms" / "libqxcb.so"
    out = subprocess.run(["ldd", str(xcb)], capture_output=True, text=True).stdout
    lacking = [line.split()[0] for line in out.splitlines() if "not found" in line]
    if lacking:
        pytest.skip(f"this machine lacks {', '.join(lacking)}: Qt's X11 plugin cannot load here, frozen or not")
    env = _env(tmp_path, DISPLAY=x_display, XDG_SESSION_TYPE="wayland")
    del env["QT_QPA_PLATFORM"]
    result = run_frozen(built.bundle, ["--smoke-test"], env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert unexpected_stderr(result.stderr) == []


@pytest.mark.packaging
def test_frozen_app_rebuilds_a_stale_index_into_the_cache_not_its_folder(built, read_only_copy, tmp_path):
    """With other content (--content), the shipped index does not fit: the rebuild goes to the cache."""
    content = tmp_path / "content"
    shutil.copytree(built.source / "content", content)
    meta = content / "meta.yaml"
    meta.write_text(meta.read_text(encoding="utf-8") + "\n# lokal kopi\n", encoding="utf-8")
    page = next((content / "plan").glob("*.md"))
    page.write_text(page.read_text(encoding="utf-8") + "\n\nEt ekstra avsnitt om sjøsprøyt.\n", encoding="utf-8")
    env = _env(tmp_path)
    before = tree_digest(read_only_copy)
    hits = search(read_only_copy, "sjøsprøyt", env | {"HANDBOOK_CONTENT": str(content)}, read_only=True)
    assert hits
    assert tree_digest(read_only_copy) == before
    assert list(Path(env["HANDBOOK_CACHE_DIR"]).rglob("*")), "the index for other content was not cached"


READ_ONLY_MOUNTS = 'for d in "$1" "$2"; do mount --bind -o ro "$d" "$d" || exit 1; done; shift 2; exec "$@"'


@pytest.mark.packaging
def test_frozen_app_imports_a_signed_pack_from_a_read_only_folder_without_network(built, tmp_path):
    """IT puts the coordinator's public key into the installed program's resources/keys; the frozen
    program (PyNaCl bundled) then imports a pack from a read-only USB stick or share, offline, and the
    next start shows it. A pack changed by one byte is refused, and nothing is written to either folder."""
    if not (os.geteuid() == 0 and _unshare_works("-m") and _unshare_works("-n")):
        pytest.skip("needs root's unshare -m (read-only bind mounts) and unshare -n")
    sys.path.insert(0, str(ROOT / "tests"))
    from packs_helpers import NEW_KISIF, content_version, new_key, write_pack

    key = new_key()
    bundle = tmp_path / "opt" / "handbook"
    shutil.copytree(built.bundle, bundle, symlinks=True)
    (bundle / "_internal" / "resources" / "keys" / "koordinator.pub").write_text(key.public.line() + "\n")
    stick = tmp_path / "minnepinne"
    stick.mkdir()
    write_pack(content_version(tmp_path, "1.1.0", "2027-01-15", kisif=NEW_KISIF), key, stick / "innhold-1.1.0.handbok")
    data = bytearray((stick / "innhold-1.1.0.handbok").read_bytes())
    data[len(data) // 3] ^= 1
    (stick / "endret.handbok").write_bytes(bytes(data))
    before = tree_digest(bundle), tree_digest(stick)
    env = _env(tmp_path)

    def frozen(*args):
        cmd = ["unshare", "-n", "unshare", "-m", "sh", "-c", READ_ONLY_MOUNTS, "sh", str(bundle), str(stick),
               str(bundle / "handbook"), *args]
        return subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=180)

    refused = frozen("pack", "install", str(stick / "endret.handbok"), "--yes")
    assert refused.returncode == 1 and "Pakken er endret etter at den ble signert" in refused.stderr, refused.stderr
    verified = frozen("pack", "verify", str(stick / "innhold-1.1.0.handbok"))
    assert verified.returncode == 0 and verified.stdout.startswith("OK: innhold-1.1.0.handbok"), verified.stderr
    installed = frozen("pack", "install", str(stick / "innhold-1.1.0.handbok"), "--yes")
    assert installed.returncode == 0, installed.stdout + installed.stderr
    assert "Nummer endret: 64 97 23 00 → 64 97 23 99 (telefon)." in installed.stdout
    assert "Tatt i bruk: innholdsversjon 1.1.0 (15.01.2027)." in installed.stdout
    assert unexpected_stderr(installed.stderr) == []
    smoke = frozen("--smoke-test")
    assert smoke.returncode == 0, smoke.stdout + smoke.stderr
    assert ", content 1.1.0 (" in smoke.stdout  # the next start shows the pack
    assert unexpected_stderr(smoke.stderr) == []
    assert (tree_digest(bundle), tree_digest(stick)) == before
    installed_dir = Path(env["HOME"]) / ".local" / "share" / "handbok" / "innhold"
    assert (installed_dir / "current.json").is_file()


@pytest.mark.packaging
def test_linux_install_script_installs_menu_entry_and_icons_per_user(built, tmp_path):
    with tarfile.open(built.archive) as tar:
        tar.extractall(tmp_path / "unpacked", filter="tar")
    env = _env(tmp_path)
    env.pop("XDG_DATA_HOME", None)
    home = Path(env["HOME"])
    script = tmp_path / "unpacked" / "handbook" / "install-linux.sh"
    installed = subprocess.run([str(script), "--user"], env=env, capture_output=True, text=True)
    assert installed.returncode == 0 and installed.stderr == "", installed.stderr
    desktop = home / ".local/share/applications/handbok.desktop"
    app_dir = home / ".local/share/handbok"
    assert f"Exec={app_dir}/handbook" in desktop.read_text(encoding="utf-8").splitlines()
    for size in (16, 48, 256):
        assert (home / f".local/share/icons/hicolor/{size}x{size}/apps/handbok.png").is_file()
    launcher = home / ".local/bin/handbok"
    result = subprocess.run([str(launcher), "--version"], env=env, capture_output=True, text=True)
    assert result.stdout.strip() == f"handbook {bundle_rules.app_version(built.source)}"
    assert unexpected_stderr(result.stderr) == []
    removed = subprocess.run([str(app_dir / "install-linux.sh"), "--user", "--uninstall"], env=env,
                             capture_output=True, text=True)
    assert removed.returncode == 0 and removed.stderr == "", removed.stderr
    assert not desktop.exists() and not app_dir.exists() and not launcher.exists()


# --- the build configuration against the code (fast, not marked) ----------------------------------


def _imported_modules() -> set[str]:
    names = set()
    for path in (ROOT / "handbook").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names |= {alias.name for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module)
                names |= {f"{node.module}.{alias.name}" for alias in node.names}
    return names


def test_the_bundle_excludes_nothing_the_app_imports():
    imported = _imported_modules()
    excluded = set(bundle_rules.EXCLUDES)
    clashes = {name for name in imported
               if any(name == ex or name.startswith(ex + ".") for ex in excluded)}
    assert clashes == set()
    assert "PySide6.QtWidgets" in imported  # the scan sees the app's Qt imports


@pytest.mark.parametrize("dest, ships", [
    ("PySide6/Qt/plugins/platforms/libqxcb.so", True),
    ("PySide6/Qt/plugins/platforms/libqwayland.so", False),
    ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", False),
    ("PySide6/Qt/plugins/tls/libqopensslbackend.so", False),
    ("PySide6/Qt/lib/libQt6Core.so.6", True),
    ("PySide6/Qt/lib/libQt6Network.so.6", False),
    ("PySide6/Qt/translations/qtbase_de.qm", False),
    ("libstdc++.so.6", False),
    ("libxcb-cursor.so.0", True),
    ("PySide6/plugins/platforms/qwindows.dll", True),  # Windows layout
    ("PySide6/plugins/styles/qmodernwindowsstyle.dll", True),
    ("PySide6/Qt6Network.dll", False),
    ("PySide6/Qt6Widgets.dll", True),
    ("PySide6/opengl32sw.dll", False),
    ("PySide6/plugins/printsupport/windowsprintersupport.dll", True),
    ("PySide6/Qt/plugins/platforms/libqcocoa.dylib", True),  # macOS layout
    ("PySide6/Qt/lib/QtNetwork.framework/Versions/A/QtNetwork", False),
    ("PySide6/Qt/lib/QtGui.framework/Versions/A/QtGui", True),
])
def test_bundle_rules_on_every_platform(dest, ships):
    assert bundle_rules.bundled(dest) is ships


def test_desktop_file_matches_the_app_and_the_installer():
    from handbook import paths

    entries = dict(line.split("=", 1) for line in (ROOT / f"resources/{paths.APP_NAME}.desktop").read_text(
        encoding="utf-8").splitlines() if "=" in line)
    assert entries["Type"] == "Application" and entries["Terminal"] == "false"
    assert entries["StartupWMClass"] == paths.APP_NAME  # Qt's X11 WM_CLASS is the application name
    assert "vold" not in entries["Name"] + entries["GenericName"] + entries["Comment"]  # shown in menus
    assert (ROOT / "resources/icons" / f"{entries['Icon']}-48.png").is_file()
    installer = (ROOT / "build/install-linux.sh").read_text(encoding="utf-8")
    app_id = re.search(r"^ID=(\S+)", installer, re.M).group(1)
    assert entries["Exec"] == f"/opt/{app_id}/handbook" and entries["Icon"] == app_id
    if shutil.which("desktop-file-validate"):
        result = subprocess.run(["desktop-file-validate", str(ROOT / f"resources/{paths.APP_NAME}.desktop")],
                                capture_output=True, text=True)
        assert result.stdout + result.stderr == ""


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_icons_hold_every_size():
    import make_icons

    icons = ROOT / "resources" / "icons"
    for size in make_icons.PNG_SIZES:
        assert _png_size((icons / f"handbok-{size}.png").read_bytes()) == (size, size)
    ico = (icons / "handbok.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", ico[:6])
    assert (reserved, kind, count) == (0, 1, len(make_icons.ICO_SIZES))
    sizes = []
    for i in range(count):
        w, h, _, _, _, _, length, offset = struct.unpack("<BBBBHHII", ico[6 + 16 * i: 22 + 16 * i])
        sizes.append(_png_size(ico[offset:offset + length])[0])
        assert (w or 256) == sizes[-1]
    assert sizes == list(make_icons.ICO_SIZES)
    icns = (icons / "handbok.icns").read_bytes()
    assert icns[:4] == b"icns" and struct.unpack(">I", icns[4:8])[0] == len(icns)


def test_app_icon_offers_every_size(qapp):
    """The running window shows the same icon as the menu entry and the .exe (title bar, task bar)."""
    import make_icons
    from PySide6.QtCore import QSize

    from handbook.app import app_icon

    icon = app_icon()
    assert sorted(size.width() for size in icon.availableSizes()) == [s for s in make_icons.PNG_SIZES if s <= 256]
    assert not icon.pixmap(QSize(32, 32)).isNull()
