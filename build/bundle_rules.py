"""What goes into the frozen bundle and what stays out: the rules handbook.spec applies.

Plain Python (no PyInstaller import), so tests/test_packaging.py can check the
rules against the code: e.g. that no Qt module the app imports is excluded.
Every rule says why; sizes are from the Linux build with PySide6 6.12.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

APP_NAME = "handbook"
DISPLAY_NAME = "Håndbok – vold i nære relasjoner"

# Qt modules the widgets app never imports. The app is offline (no QtNetwork)
# and draws its icons and charts itself (no QtSvg).
UNUSED_QT_MODULES = (
    "QtNetwork", "QtQml", "QtQuick", "QtQuickWidgets", "QtQuickControls2", "Qt3DCore", "QtWebEngineCore",
    "QtWebEngineWidgets", "QtMultimedia", "QtSql", "QtTest", "QtDBus", "QtOpenGL", "QtOpenGLWidgets",
    "QtDesigner", "QtUiTools", "QtHelp", "QtXml", "QtConcurrent", "QtStateMachine", "QtPdf", "QtPdfWidgets",
    "QtCharts", "QtBluetooth", "QtSvg", "QtSvgWidgets",
)

# Python modules the app never uses (the frozen smoke test and search prove it).
EXCLUDES = [
    "tkinter", "_tkinter", "unittest", "pydoc", "pydoc_data", "doctest", "pdb", "lib2to3",
    "distutils", "setuptools", "pkg_resources", "pip", "test", "idlelib", "turtle", "turtledemo",
    "xmlrpc", "ftplib", "smtplib", "imaplib", "poplib", "nntplib", "telnetlib", "http.server",
    "socketserver", "sqlite3", "curses", "readline", "pytest", "_pytest", "hypothesis", "pygments",
    # No TLS (the app is offline); hashlib uses Python's built-in digests without OpenSSL.
    "ssl", "_ssl", "_hashlib",
    # Whoosh's multi-process writer, its 1.x-era file writer (which imports
    # multiprocessing) and benchmarks: the index is built in one process. Without
    # multiprocessing, PyInstaller's run-time hook for it (~15 ms at every start) goes too.
    "multiprocessing", "whoosh.multiproc", "whoosh.support.bench",
    "whoosh.filedb.fileindex", "whoosh.filedb.filewriting", "whoosh.filedb.pools",
    # phonenumbers' geocoder, carrier and time-zone tables: see build/hooks/hook-phonenumbers.py.
    "phonenumbers.geodata", "phonenumbers.carrierdata", "phonenumbers.tzdata",
    "phonenumbers.geocoder", "phonenumbers.carrier", "phonenumbers.timezone",
    *(f"PySide6.{name}" for name in UNUSED_QT_MODULES),
]

# Qt plugins kept, by plugin folder (names without "lib" and suffix; None = all).
# Every other folder is dropped: platform themes (the Gtk one pulls in Gtk,
# Cairo and Pango), Wayland, EGLFS, TLS, network information, SQL drivers, QML
# tooling, evdev/tuio input, image formats and icon engines (no image files).
KEEP_PLUGINS = {
    # xcb: Linux desktops (Wayland sessions run it through XWayland); offscreen
    # and minimal: smoke tests and headless support; windows / cocoa: the others.
    "platforms": {"qxcb", "qoffscreen", "qminimal", "qwindows", "qcocoa"},
    "printsupport": None,  # the print dialog's printer list (CUPS on Linux)
    "platforminputcontexts": {"composeplatforminputcontextplugin", "ibusplatforminputcontextplugin"},  # dead keys, IMEs
    "styles": None,  # the Windows 11 / macOS native styles
}
# Kept plugins that link to the computer's own service library (CUPS): they are
# added without dependency scan, so no bundled libcups with its TLS/Kerberos/Avahi
# tail (~14 MB). Without libcups on the computer, Qt skips the plugin and the
# print dialog offers "Print to PDF".
HOST_LINKED_PLUGINS = {"cupsprintersupport"}

# Qt libraries that only dropped plugins or unused modules need (Windows, Linux
# and macOS spellings: Qt6Network.dll, libQt6Network.so.6, QtNetwork.framework),
# and Windows' software OpenGL (20 MB; widgets draw without OpenGL, as
# windeployqt --no-opengl-sw assumes).
DROP_LIBS = re.compile(
    r"Qt6?(Network|Qml\w*|Quick\w*|Wayland\w*|WlShell\w*|EglFS\w*|EglFs\w*|OpenGL\w*|VirtualKeyboard\w*"
    r"|Pdf\w*|Lottie\w*|Labs\w*|Designer\w*|Sql|Test|Help|UiTools|ShaderTools|Multimedia\w*|Svg\w*)\b"
    r"|^opengl32sw\.dll$"
)

# Linux libraries every desktop already has, taken from the computer as AppImage's
# excludelist does: the C++ runtime (a bundled copy older than the graphics
# drivers' breaks them), X11 (must match the X server), fontconfig/freetype (an
# old bundled fontconfig warns about a newer system font config), D-Bus with its
# systemd tail, zlib and expat. The xcb-util libraries Qt needs stay bundled:
# some distributions lack them (libxcb-cursor0 on Ubuntu 22.04).
HOST_LIBS = re.compile(
    r"^lib(stdc\+\+|gcc_s|X11|X11-xcb|Xau|Xdmcp|bsd|md|fontconfig|freetype|png16|brotli\w*|expat|z"
    r"|dbus-1|systemd|gcrypt|gpg-error|lz4|cap)\.so\b"
)

# Qt's own translations: only bokmål for Qt's standard strings. The PySide6 wheel
# has no qtbase_nb, so none of its files ship; ours, compiled from
# resources/translations/qtbase_nb.ts by translation_files(), does.
KEEP_TRANSLATIONS = re.compile(r"^qtbase_nb\b")


def stem(name: str) -> str:
    """'libqxcb.so' → 'qxcb', 'qwindows.dll' → 'qwindows'."""
    base = name.split(".")[0]
    return base[3:] if base.startswith("lib") else base


def plugin_wanted(folder: str, name: str) -> bool:
    """Whether the Qt plugin file ``plugins/<folder>/<name>`` ships."""
    folder = folder.split("/")[0]
    if folder not in KEEP_PLUGINS:
        return False
    keep = KEEP_PLUGINS[folder]
    return keep is None or stem(name) in keep


def bundled(dest: str) -> bool:
    """Whether a collected file, given by its path inside the bundle, ships."""
    parts = Path(dest).parts
    name = parts[-1]
    if HOST_LIBS.match(name):
        return False
    if "translations" in parts and name.endswith(".qm"):
        return bool(KEEP_TRANSLATIONS.match(name))
    if "plugins" in parts[:-2]:
        return plugin_wanted(parts[parts.index("plugins") + 1], name)
    return not DROP_LIBS.search(name)


def app_version(root: Path) -> str:
    """The version in handbook/__init__.py, read as text (the build imports nothing of the app)."""
    text = (root / "handbook" / "__init__.py").read_text(encoding="utf-8")
    return re.search(r'^__version__\s*=\s*"([^"]+)"', text, re.M).group(1)


def _tree(src: Path, dest: str):
    """(file, folder in bundle) pairs for every file under src, without hidden files and caches."""
    for path in sorted(src.rglob("*")):
        rel = path.relative_to(src)
        if path.is_dir() or any(part.startswith(".") or part == "__pycache__" for part in rel.parts):
            continue
        yield str(path), str(Path(dest, *rel.parts[:-1]))


def data_files(root: Path, index_dir: Path) -> list[tuple[str, str]]:
    """Everything the app reads at run time besides code: content, prebuilt index, resources.

    ``handbook.paths`` finds them as ``<bundle>/content``, ``<bundle>/index``
    and ``<bundle>/resources``.
    """
    files = list(_tree(root / "content", "content"))
    files += _tree(index_dir, "index")
    # resources/licenses/ (texts the wheels lack) ships inside the bundle's licenses/ folder instead.
    files += [(src, dest) for src, dest in _tree(root / "resources", "resources")
              if Path(dest).parts[:2] != ("resources", "licenses")]
    return files


def translation_files(root: Path, work: Path) -> list[tuple[str, str]]:
    """Qt's dialogs in bokmål: each ``resources/translations/*.ts`` compiled with PySide6's lrelease
    into ``work`` (PyInstaller's work folder), shipped beside its source."""
    sys.path.insert(0, str(root))
    from handbook.translations import compile_catalogue

    files = []
    for ts in sorted((root / "resources" / "translations").glob("*.ts")):
        qm = work / ts.with_suffix(".qm").name
        compile_catalogue(ts, qm)
        files.append((str(qm), "resources/translations"))
    if not files:
        raise SystemExit("no Qt catalogue in resources/translations: the dialogs would be English")
    return files


def windows_version_info(version: str) -> str:
    """The Windows version resource (Explorer: Properties → Details), in PyInstaller's format."""
    nums = (tuple(int(n) for n in re.findall(r"\d+", version)) + (0, 0, 0, 0))[:4]
    return f"""VSVersionInfo(
  ffi=FixedFileInfo(filevers={nums}, prodvers={nums}, mask=0x3f, flags=0x0, OS=0x40004,
                    fileType=0x1, subtype=0x0, date=(0, 0)),
  kids=[
    StringFileInfo([StringTable('041404B0', [
      StringStruct('CompanyName', 'Ås kommune'),
      StringStruct('FileDescription', '{DISPLAY_NAME}'),
      StringStruct('FileVersion', '{version}'),
      StringStruct('InternalName', '{APP_NAME}'),
      StringStruct('LegalCopyright', '© Ås kommune'),
      StringStruct('OriginalFilename', '{APP_NAME}.exe'),
      StringStruct('ProductName', '{DISPLAY_NAME}'),
      StringStruct('ProductVersion', '{version}')])]),
    VarFileInfo([VarStruct('Translation', [0x0414, 1200])])
  ]
)
"""


MACOS_APP = "Håndbok.app"


def frozen_executables(dist: Path, system: str) -> list[Path]:
    """The executables a build leaves in ``dist`` for ``system`` (sys.platform), the console one first.

    Windows: ``handbook-cli.exe`` (console: check, search, --smoke-test) and ``handbook.exe`` (the app,
    no console). macOS: the program inside ``Håndbok.app`` (what the archive ships). Linux: ``handbook``.
    """
    if system == "win32":
        return [dist / APP_NAME / f"{APP_NAME}-cli.exe", dist / APP_NAME / f"{APP_NAME}.exe"]
    if system == "darwin":
        return [dist / MACOS_APP / "Contents" / "MacOS" / APP_NAME]
    return [dist / APP_NAME / APP_NAME]
