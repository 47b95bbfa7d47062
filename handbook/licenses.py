"""What the program is built from, under which terms, and where each licence text is.

One model for three places: the build writes it into the bundle's ``licenses/``
folder (``build/bundle_licenses.py`` decides *which* components are in the
bundle), the frozen program reads it back from there, and a program run from
source collects the same from the running Python (:func:`source_components`).
«Om håndboka» → «Lisenser» shows whichever applies.

Licence texts are read with :mod:`importlib.metadata`: the ``License-File``
fields of the distribution's metadata (PEP 639: the files are in the
``.dist-info/licenses/`` folder; wheels made before PEP 639 keep them in
``.dist-info/`` itself), and for wheels older than the field, any file in
``.dist-info/`` named like a licence. A distribution with no text at all stops
the build (:class:`MissingLicenseText`) unless :data:`TEXTS_OBTAINED_ELSEWHERE`
names it, with the text and where it came from. No Qt here, no network.
"""

from __future__ import annotations

import json
import platform
import re
import sys
import sysconfig
import textwrap
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from handbook import __version__, paths

PROJECT = "handbok-vold"  # the distribution name in pyproject.toml
PROJECT_TITLE = "Håndbok – vold i nære relasjoner"
PROJECT_LICENSE_FILE = "LICENSE.txt"
FOLDER = "licenses"  # in the bundle: <program folder>/_internal/licenses
SUMMARY = "OVERSIKT.txt"
INDEX = "licenses.json"
QT_NOTE = "BYTTE-QT.txt"  # the LGPL note on replacing the Qt libraries, beside Qt's texts
FORMAT = 1

# Kinds, in the order the summary lists them.
PROGRAM, PYTHON, QT, PACKAGE, NATIVE = "program", "python", "qt", "python-package", "native"
_KIND_ORDER = (PROGRAM, PYTHON, QT, PACKAGE, NATIVE)

_LICENSE_NAME = re.compile(r"^(LICEN[CS]E|COPYING|NOTICE|COPYRIGHT|AUTHORS)", re.IGNORECASE)
_SAFE_NAME = re.compile(r"[^A-Za-z0-9._+-]+")
_ASCII = str.maketrans({"å": "a", "Å": "A", "ø": "o", "Ø": "O", "æ": "ae", "Æ": "Ae"})


class MissingLicenseText(Exception):
    """A component ships without any licence text: the build must not go on silently."""


@dataclass(frozen=True)
class LicenseText:
    name: str  # the file name in the component's folder, e.g. "LICENSE"
    text: str


@dataclass(frozen=True)
class Component:
    name: str
    version: str
    license: str  # an SPDX expression where the metadata has one, otherwise the project's own words
    kind: str
    texts: tuple[LicenseText, ...]
    source: str  # where the texts were read
    covers: tuple[str, ...] = field(default=())  # bundled files this component accounts for (native libraries, Qt)

    @property
    def folder(self) -> str:
        """The component's folder inside ``licenses/``: ASCII, no spaces."""
        name = self.name.translate(_ASCII)
        return _SAFE_NAME.sub("-", f"{name}-{self.version}").strip("-")

    def paths(self) -> list[str]:
        """Where each text is, relative to the ``licenses/`` folder."""
        return [f"{self.folder}/{text.name}" for text in self.texts]


def canonical(name: str) -> str:
    """PEP 503 name: 'PySide6_Essentials' → 'pyside6-essentials'."""
    return re.sub(r"[-_.]+", "-", name).lower()


# --- Python distributions -------------------------------------------------------------------------

@dataclass(frozen=True)
class ObtainedElsewhere:
    """Texts for a distribution whose wheel carries none, committed in resources/licenses/."""
    files: tuple[str, ...]  # in resources/licenses/
    why: str


# Distributions whose wheels carry no licence text, and where ours come from instead. Every entry
# is checked: the build fails if the wheel starts shipping its own texts (then this entry goes), or
# if a file named here is missing. The texts are committed under resources/licenses/ (SOURCES.md
# there says where each was taken from).
TEXTS_OBTAINED_ELSEWHERE: dict[str, ObtainedElsewhere] = {
    # PySide6-Essentials and shiboken6 (6.11.3) have no License-File and no licence file at all; their
    # METADATA says "LGPL-3.0-only OR GPL-2.0-only OR GPL-3.0-only". We use them under the LGPL-3.0,
    # which adds permissions to the GPL-3.0: both texts go along (the LGPL says so in its first lines).
    "pyside6-essentials": ObtainedElsewhere(
        ("LGPL-3.0.txt", "GPL-3.0.txt"),
        "the PySide6-Essentials wheel carries no licence text; the FSF's texts from Debian's base-files"),
    "shiboken6": ObtainedElsewhere(
        ("LGPL-3.0.txt", "GPL-3.0.txt"),
        "the shiboken6 wheel carries no licence text; the FSF's texts from Debian's base-files"),
}

