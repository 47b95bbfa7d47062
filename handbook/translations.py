"""Norwegian bokmål for Qt's own dialogs and menus: find or compile the catalogue, and install it.

Qt's save and print dialogs, context menus ("Angre", "Lim inn"), message-box buttons and key names
come from Qt, in English unless a translator says otherwise. Qt ships no bokmål catalogue, so ours
is ``resources/translations/qtbase_nb.ts``, compiled with PySide6's ``lrelease``:

- a built wheel and the frozen bundle carry ``qtbase_nb.qm`` beside the ``.ts`` (``setup.py``'s
  build hook and the PyInstaller spec compile it at build time);
- a source checkout, or a wheel built where PySide6 was not importable, compiles it once into the
  user's cache, named by the source's hash, as the search index is built on first use there.

Nothing binary is committed; the ``.ts`` is the one source.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

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


def compile_catalogue(ts: Path, qm: Path) -> None:
    """Compile ``ts`` to ``qm`` with lrelease; the file appears whole or not at all.

    Raises:
        OSError: lrelease is missing, or failed (its output is in the message).
    """
    exe = lrelease_program()
    if exe is None:
        raise OSError("PySide6 sitt lrelease finnes ikke her")
    qm.parent.mkdir(parents=True, exist_ok=True)
    partial = qm.with_name(f"{qm.name}.{os.getpid()}.part")
    flags = getattr(subprocess, "CREATE_NO_WINDOW", 0)  # Windows: no console window flashes up
    try:
        done = subprocess.run([str(exe), "-silent", str(ts), "-qm", str(partial)], capture_output=True,
                              text=True, timeout=120, creationflags=flags)
        if done.returncode != 0 or not partial.is_file():
            raise OSError(f"lrelease {ts.name}: {(done.stderr or done.stdout).strip()}")
        os.replace(partial, qm)
    finally:
        partial.unlink(missing_ok=True)


def catalogue(resources: Path, cache_dir: Path) -> Path | None:
    """The compiled catalogue: shipped beside the source, else compiled into ``cache_dir``.

    Returns None when there is neither a compiled catalogue nor a way to make one.
    """
    ts = source_file(resources)
    shipped = ts.with_suffix(".qm")
    if shipped.is_file():
        return shipped
    if not ts.is_file():
        return None
    digest = hashlib.sha256(ts.read_bytes()).hexdigest()[:16]
    cached = cache_dir / "translations" / f"{CATALOGUE}-{digest}.qm"
    if not cached.is_file():
        compile_catalogue(ts, cached)
    return cached


def install(app, resources: Path, cache_dir: Path):
    """Speak bokmål in Qt's own texts and formats; returns the installed QTranslator, or None.

    A missing catalogue costs only the language of Qt's dialogs, never the app: it is said on stderr.
    """
    from PySide6.QtCore import QLocale, QTranslator

    QLocale.setDefault(QLocale(QLocale.Language.NorwegianBokmal, QLocale.Country.Norway))
    translator = QTranslator(app)
    try:
        qm = catalogue(resources, cache_dir)
    except OSError as exc:
        reason = str(exc)
    else:
        if qm is not None and translator.load(str(qm)):
            app.installTranslator(translator)
            return translator
        reason = f"{qm.name} kunne ikke leses" if qm is not None else f"fant ikke {CATALOGUE}.ts eller .qm"
    print(f"handbook: Qts egne dialoger og menyer vises på engelsk ({reason}).", file=sys.stderr)
    return None
