"""Write build/requirements.lock: exact versions and hashes of everything a release build and CI install.

    python build/lock.py            # after changing dependencies in pyproject.toml
    python build/lock.py --check    # exit 1 if the lock no longer satisfies pyproject.toml
    python build/lock.py --upgrade  # move every package to its newest allowed release

Without --upgrade, uv keeps the versions already in the lock (it reads the old file as
its preferences) and changes only what pyproject.toml's requirements force.

The lock covers the app, its [test] and [build] extras, on Windows, macOS and Linux at
once, for Python 3.11 and newer. It is made with uv's ``pip compile --universal
--generate-hashes``: one resolution for every platform, written as an ordinary
requirements file with environment markers (``pywin32-ctypes ; sys_platform ==
'win32'``, ``macholib ; sys_platform == 'darwin'``), which plain pip installs with
``--require-hashes``. pip-tools' ``pip-compile`` resolves for the machine it runs on
only: a lock made on Linux would lack PyInstaller's Windows and macOS dependencies and
fail hash checking on those runners, so it would need one lock per OS, each made on that
OS. uv is needed only to refresh the lock (``pip install uv``); installing from it
needs nothing but pip.
"""

from __future__ import annotations

import argparse
import difflib
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "build" / "requirements.lock"
PYTHON_FLOOR = "3.11"  # pyproject's requires-python; the lock holds what newer Pythons need too
COMMAND = "python build/lock.py"


def uv() -> list[str]:
    found = shutil.which("uv")
    if found:
        return [found]
    try:
        import uv as uv_module  # the PyPI package ships the binary

        return [uv_module.find_uv_bin()]
    except ImportError:
        raise SystemExit("uv is needed to write the lock: pip install uv") from None


def compile_lock(out: Path, upgrade: bool = False) -> None:
    """Resolve into ``out``; the versions already in ``out`` are kept where they still fit."""
    cmd = [*uv(), "pip", "compile", "pyproject.toml", "--extra", "test", "--extra", "build",
           "--universal", "--python-version", PYTHON_FLOOR, "--generate-hashes",
           "--custom-compile-command", COMMAND, "--quiet", "--output-file", str(out)]
    if upgrade:
        cmd.append("--upgrade")
    subprocess.run(cmd, cwd=ROOT, check=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with a fresh resolution; change nothing")
    parser.add_argument("--upgrade", action="store_true", help="newest allowed release of every package")
    args = parser.parse_args(argv)
    if not args.check:
        compile_lock(LOCK, args.upgrade)
        print(f"wrote {LOCK.relative_to(ROOT)}")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp) / "requirements.lock"
        shutil.copy2(LOCK, fresh)
        compile_lock(fresh)
        old, new = LOCK.read_text(encoding="utf-8"), fresh.read_text(encoding="utf-8")
    if old == new:
        print("the lock matches pyproject.toml")
        return 0
    sys.stdout.writelines(difflib.unified_diff(old.splitlines(True), new.splitlines(True), "lock", "fresh"))
    print(f"the lock is out of date: run {COMMAND}")
    return 1


if __name__ == "__main__":
    sys.exit(main())