# Qt itself: the C++ libraries inside the PySide6-Essentials wheel. Same terms (LGPL-3.0), plus the
# notices of the third-party code compiled into qtbase and the ICU libraries the Linux wheel bundles.
QT_TEXTS = ("LGPL-3.0.txt", "GPL-3.0.txt", "qt6-base-debian-copyright.txt", "icu-debian-copyright.txt")
QT_SOURCE = ("the wheels carry no Qt licence text: LGPL-3.0/GPL-3.0 from Debian's base-files; qtbase's "
             "third-party notices from Debian's qt6-base 6.4.2 copyright file and ICU's from Debian's icu 72 "
             "(older than the Qt and ICU in the wheel: see resources/licenses/SOURCES.md)")
QT_DISTRIBUTION = "pyside6-essentials"


def committed_texts_dir() -> Path:
    """resources/licenses/: texts the wheels do not carry (in the checkout and in an installed wheel)."""
    return paths.resources_dir() / "licenses"


def _committed(files: tuple[str, ...]) -> tuple[LicenseText, ...]:
    folder = committed_texts_dir()
    texts = []
    for name in files:
        path = folder / name
        if not path.is_file():
            raise MissingLicenseText(f"{path} is named in handbook/licenses.py but missing")
        texts.append(LicenseText(name, path.read_text(encoding="utf-8")))
    return tuple(texts)


def license_of(meta) -> str:
    """The licence a distribution declares: License-Expression, else a one-line License, else its classifiers."""
    expression = (meta.get("License-Expression") or "").strip()
    if expression:
        return expression
    declared = (meta.get("License") or "").strip()
    if declared and "\n" not in declared and len(declared) <= 200:
        return declared
    classifiers = [c.split(" :: ")[-1] for c in meta.get_all("Classifier") or [] if c.startswith("License ::")]
    if classifiers:
        return " / ".join(classifiers)
    return declared.splitlines()[0][:200] if declared else "ikke oppgitt (se teksten)"


def _text_in_dist_info(dist: metadata.Distribution, name: str) -> str | None:
    for candidate in (f"licenses/{name}", name):  # PEP 639, then the older place
        try:
            text = dist.read_text(candidate)
        except (OSError, UnicodeDecodeError):
            text = None
        if text and text.strip():
            return text
    return None


def wheel_texts(dist: metadata.Distribution) -> tuple[tuple[LicenseText, ...], str]:
    """The licence texts a distribution's own files carry, and how they were found."""
    texts: dict[str, str] = {}
    for name in dist.metadata.get_all("License-File") or []:
        text = _text_in_dist_info(dist, name)
        if text is not None:
            texts[name.replace("/", "-")] = text
    if texts:
        return tuple(LicenseText(n, t) for n, t in texts.items()), "License-File (metadata)"
    for file in dist.files or []:
        parts = file.parts
        if len(parts) >= 2 and parts[0].endswith(".dist-info") and _LICENSE_NAME.match(parts[-1]):
            text = _text_in_dist_info(dist, "/".join(parts[1:]))
            if text is not None:
                texts["-".join(parts[1:])] = text
    return tuple(LicenseText(n, t) for n, t in texts.items()), "licence file in .dist-info"


def distribution_component(dist: metadata.Distribution) -> Component:
    """A distribution's name, version, declared licence and texts; raises MissingLicenseText without texts."""
    name = dist.metadata["Name"]
    texts, source = wheel_texts(dist)
    elsewhere = TEXTS_OBTAINED_ELSEWHERE.get(canonical(name))
    if texts and elsewhere:
        raise MissingLicenseText(
            f"{name} {dist.version} now carries its own licence text: remove it from TEXTS_OBTAINED_ELSEWHERE"
            " in handbook/licenses.py")
    if not texts and elsewhere:
        texts, source = _committed(elsewhere.files), elsewhere.why
    if not texts:
        raise MissingLicenseText(
            f"{name} {dist.version} carries no licence text (no License-File, no LICENSE/COPYING/NOTICE in its"
            " .dist-info). Find its text, commit it under resources/licenses/ and name it in"
            " TEXTS_OBTAINED_ELSEWHERE in handbook/licenses.py, with where it came from.")
    return Component(name.replace("_", "-"), dist.version, license_of(dist.metadata), PACKAGE, texts, source)


