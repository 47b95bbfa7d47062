"""Build the packaged app: ``python build/build.py`` is the one command.

First the build environment: a virtual environment made from
``build/requirements.lock`` with ``pip install --require-hashes`` (exact versions,
every file checked against its hash), kept in ``.cache/build-env/`` and reused while
the lock and the Python are the same; the build then runs inside it. So the
executable built next month holds the libraries tested today. ``--env current``
builds with the running Python instead, after checking that every locked package is
installed there at its locked version (CI installs the lock itself, then uses this).

Steps: build the search index from ``content/`` (``handbook index --out``), run
PyInstaller with ``build/handbook.spec`` into ``dist/handbook/``, check that
the frozen app loads its content, then write the archive
(``dist/handbook-<version>-<os>-<arch>.tar.gz``, ``.zip`` on Windows and macOS)
and print the sizes and the build time.

PyInstaller's work files go to a temporary folder (or ``--workpath``), never
into ``build/``: this folder holds only tracked configuration.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import platform
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import venv
import zipfile
from pathlib import Path

import bundle_rules

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "build" / "handbook.spec"
LOCK = ROOT / "build" / "requirements.lock"
APP = bundle_rules.APP_NAME
INSIDE_LOCKED_ENV = "HANDBOOK_BUILD_LOCKED_ENV"


def locked_pins(lock: Path, environment: dict[str, str] | None = None) -> dict[str, str]:
    """Package name → version that ``lock`` pins for this Python and OS (or for ``environment``'s markers)."""
    from packaging.markers import Marker
    from packaging.utils import canonicalize_name

    pins = {}
    for line in lock.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line[0] in " \t#-":
            continue
        requirement, _, marker = line.rstrip(" \\").partition(";")
        name, sep, version = requirement.strip().partition("==")
        if not sep:
            raise SystemExit(f"{lock.name}: not an exact pin: {line!r}")
        if marker.strip() and not Marker(marker.strip()).evaluate(environment):
            continue
        pins[canonicalize_name(name)] = version.strip()
    return pins


def environment_problems(lock: Path) -> list[str]:
    """What in the running Python differs from the lock (missing packages, other versions)."""
    from importlib import metadata

    from packaging.utils import canonicalize_name

    installed = {canonicalize_name(d.metadata["Name"]): d.version for d in metadata.distributions()}
    problems = []
    for name, version in sorted(locked_pins(lock).items()):
        have = installed.get(name)
        if have != version:
            problems.append(f"{name}: locked {version}, installed {have or 'nothing'}")
    return problems


def env_python(env: Path) -> Path:
    return env / ("Scripts/python.exe" if sys.platform == "win32" else "bin/python")


def locked_env(env_dir: Path, lock: Path) -> Path:
    """A virtual environment holding exactly the lock (hash-checked); made once per lock and Python."""
    digest = hashlib.sha256(lock.read_bytes() + sys.version.encode() + platform_tag().encode()).hexdigest()[:12]
    env = env_dir / f"py{sys.version_info.major}{sys.version_info.minor}-{digest}"
    done = env / "installed-from-lock"
    if done.is_file():
        print(f"==> build environment {env} (from {lock.name}, reused)", flush=True)
        return env_python(env)
    shutil.rmtree(env, ignore_errors=True)
    print(f"==> build environment {env}: pip install --require-hashes -r {lock.name}", flush=True)
    venv.create(env, with_pip=True, clear=True)
    cmd = [str(env_python(env)), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
           "--require-hashes", "--only-binary", ":all:", "--requirement", str(lock)]
    result = subprocess.run(cmd)
    if result.returncode != 0:
        raise SystemExit(f"installing {lock} with hash checking failed (exit {result.returncode})")
    done.write_text(lock.read_text(encoding="utf-8"), encoding="utf-8")
    return env_python(env)


def platform_tag() -> str:
    """linux-x86_64, windows-x64, macos-arm64 …: the archive's name says what it runs on."""
    system = {"win32": "windows", "darwin": "macos"}.get(sys.platform, sys.platform.rstrip("0123456789"))
    machine = platform.machine().lower()
    machine = {"amd64": "x64", "x86_64": "x86_64" if system == "linux" else "x64", "aarch64": "arm64"}.get(machine, machine)
    return f"{system}-{machine}"


def folder_size(path: Path) -> int:
    return sum(p.lstat().st_size for p in path.rglob("*") if p.is_file() or p.is_symlink())


def run(cmd: list[str], env: dict[str, str], what: str) -> None:
    print(f"==> {what}", flush=True)
    result = subprocess.run(cmd, cwd=ROOT, env=env)
    if result.returncode != 0:
        raise SystemExit(f"{what} failed (exit {result.returncode}): {' '.join(cmd)}")


def build_index(out: Path, env: dict[str, str]) -> None:
    """The index ships prebuilt, so the first search on a laptop needs no indexing."""
    cmd = [sys.executable, "-m", "handbook", "--content", str(ROOT / "content"), "index", "--out", str(out)]
    run(cmd, env, "search index")
    if not out.is_dir() or not any(out.iterdir()):
        raise SystemExit(f"`handbook index` wrote nothing to {out}")


def pyinstaller(dist: Path, work: Path, env: dict[str, str]) -> Path:
    cmd = [sys.executable, "-m", "PyInstaller", str(SPEC), "--noconfirm", "--clean", "--log-level", "WARN",
           "--distpath", str(dist), "--workpath", str(work)]
    run(cmd, env, "PyInstaller")
    bundle = dist / APP
    if not bundle.is_dir():
        raise SystemExit(f"PyInstaller made no {bundle}")
    return bundle


def add_installer(bundle: Path) -> None:
    """Linux: put install-linux.sh beside the executable, so the archive alone is enough to install."""
    if sys.platform.startswith("linux"):
        shutil.copy2(ROOT / "build" / "install-linux.sh", bundle / "install-linux.sh")


def executable(bundle: Path) -> Path:
    """The console executable in the one-folder bundle (on macOS the same program as inside the .app)."""
    return bundle_rules.frozen_executables(bundle.parent, sys.platform)[0] if sys.platform == "win32" else bundle / APP


def check_frozen(bundle: Path, env: dict[str, str]) -> None:
    """The frozen app must load its own content (catches a missing module or data file early)."""
    frozen_env = {k: v for k, v in env.items() if not k.startswith(("PYTHON", "HANDBOOK_INDEX"))}
    run([str(executable(bundle)), "check"], frozen_env, "frozen `handbook check`")


def elf_files(folder: Path) -> list[Path]:
    """Linux executables and shared libraries under folder (not the links to them)."""
    def is_elf(path: Path) -> bool:
        with path.open("rb") as fh:
            return fh.read(4) == b"\x7fELF"

    return [p for p in sorted(folder.rglob("*")) if p.is_file() and not p.is_symlink() and is_elf(p)]


def warn_missing_libraries(bundle: Path) -> None:
    """Linux: name libraries the bundle needs but neither holds nor finds here.

    PyInstaller can only bundle what the build machine has: without e.g.
    libxcb-icccm4 here, the bundle's X11 plugin needs it from every laptop.
    """
    if not sys.platform.startswith("linux") or not shutil.which("ldd"):
        return
    env = dict(os.environ, LD_LIBRARY_PATH=str(bundle / "_internal"))  # as the bootloader sets it
    missing = set()
    for path in elf_files(bundle):
        out = subprocess.run(["ldd", str(path)], env=env, capture_output=True, text=True).stdout
        missing |= {line.split()[0] for line in out.splitlines() if "not found" in line}
    for lib in sorted(missing):
        print(f"==> warning: {lib} is needed but not on this build machine, so it is not bundled;"
              f" install it here and build again (Debian/Ubuntu: apt-file search {lib})")


def required_glibc(bundle: Path) -> str | None:
    """Linux: the newest glibc symbol version any bundled binary needs (the oldest Linux it runs on)."""
    if not sys.platform.startswith("linux") or not shutil.which("objdump"):
        return None
    versions = set()
    for path in elf_files(bundle):
        out = subprocess.run(["objdump", "-T", str(path)], capture_output=True, text=True).stdout
        versions |= set(re.findall(r"GLIBC_(\d+(?:\.\d+)+)", out))
    return max(versions, key=lambda v: tuple(map(int, v.split(".")))) if versions else None


def write_archive(dist: Path, bundle: Path) -> Path:
    """tar.gz on Linux (keeps the executable bit), zip elsewhere (what Windows and macOS open)."""
    stem = f"{APP}-{bundle_rules.app_version(ROOT)}-{platform_tag()}"
    app_bundle = dist / bundle_rules.MACOS_APP
    source = app_bundle if sys.platform == "darwin" and app_bundle.is_dir() else bundle
    if sys.platform == "darwin" and shutil.which("ditto"):
        archive = dist / f"{stem}.zip"  # ditto keeps the .app's symlinks and signatures; zipfile would not
        subprocess.run(["ditto", "-c", "-k", "--keepParent", str(source), str(archive)], check=True)
        return archive
    if sys.platform.startswith("linux"):
        archive = dist / f"{stem}.tar.gz"

        def normalise(info: tarfile.TarInfo) -> tarfile.TarInfo:
            info.uid = info.gid = 0
            info.uname = info.gname = "root"
            info.mode = info.mode & ~0o022  # nobody but the owner may change an installed copy
            return info

        with tarfile.open(archive, "w:gz", compresslevel=9) as tar:
            tar.add(source, arcname=source.name, filter=normalise)
        return archive
    archive = dist / f"{stem}.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for path in sorted(source.rglob("*")):
            zf.write(path, Path(source.name, path.relative_to(source)))
    return archive


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="output folder (default: dist/)")
    parser.add_argument("--workpath", type=Path, help="keep PyInstaller's work files here (default: a temporary folder)")
    parser.add_argument("--debug-console", action="store_true", help="same as HANDBOOK_DEBUG_CONSOLE=1")
    parser.add_argument("--no-archive", action="store_true", help="skip the .tar.gz/.zip")
    parser.add_argument("--env", choices=("locked", "current"), default="locked",
                        help="locked (default): build in a virtual environment made from build/requirements.lock; "
                             "current: build with this Python, which must hold exactly the locked versions")
    parser.add_argument("--env-dir", type=Path, default=ROOT / ".cache" / "build-env",
                        help="where the locked build environments are kept (default: .cache/build-env/)")
    parser.add_argument("--allow-unlocked", action="store_true",
                        help="with --env current: build even where versions differ from the lock (never for a release)")
    argv = sys.argv[1:] if argv is None else argv
    args = parser.parse_args(argv)
    started = time.monotonic()
    dist = args.dist.resolve()

    if args.env == "locked" and not os.environ.get(INSIDE_LOCKED_ENV):
        python = locked_env(args.env_dir.resolve(), LOCK)
        env = dict(os.environ, **{INSIDE_LOCKED_ENV: "1"})
        env.pop("PYTHONPATH", None)
        return subprocess.run([str(python), str(Path(__file__).resolve()), *argv], env=env).returncode
    problems = environment_problems(LOCK)
    if problems and not args.allow_unlocked:
        raise SystemExit("this Python does not hold the locked versions (build/requirements.lock):\n  "
                         + "\n  ".join(problems) + "\nbuild with --env locked (the default), or install the lock:"
                         " pip install --require-hashes -r build/requirements.lock")
    for problem in problems:
        print(f"==> warning: not the locked version: {problem}")
    print(f"==> Python {platform.python_version()} at {sys.executable}; {len(locked_pins(LOCK))} locked packages "
          f"{'checked' if not problems else 'NOT all as locked'}", flush=True)

    with tempfile.TemporaryDirectory(prefix="handbook-build-") as tmp:
        tmp = Path(tmp)
        env = dict(os.environ)
        env.pop("HANDBOOK_CONTENT", None)
        env["HANDBOOK_CACHE_DIR"] = str(tmp / "cache")  # the build never touches the builder's own cache
        env["HANDBOOK_INDEX_DIR"] = str(tmp / "index")
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
        if args.debug_console:
            env["HANDBOOK_DEBUG_CONSOLE"] = "1"
        build_index(tmp / "index", env)
        bundle = pyinstaller(dist, (args.workpath or tmp / "work").resolve(), env)
        add_installer(bundle)
        warn_missing_libraries(bundle)
        check_frozen(bundle, env)

    size = folder_size(bundle)
    print(f"==> {bundle}: {size / 1e6:.1f} MB")
    glibc = required_glibc(bundle)
    if glibc:
        print(f"==> runs on Linux with glibc {glibc} or newer")
    if not args.no_archive:
        archive = write_archive(dist, bundle)
        print(f"==> {archive}: {archive.stat().st_size / 1e6:.1f} MB")
    print(f"==> built in {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
