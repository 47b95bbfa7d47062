"""Norwegian bokmål for Qt's own dialogs and menus: find or compile the catalogue, and install it.

Qt's save and print dialogs, context menus ("Angre", "Lim inn"), message-box buttons and key names
come from Qt, in English unless a translator says otherwise. Qt ships no bokmål catalogue, so ours
is ``resources/translations/qtbase_nb.ts``, compiled with PySide6's ``lrelease``:

- a built wheel and the frozen bundle carry ``qtbase_nb.qm`` beside the ``.ts`` (``setup.py``'s
  build hook and the PyInstaller spec compile it at build time);
- a source checkout, or a wheel built where PySide6 was not importable, compiles it once into the
  user's cache, named by the source's hash, as the search index is built on first use there.

A compiled catalogue is a cache, and untrusted: each candidate is read whole, checked (Qt's magic
number, a size limit, and Qt itself must load it) and installed *from memory*, so a file cut on a
nearly full disk is compiled again, and a file changed under the running app cannot reach it
(``QTranslator.load(path)`` maps the file: truncated, it killed the app with SIGBUS). When no
folder can be written, the catalogue is compiled straight into memory: Qt's texts stay bokmål.

Nothing binary is committed; the ``.ts`` is the one source.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from handbook import atomic
from handbook.digest import sha256

CATALOGUE = "qtbase_nb"


def source_file(resources: Path) -> Path:
    return resources / "translations" / f"{CATALOGUE}.ts"


def lrelease_program() -> Path | None:
    """PySide6's lrelease (what ``pyside6-lrelease`` runs), or None where PySide6 has none (a frozen app)."""
    try:
        import PySide6
    except ImportError:
        return None
    exe = Path(PySide6.__file__).resolve().parent / ("lrelease.exe" if sys.platform == "win32" else "lrelease")
    return exe if exe.is_file() else None


QM_MAGIC = bytes.fromhex("3cb86418caef9c95cd211cbf60a1bddd")  # every .qm starts with it (qtranslator.cpp)
MAX_QM_BYTES = 8 * 1024 * 1024  # ours is about 57 KB


def compiled_bytes(ts: Path) -> bytes:
    """``ts`` compiled by lrelease, in memory: nothing is written to disk (POSIX: through a pipe).

    Raises:
        OSError: lrelease is missing or failed, or its output is not a catalogue Qt can load.
    """
    exe = lrelease_program()
    if exe is None:
        raise OSError("PySide6 sitt lrelease finnes ikke her")
    flags = getattr(subprocess, "CREATE_NO_WINDOW", 0)  # Windows: no console window flashes up
    if os.name == "posix":
        done = subprocess.run([str(exe), "-silent", str(ts), "-qm", "/dev/stdout"], capture_output=True,
                              timeout=120, creationflags=flags)
        data = done.stdout
    else:
        with tempfile.TemporaryDirectory() as folder:
            out = Path(folder) / "catalogue.qm"
            done = subprocess.run([str(exe), "-silent", str(ts), "-qm", str(out)], capture_output=True,
                                  timeout=120, creationflags=flags)
            data = out.read_bytes() if out.is_file() else b""
    if done.returncode != 0 or not is_catalogue(data):
        message = (done.stderr or b"").decode("utf-8", "replace").strip()
        raise OSError(f"lrelease {ts.name}: {message or 'ingen gyldig .qm'}")
    return data


def compile_catalogue(ts: Path, qm: Path) -> None:
    """Compile ``ts`` to ``qm`` with lrelease; the file appears whole and checked, or not at all.

    Raises:
        OSError: lrelease is missing or failed; atomic.WriteError: ``qm`` could not be written.
    """
    data = compiled_bytes(ts)
    atomic.ensure_dir(qm.parent)
    atomic.write_bytes(qm, data)


def is_catalogue(data: bytes | None) -> bool:
    """Whether ``data`` is a whole compiled catalogue: Qt's magic number, a sane size, and Qt loads it."""
    if not data or len(data) > MAX_QM_BYTES or not data.startswith(QM_MAGIC):
        return False
    from PySide6.QtCore import QTranslator

    return QTranslator().load(data)


def _read(path: Path) -> bytes | None:
    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_QM_BYTES + 1)
    except OSError:
        return None
    return data if is_catalogue(data) else None


def cached_path(resources: Path, cache_dir: Path) -> Path | None:
    """Where the catalogue compiled from this ``.ts`` is kept in the cache (named by the source's hash)."""
    ts = source_file(resources)
    try:
        digest = sha256(ts.read_bytes()).hexdigest()[:16]
    except OSError:
        return None
    return cache_dir / "translations" / f"{CATALOGUE}-{digest}.qm"


def catalogue_bytes(resources: Path, cache_dir: Path) -> tuple[bytes | None, str]:
    """The compiled catalogue, checked: shipped beside the source, else cached, else compiled now.

    A freshly compiled catalogue is kept in the cache when it can be written there; when it
    cannot, it is used from memory all the same.

    Returns:
        (bytes, "") or (None, why not, in bokmål).
    """
    ts = source_file(resources)
    data = _read(ts.with_suffix(".qm"))
    if data is not None:
        return data, ""
    cached = cached_path(resources, cache_dir)
    if cached is None:
        return None, f"fant ikke {CATALOGUE}.ts eller en brukbar .qm"
    data = _read(cached)
    if data is not None:
        return data, ""
    try:
        data = compiled_bytes(ts)
    except (OSError, subprocess.SubprocessError) as exc:
        return None, str(exc)
    try:
        atomic.ensure_dir(cached.parent, private=True)
        atomic.write_bytes(cached, data, private=True)
    except OSError:
        pass  # no writable cache: the catalogue lives in memory this time, and is compiled again next time
    return data, ""


def install(app, resources: Path, cache_dir: Path):
    """Speak bokmål in Qt's own texts and formats; returns the installed QTranslator, or None.

    The catalogue is loaded from memory (see the module doc). A missing catalogue costs only the
    language of Qt's dialogs, never the app: it is said on stderr.
    """
    from PySide6.QtCore import QLocale, QTranslator

    QLocale.setDefault(QLocale(QLocale.Language.NorwegianBokmal, QLocale.Country.Norway))
    data, reason = catalogue_bytes(resources, cache_dir)
    if data is not None:
        translator = QTranslator(app)
        if translator.load(data):
            translator._data = data  # Qt does not copy the bytes: they must live as long as the translator
            app.installTranslator(translator)
            return translator
        reason = "Qt kunne ikke lese katalogen"
    print(f"handbook: Qts egne dialoger og menyer vises på engelsk ({reason}).", file=sys.stderr)
    return None