def qt_component(pyside: metadata.Distribution, covers: tuple[str, ...] = (), note: str = "") -> Component:
    """Qt's C++ libraries as shipped inside PySide6-Essentials: same version, LGPL-3.0, and the notices."""
    texts = _committed(QT_TEXTS)
    if note:
        texts = (LicenseText(QT_NOTE, note), *texts)
    return Component("Qt", pyside.version, "LGPL-3.0-only", QT, texts, QT_SOURCE, covers)


def requirement_names(dist: metadata.Distribution) -> list[str]:
    """The distributions ``dist`` needs at run time (not its extras)."""
    names = []
    for requirement in dist.requires or []:
        spec, _, marker = requirement.partition(";")
        if "extra" in marker:
            continue
        match = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", spec)
        if match:
            names.append(match.group(1))
    return names


def runtime_distributions(root: str = PROJECT) -> list[metadata.Distribution]:
    """``root`` and everything it needs at run time, as installed here.

    A requirement whose environment marker excludes this Python is simply not
    installed, so "installed" stands in for evaluating the marker (the app
    does not depend on ``packaging``).
    """
    seen: dict[str, metadata.Distribution] = {}
    todo = [root]
    if root == PROJECT and _not_installed(PROJECT):
        todo = _pyproject_requirements()  # a checkout used without `pip install -e .`
    while todo:
        name = canonical(todo.pop())
        if name in seen:
            continue
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        seen[name] = dist
        todo.extend(requirement_names(dist))
    return list(seen.values())


def _not_installed(name: str) -> bool:
    try:
        metadata.distribution(name)
    except metadata.PackageNotFoundError:
        return True
    return False


