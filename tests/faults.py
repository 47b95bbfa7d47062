"""Real faults for tests: a full disk, a read-only folder, a file-size limit.

- :func:`small_disk` mounts a tmpfs of a given size when the tests run as root (here, and in CI
  containers), so a write really meets ENOSPC; elsewhere it is None and the tests use
  :func:`file_size_limit` (``RLIMIT_FSIZE``: a write past the limit fails with EFBIG, since Python
  ignores SIGXFSZ).
- :func:`read_only` makes a folder read-only: a read-only bind mount as root (root ignores file
  modes), ``chmod 0555`` otherwise.

Every mount is undone when the context ends (lazily, if something still holds it open).
"""

from __future__ import annotations

import contextlib
import functools
import os
import resource
import stat
import subprocess
import tempfile
from pathlib import Path

IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def _mount(*args: str) -> bool:
    done = subprocess.run(["mount", *args], capture_output=True, text=True, timeout=30)
    return done.returncode == 0


def _umount(path: Path) -> None:
    if subprocess.run(["umount", str(path)], capture_output=True, timeout=30).returncode != 0:
        subprocess.run(["umount", "-l", str(path)], capture_output=True, timeout=30)


@functools.cache
def can_mount() -> bool:
    """Whether this process may mount a tmpfs (root in a container that allows it)."""
    if not IS_ROOT:
        return False
    probe = Path(tempfile.mkdtemp(prefix="handbook-mount-probe-"))
    try:
        if not _mount("-t", "tmpfs", "-o", "size=16k", "tmpfs", str(probe)):
            return False
        _umount(probe)
        return True
    finally:
        with contextlib.suppress(OSError):
            probe.rmdir()


@contextlib.contextmanager
def small_disk(folder: Path, size: int):
    """``folder`` as a file system of ``size`` bytes (a tmpfs), or None when mounting is not possible here."""
    folder.mkdir(parents=True, exist_ok=True)
    if not can_mount():
        yield None
        return
    if not _mount("-t", "tmpfs", "-o", f"size={size},mode=0755", "tmpfs", str(folder)):
        yield None
        return
    try:
        yield folder
    finally:
        _umount(folder)


def fill(folder: Path, leave: int) -> None:
    """Fill the file system of ``folder`` until about ``leave`` bytes are free."""
    st = os.statvfs(folder)
    free = st.f_bavail * st.f_frsize
    if free > leave:
        with open(folder / ".filler", "wb") as fh:
            fh.write(b"\0" * (free - leave))


@contextlib.contextmanager
def file_size_limit(limit: int):
    """No file this process writes may grow past ``limit`` bytes while the context lasts (EFBIG)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))


def limit_file_size(limit: int):
    """A ``preexec_fn`` for a subprocess whose files may not grow past ``limit`` bytes."""
    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, resource.getrlimit(resource.RLIMIT_FSIZE)[1]))
    return apply


@contextlib.contextmanager
def read_only(folder: Path):
    """``folder`` read-only while the context lasts: a read-only bind mount as root, else chmod 0555."""
    if can_mount():
        if _mount("--bind", str(folder), str(folder)):
            if _mount("-o", "remount,ro,bind", str(folder)):
                try:
                    yield folder
                finally:
                    _umount(folder)
                return
            _umount(folder)
    mode = stat.S_IMODE(folder.stat().st_mode)
    folder.chmod(0o555)
    try:
        yield folder
    finally:
        folder.chmod(mode)


def read_only_works(folder: Path) -> bool:
    """Whether a write in ``folder`` really fails (root without mount ignores chmod)."""
    try:
        (folder / ".probe").write_bytes(b"x")
    except OSError:
        return True
    (folder / ".probe").unlink()
    return False


def files_under(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file() or p.is_symlink())
