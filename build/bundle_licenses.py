"""Which licences the bundle owes, decided from what PyInstaller actually collected.

handbook.spec calls :func:`write` with the Analysis' final tables (modules,
scripts, binaries, data files, after bundle_rules dropped what does not ship).
Every collected file is traced back to whoever made it:

- a Python distribution installed in the build environment (the lock): the
  file is listed in its RECORD, so its licence texts are read from its
  metadata (``handbook.licenses``, PEP 639 ``License-File``);
- Python itself: the file is under the interpreter's own prefix (standard
  library, ``lib-dynload``, ``libpython``): its ``LICENSE.txt``;
- this program: under the checkout, the prebuilt index or PyInstaller's work
  folder (the compiled Qt catalogue);
- anything else is a native library PyInstaller copied in from the build
  machine (``libxcb-cursor``, ``libglib``…). On Debian and Ubuntu, ``dpkg``
  names the package that installed it, and its ``/usr/share/doc/<package>/copyright``
  is the text. A file nobody can be found for stops the build.

PyInstaller itself is always listed: its bootloader is the executable. Qt
(the C++ libraries inside PySide6-Essentials) gets its own entry with the LGPL
note on replacing them, which names the Qt files of this very bundle.

Why not pip-licenses: it reads the same metadata but keeps one licence file per
distribution (PySide6's texts must come from elsewhere, packaging has three),
knows nothing of which files PyInstaller kept, and the running program needs the
same reading from source anyway, so ``handbook.licenses`` does it with the
standard library's ``importlib.metadata``.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from handbook import licenses  # noqa: E402 - the checkout's package, as the spec imports it

# Qt's C++ libraries among the bundled files (Linux, Windows, macOS spellings), not PySide6's modules.
QT_LIBRARY = re.compile(r"(^|/)(libQt6\w+\.so\.6|Qt6\w+\.dll|Qt\w+\.framework/Versions/A/Qt\w+)$")

# Native files (outside every distribution and outside Python) whose licence is known another way:
# file name pattern → (name, version, licence, file in resources/licenses/, where the text came from).
# Empty: on the Linux build machine dpkg names every one. A Windows or macOS build that collects
# something from the system (not from Python or a wheel) stops here until an entry says what it is.
NATIVE_ELSEWHERE: dict[str, tuple[str, str, str, str, str]] = {}


def _resolved(path: str | os.PathLike) -> Path:
    try:
        return Path(path).resolve()
    except (OSError, RuntimeError):
        return Path(os.path.abspath(path))


def _under(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def distribution_files() -> dict[Path, metadata.Distribution]:
    """Every file of every distribution in this environment (RECORD), resolved, → its distribution."""
    owners = {}
    for dist in metadata.distributions():
        for file in dist.files or []:
            owners[_resolved(dist.locate_file(file))] = dist
    return owners


def _entries(toc):
    """(name in the bundle, source file) of every collected entry that has a source file."""
    for entry in toc:
        name, source, kind = entry[0], entry[1], entry[2] if len(entry) > 2 else ""
        if kind == "SYMLINK" or not source:  # a link inside the bundle: its target is listed itself
            continue
        yield name, source, kind


def classify(toc, root: Path, generated: list[Path]):
    """Sort the collected files by maker: (distributions → bundled names, Python's, program's, native)."""
    owners = distribution_files()
    python_home = _resolved(sys.base_prefix)
    mine = [_resolved(root), *(_resolved(g) for g in generated)]
    by_dist: dict[str, tuple[metadata.Distribution, list[str]]] = {}
    python, program, native = [], [], []
    for name, source, kind in _entries(toc):
        path = _resolved(source)
        dist = owners.get(path)
        bundled = "" if kind in ("PYMODULE", "PYSOURCE") else name  # modules go into the archive, not the folder
        key = licenses.canonical(dist.metadata["Name"]) if dist is not None else None
        if key == licenses.PROJECT:  # a checkout with an .egg-info on the path: this program's own files
            program.append(name)
        elif dist is not None:
            by_dist.setdefault(key, (dist, []))[1].append(bundled)
        elif _under(path, python_home):
            python.append(name)
        elif any(_under(path, folder) for folder in mine):
            program.append(name)
        else:
            native.append((name, source))
    return by_dist, python, program, native


def _usrmerge(path: str) -> set[str]:
    """/lib/x and /usr/lib/x are one file on a merged-/usr system; dpkg knows only the name it installed."""
    out = {path, os.path.realpath(path)}
    for p in list(out):
        for a, b in (("/usr/lib/", "/lib/"), ("/lib/", "/usr/lib/")):
            if p.startswith(a):
                out.add(b + p[len(a):])
    return out


def debian_packages(sources: list[str]) -> dict[str, str]:
    """Source file → the Debian package that installed it (``dpkg-query -S``); unknown files are left out."""
    if not sources or not shutil.which("dpkg-query"):
        return {}
    variants = {v: s for s in sources for v in _usrmerge(s)}
    result = subprocess.run(["dpkg-query", "-S", *variants], capture_output=True, text=True)
    found = {}
    for line in result.stdout.splitlines():
        packages, sep, path = line.partition(": ")
        if sep and path in variants and not packages.startswith("diversion"):
            found[variants[path]] = packages.split(",")[0].split(":")[0].strip()
    return found


def debian_version(package: str) -> str:
    out = subprocess.run(["dpkg-query", "-W", "-f=${Version}", package], capture_output=True, text=True)
    return out.stdout.strip() or "?"


def debian_license(copyright_text: str) -> str:
    """The licence of ``Files: *`` in a machine-readable (DEP-5) copyright file, else a pointer to the text."""
    for stanza in re.split(r"\n\s*\n", copyright_text):
        if re.search(r"^Files:\s*\*\s*$", stanza, re.M):
            match = re.search(r"^License:\s*(\S.*)$", stanza, re.M)
            if match:
                return match.group(1).strip()
    return "se teksten (Debian copyright)"


def native_components(native: list[tuple[str, str]]) -> list[licenses.Component]:
    """Native libraries copied from the build machine, grouped by the Debian package that installed them."""
    packages = debian_packages([source for _, source in native])
    grouped: dict[str, list[str]] = {}
    unknown = []
    for name, source in native:
        package = packages.get(source)
        elsewhere = next((v for pattern, v in NATIVE_ELSEWHERE.items() if re.search(pattern, name)), None)
        if package:
            grouped.setdefault(package, []).append(name)
        elif elsewhere:
            grouped.setdefault("\0" + pattern, []).append(name)
        else:
            unknown.append(f"{name} (from {source})")
    if unknown:
        raise licenses.MissingLicenseText(
            "the bundle holds native files whose licence nobody could be found for (not in any Python "
            "distribution, not Python's, not from a Debian package):\n  " + "\n  ".join(unknown)
            + "\nfind each file's licence and add it to NATIVE_ELSEWHERE in build/bundle_licenses.py")
    components = []
    for package, names in sorted(grouped.items()):
        if package.startswith("\0"):
            title, version, license_, file, why = NATIVE_ELSEWHERE[package[1:]]
            texts = licenses._committed((file,))
            components.append(licenses.Component(title, version, license_, licenses.NATIVE, texts, why,
                                                 tuple(sorted(names))))
            continue
        copyright_file = Path("/usr/share/doc") / package / "copyright"
        if not copyright_file.is_file():
            raise licenses.MissingLicenseText(f"{', '.join(names)}: Debian package {package} has no {copyright_file}")
        text = copyright_file.read_text(encoding="utf-8", errors="replace")
        components.append(licenses.Component(
            package, debian_version(package), debian_license(text), licenses.NATIVE,
            (licenses.LicenseText("copyright", text),), f"Debian package {package}: {copyright_file}",
            tuple(sorted(names))))
    return components


def collect(toc, root: Path = ROOT, generated: list[Path] = (), contents: str = "_internal") -> list[licenses.Component]:
    """Every component in the bundle, each with its licence texts; raises MissingLicenseText for a gap."""
    by_dist, python, program, native = classify(toc, root, list(generated))
    components = [licenses.program_component(root), licenses.python_component()]
    by_dist.setdefault("pyinstaller", (metadata.distribution("pyinstaller"), []))  # the bootloader is the executable
    problems = []
    for key, (dist, bundled) in sorted(by_dist.items()):
        try:
            components.append(licenses.distribution_component(dist))
        except licenses.MissingLicenseText as exc:
            problems.append(str(exc))
            continue
        if key == licenses.QT_DISTRIBUTION:
            qt_files = sorted({f"{contents}/{name}" for name in bundled if QT_LIBRARY.search(name)})
            plugins = sorted({f"{contents}/{name.split('/plugins/')[0]}/plugins" for name in bundled if "/plugins/" in name})
            note = licenses.qt_replacement_note(dist.version, qt_files, plugins[0] if plugins else None, contents)
            components.append(licenses.qt_component(dist, tuple(qt_files), note))
    if problems:
        raise licenses.MissingLicenseText("\n".join(problems))
    components += native_components(native)
    return licenses.ordered(components)


def write(toc, out: Path, root: Path = ROOT, generated: list[Path] = (), contents: str = "_internal"):
    """Write the licence folder to ``out`` and return it as data entries for the bundle's ``licenses/``."""
    components = collect(toc, root, generated, contents)
    if out.exists():
        shutil.rmtree(out)
    files = licenses.write_folder(components, out)
    print(f"bundle_licenses: {len(components)} components, {len(files)} files → {licenses.FOLDER}/")
    return [(Path(licenses.FOLDER, path.relative_to(out)).as_posix(), str(path), "DATA") for path in files]