def _pyproject_requirements() -> list[str]:
    import tomllib

    pyproject = Path(paths.__file__).resolve().parent.parent / "pyproject.toml"
    if not pyproject.is_file():
        return []
    requirements = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["dependencies"]
    return [re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", r).group(1) for r in requirements]


# --- Python itself and this program ---------------------------------------------------------------

def python_license_file() -> Path:
    """The interpreter's LICENSE.txt: beside the standard library (Linux, macOS) or the prefix (Windows)."""
    candidates = [Path(sysconfig.get_path("stdlib")) / "LICENSE.txt", Path(sys.base_prefix) / "LICENSE.txt"]
    for path in candidates:
        if path.is_file():
            return path
    raise MissingLicenseText(f"this Python has no LICENSE.txt (looked in {', '.join(map(str, candidates))})")


def python_component() -> Component:
    path = python_license_file()
    return Component("Python", platform.python_version(), "PSF-2.0", PYTHON,
                     (LicenseText("LICENSE.txt", path.read_text(encoding="utf-8")),), "the interpreter's LICENSE.txt")


def project_license_text(root: Path | None = None) -> str:
    """The program's own terms: LICENSE.txt at the top of the checkout, or the installed wheel's copy."""
    candidates = [root / PROJECT_LICENSE_FILE] if root is not None else []
    candidates.append(Path(paths.__file__).resolve().parent.parent / PROJECT_LICENSE_FILE)
    for path in candidates:
        if path.is_file():
            return path.read_text(encoding="utf-8")
    try:
        text = _text_in_dist_info(metadata.distribution(PROJECT), PROJECT_LICENSE_FILE)
    except metadata.PackageNotFoundError:
        text = None
    if text is None:
        raise MissingLicenseText(f"the program's own {PROJECT_LICENSE_FILE} was not found")
    return text


def program_component(root: Path | None = None) -> Component:
    return Component(PROJECT_TITLE, __version__, "LicenseRef-Proprietary (Ås kommune)", PROGRAM,
                     (LicenseText(PROJECT_LICENSE_FILE, project_license_text(root)),), PROJECT_LICENSE_FILE)


# --- the LGPL note ----------------------------------------------------------------------------------

QT_SOURCE_URLS = ("https://download.qt.io/official_releases/qt/", "https://code.qt.io/cgit/pyside/pyside-setup.git/")
NOTE_WIDTH = 96


def qt_replacement_note(qt_version: str, qt_files: list[str] | None, plugins: str | None = None,
                        contents: str = "_internal") -> str:
    """Bokmål: the user may replace the Qt libraries, which files they are and where.

    ``qt_files``: the Qt libraries in the bundle, relative to the program folder
    (the build passes them); None when the program runs from source. ``plugins``:
    Qt's plugin folder there. Paragraphs are wrapped at NOTE_WIDTH for the text
    file; :func:`reflow` joins them again for a window that wraps by itself.
    """
    paragraphs: list[str | list[str]] = [
        "Bytte Qt-bibliotekene (LGPL-3.0)",
        f"Programmet bruker Qt {qt_version} og PySide6 {qt_version} (Pythons kobling til Qt). Begge er lisensiert "
        "under GNU Lesser General Public License versjon 3 (LGPL-3.0). Du har lov til å bytte ut Qt-bibliotekene "
        "programmet bruker, for eksempel med en versjon du selv har endret og bygd.",
    ]
    if qt_files:
        paragraphs += [
            "I denne installasjonen ligger Qt som egne filer i programmappen, ikke bakt inn i programfilen. "
            "Du kan derfor bytte dem uten å bygge programmet på nytt. Qt-bibliotekene er:",
            list(qt_files),
            " ".join([
                *([f"Qt-tilleggene (plugins) ligger i {plugins}."] if plugins else []),
                f"PySide6 og shiboken6 (også LGPL-3.0) ligger i {contents}/PySide6 og {contents}/shiboken6.",
                f"Ligger det også filer med samme navn rett i {contents}, er de lenker til filene over.",
            ]),
            f"Erstatningen må være bygd fra samme Qt-versjon ({qt_version}) med samme oppsett, ellers starter "
            "ikke programmet. Lukk programmet før du bytter filene, og ta vare på de opprinnelige filene, så du "
            "kan legge dem tilbake.",
        ]
    else:
        paragraphs.append(
            "Programmet kjører nå fra kildekoden: Qt og PySide6 kommer fra Python-pakken PySide6-Essentials og "
            "kan byttes med pip, eller med en egen bygd versjon av den samme pakken.")
    paragraphs += [
        "Kildekoden til Qt og PySide6 finnes hos Qt-prosjektet (adressene er bare tekst; programmet åpner "
        "ingen nettsider):",
        list(QT_SOURCE_URLS),
    ]
    out = []
    for paragraph in paragraphs:
        if isinstance(paragraph, list):
            out.append("\n".join(f"  {line}" for line in paragraph))
        else:
            out.append(textwrap.fill(paragraph, NOTE_WIDTH, break_long_words=False, break_on_hyphens=False))
    return "\n\n".join(out) + "\n"


def reflow(text: str) -> str:
    """Join a wrapped paragraph's lines (indented lines stay as they are): for our own notes only."""
    out = []
    for block in text.split("\n\n"):
        lines = block.splitlines()
        out.append("\n".join(lines) if any(line.startswith(" ") for line in lines) else " ".join(lines))
    return "\n\n".join(out)


_LIST_ITEM = re.compile(r"^\s*(\(?[0-9A-Za-z]{1,3}[.)]|[-*•·]|\d+(\.\d+)+\.?)\s")


_FIELD = re.compile(r"^[A-Z][\w-]*:(\s|$)")  # "License: MIT", "Files: *" (Debian copyright files)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def unwrap(text: str) -> str:
    """Join the hard line breaks inside a licence text's paragraphs, for a window that wraps by itself.

    A break is taken as the file's own wrapping when the line before it nearly
    reaches the text's usual line width and the next line neither starts a
    list item nor is indented deeper. Only line breaks change: every word stays
    in place (the file in the folder is untouched).
    """
    lines = text.splitlines()
    lengths = sorted(len(line.rstrip()) for line in lines if line.strip())
    if not lengths:
        return text
    width = lengths[int(len(lengths) * 0.9)]
    out: list[str] = []
    previous = ""  # the last line as in the file (out[-1] may hold several joined)
    for line in lines:
        if (previous.strip() and line.strip() and "." not in (line.strip(), previous.strip())
                and len(previous.rstrip()) >= width - 16 and not _LIST_ITEM.match(line) and not _FIELD.match(line)
                and _indent(line) <= _indent(previous)):
            out[-1] = out[-1].rstrip() + " " + line.strip()
        else:
            out.append(line)
        previous = line
    return "\n".join(out)


# --- the folder in the bundle -----------------------------------------------------------------------

def ordered(components: list[Component]) -> list[Component]:
    return sorted(components, key=lambda c: (_KIND_ORDER.index(c.kind), c.name.lower()))


def summary_text(components: list[Component]) -> str:
    """The readable summary (OVERSIKT.txt): name, version, licence and where each text is."""
    rows = [("Navn", "Versjon", "Lisens", "Tekst (i mappen licenses)")]
    rows += [(c.name, c.version, c.license, ", ".join(c.paths())) for c in ordered(components)]
    widths = [max(len(row[i]) for row in rows[:]) for i in range(3)]
    widths = [min(w, limit) for w, limit in zip(widths, (34, 22, 48))]
    out = [
        f"{PROJECT_TITLE} {__version__}: komponenter og lisenser",
        "",
        "Programmet selv: © Ås kommune, alle rettigheter forbeholdt (teksten: første linje i tabellen).",
        "Alt annet i programmappen er tredjepartsprogramvare med egne lisenser. Hver tekst ligger i",
        "mappen som står i siste kolonne. Det samme vises i programmet: Om håndboka → Lisenser.",
        "",
    ]
    for row in rows:
        cells = [cell if len(cell) <= width else cell[: width - 1] + "…" for cell, width in zip(row[:3], widths)]
        out.append("  ".join(cell.ljust(width) for cell, width in zip(cells, widths)) + "  " + row[3])
    for c in ordered(components):
        if c.kind == QT:
            note = next((t.text for t in c.texts if t.name == QT_NOTE), "")
            if note:
                out += ["", note.rstrip()]
    return "\n".join(out).rstrip() + "\n"


def write_folder(components: list[Component], folder: Path) -> list[Path]:
    """Write every text, the summary and the index into ``folder``; returns the files written."""
    written = []
    folder.mkdir(parents=True, exist_ok=True)
    entries = []
    for c in ordered(components):
        for text, rel in zip(c.texts, c.paths()):
            path = folder / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text.text, encoding="utf-8")
            written.append(path)
        entries.append({"name": c.name, "version": c.version, "license": c.license, "kind": c.kind,
                        "source": c.source, "texts": c.paths(), "covers": list(c.covers)})
    index = folder / INDEX
    index.write_text(json.dumps({"format": FORMAT, "components": entries}, ensure_ascii=False, indent=1),
                     encoding="utf-8")
    summary = folder / SUMMARY
    summary.write_text(summary_text(components), encoding="utf-8")
    return [summary, index, *written]


def read_folder(folder: Path) -> list[Component]:
    """The components a bundle's ``licenses/`` folder describes (what the build wrote)."""
    data = json.loads((folder / INDEX).read_text(encoding="utf-8"))
    if data.get("format") != FORMAT:
        raise ValueError(f"{folder / INDEX}: unknown format {data.get('format')!r}")
    components = []
    root = folder.resolve()
    for entry in data["components"]:
        texts = []
        for rel in entry["texts"]:
            path = (folder / rel).resolve()
            if root not in path.parents:
                raise ValueError(f"{folder / INDEX}: {rel!r} is outside the folder")
            texts.append(LicenseText(path.name, path.read_text(encoding="utf-8")))
        components.append(Component(entry["name"], entry["version"], entry["license"], entry["kind"], tuple(texts),
                                     entry["source"], tuple(entry.get("covers", ()))))
    return components


# --- what the running program shows -----------------------------------------------------------------

def bundled_folder() -> Path | None:
    """The bundle's licences folder, when this is a frozen program that has one."""
    root = getattr(sys, "_MEIPASS", None)
    if root and (Path(root) / FOLDER / INDEX).is_file():
        return Path(root) / FOLDER
    return None


def source_components() -> list[Component]:
    """From source: this program, Python, Qt and every distribution the program needs, as installed here."""
    components = [program_component(), python_component()]
    for dist in runtime_distributions():
        if canonical(dist.metadata["Name"]) == PROJECT:
            continue
        components.append(distribution_component(dist))
        if canonical(dist.metadata["Name"]) == QT_DISTRIBUTION:
            components.append(qt_component(dist, note=qt_replacement_note(dist.version, None)))
    return ordered(components)


def shipped_components() -> list[Component]:
    """What this program is made of: the bundle's folder when frozen, else collected from this Python."""
    folder = bundled_folder()
    return ordered(read_folder(folder)) if folder is not None else source_components()
