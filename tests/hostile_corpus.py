"""Hostile and damaged content folders: every case of issue 13, and our own.

Each :class:`Case` breaks a copy of the real content in one way. ``outside`` is a
folder next to the content with canary files (``secret.png``, ``style.css``) that
nothing may ever open. Used by ``tests/test_hostile_content.py`` (exit code, named
file, no traceback, bounded memory, nothing outside opened) and by
``tests/benchmarks/hostile_check.py`` (time and memory of ``handbook check``).
"""

from __future__ import annotations

import os
import shutil
import socket
import stat
import struct
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

PLAN4 = "plan/04-plikt-til-a-handle.md"
ANCHOR_LINE = "Alle som jobber i Ås kommune, har en plikt til å handle og avverge vold."
MB = 1024 * 1024


def tiny_png() -> bytes:
    """A valid 1×1 PNG."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0\xff\0\0\xff")) + chunk(b"IEND", b"")


def write_canaries(outside: Path) -> dict[str, Path]:
    """Files outside the content folder that a hostile folder points at."""
    outside.mkdir(parents=True, exist_ok=True)
    png = outside / "secret.png"
    png.write_bytes(tiny_png())  # a real image, so a reader that opened it would also decode it
    css = outside / "style.css"
    css.write_text("body { background-image: url(secret.png); }\n", encoding="utf-8")
    return {"png": png, "css": css}


def add_after_line(root: Path, rel: str, line: str, addition: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert line in text, f"{rel} no longer has the line the case needs: {line!r}"
    path.write_text(text.replace(line, line + "\n\n" + addition, 1), encoding="utf-8")


def append(root: Path, rel: str, addition: str) -> None:
    path = root / rel
    path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + "\n\n" + addition + "\n", encoding="utf-8")


def replace(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{rel} no longer has {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def new_page(root: Path, name: str, body: str, header: str = "") -> Path:
    path = root / "plan" / name
    path.write_text(
        f"---\nid: plan/{Path(name).stem}\ntitle: Ekstra\norder: 99\nsource: Test\n{header}---\n\n# Ekstra\n\n{body}\n",
        encoding="utf-8",
    )
    return path


def _html(snippet: str) -> Callable[[Path, Path], None]:
    return lambda root, outside: add_after_line(root, PLAN4, ANCHOR_LINE, snippet.format(out=outside))


def _alias_bomb(levels: int = 9) -> str:
    lines = ['a0: &a0 ["x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    for i in range(1, levels + 1):
        refs = ", ".join([f"*a{i - 1}"] * 9)
        lines.append(f"a{i}: &a{i} [{refs}]")
    return "\n".join(lines)


def _alias_in_header(root: Path, outside: Path) -> None:
    lines = _alias_bomb().splitlines()
    lines[-1] = lines[-1].replace("a9: &a9", "order:")
    replace(root, PLAN4, "order: 4", "\n".join(lines))


def _alias_in_tags(root: Path, outside: Path) -> None:
    path = root / "hjelpeliste.yaml"
    anchors = "\n".join(_alias_bomb().splitlines()[:-1])
    path.write_text(anchors + "\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    replace(root, "hjelpeliste.yaml", "    tags:", "    tags: *a8\n    x-tags:")


def _nested_list(depth: int) -> Callable[[Path, Path], None]:
    body = "\n".join("    " * i + "- nivå" for i in range(depth))
    return lambda root, outside: new_page(root, "99-liste.md", body)


def _deep_yaml_flow(root: Path, outside: Path) -> None:
    replace(root, "hjelpeliste.yaml", "    tags:", "    x: " + "[" * 500 + "]" * 500 + "\n    tags:")


def _deep_yaml_block(root: Path, outside: Path) -> None:
    (root / "statistikk.yaml").write_text("tables:\n" + "- " * 3000 + "x\n", encoding="utf-8")


def _symlink(target: str) -> Callable[[Path, Path], None]:
    def build(root: Path, outside: Path) -> None:
        os.symlink(target.format(out=outside), root / "plan" / "99-lenke.md")

    return build


def _fifo(root: Path, outside: Path) -> None:
    os.mkfifo(root / "plan" / "99-fifo.md")


def _socket(root: Path, outside: Path) -> None:
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.bind(str(root / "plan" / "99-sokkel.md"))
    sock.close()


def _unreadable(root: Path, outside: Path) -> None:
    path = new_page(root, "99-lukket.md", "Tekst.")
    path.chmod(0)


def _big_page(one_line: bool) -> Callable[[Path, Path], None]:
    def build(root: Path, outside: Path) -> None:
        para = "Dette er en vanlig setning om vold i nære relasjoner. " * 20
        sep = " " if one_line else "\n\n"
        with open(root / "plan" / "99-stor.md", "w", encoding="utf-8") as fh:
            fh.write("---\nid: plan/99-stor\ntitle: Stor\norder: 99\nsource: Test\n---\n\n# Stor\n\n")
            written = 0
            while written < 50 * MB:
                fh.write(para + sep)
                written += len(para) + len(sep)

    return build


def _many_files(root: Path, outside: Path) -> None:
    filler = "Tekst om vold. " * 1000
    for i in range(20):
        new_page(root, f"99-fyll-{i:02d}.md", (filler + "\n\n") * 16)  # ~240 KB each: 4.8 MB in all


def _too_many_pages(root: Path, outside: Path) -> None:
    for i in range(310):
        new_page(root, f"99-side-{i:03d}.md", "Tekst.")


def _ansi_name(root: Path, outside: Path) -> None:
    src = (root / PLAN4).read_text(encoding="utf-8")
    (root / "plan" / "99-\x1b[31mrod\x1b[0m.md").write_text(src, encoding="utf-8")  # a duplicate id: reported by name


@dataclass(frozen=True)
class Case:
    """One hostile folder.

    Attributes:
        name: A short id for the test report.
        build: Breaks ``root`` (a copy of the real content); may use ``outside``.
        file: The file the problem must name (as ``handbook check`` prints it).
        says: A fragment of the Norwegian message.
        needs: "fifo", "socket" or "nonroot" when the platform or user must allow it.
    """

    name: str
    build: Callable[[Path, Path], None]
    file: str
    says: str
    needs: str = ""


CASES: list[Case] = [
    # Raw HTML and resource URLs (issue: "Raw HTML in Markdown is neither checked nor contained")
    Case("repro-img-dev-zero", _html('<img src="file:///dev/zero">'), PLAN4, "rå HTML ('<img src=\"file:///dev/zero\">')"),
    Case("img-absolute", _html('<img src="{out}/secret.png">'), PLAN4, "rå HTML"),
    Case("img-relative-up", _html('<img src="../../outside/secret.png">'), PLAN4, "rå HTML"),
    Case("table-background", _html('<table background="file://{out}/secret.png"><tr><td>x</td></tr></table>'), PLAN4, "rå HTML"),
    Case("td-background", _html('<table><tr><td background="{out}/secret.png">x</td></tr></table>'), PLAN4, "rå HTML"),
    Case("body-background", _html('<body background="{out}/secret.png">'), PLAN4, "rå HTML"),
    Case("css-url", _html('<p style="background-image: url(file://{out}/secret.png)">x</p>'), PLAN4, "rå HTML"),
    Case("css-link", _html('<link rel="stylesheet" href="{out}/style.css">'), PLAN4, "rå HTML"),
    Case("img-multiline", _html('Tekst <img\nsrc="{out}/secret.png"> her.'), PLAN4, "rå HTML"),
    Case("attr-list-style", _html('Avsnitt\n{{: style="background-image: url(file://{out}/secret.png)" }}'), PLAN4, "attributtet 'style' er ikke tillatt"),
    Case("markdown-image", _html("![bilde](file:///dev/zero)"), PLAN4, "bilder støttes ikke"),
    Case("markdown-image-outside", _html("![bilde](../../outside/secret.png)"), PLAN4, "bilder støttes ikke"),
    Case("link-file", _html("[fil](file:///etc/passwd)"), PLAN4, "adressetype som ikke støttes"),
    Case("link-javascript", _html("[js](javascript:alert(1))"), PLAN4, "adressetype som ikke støttes"),
    Case("yaml-name-html", lambda r, o: replace(r, "hjelpeliste.yaml", "name: ", f'name: <img src="{o}/secret.png"> '), "hjelpeliste.yaml", "teksten inneholder HTML"),
    Case("yaml-label-html", lambda r, o: replace(r, "hjelpeliste.yaml", "label: ", f"label: <table background='{o}/secret.png'> "), "hjelpeliste.yaml", "teksten inneholder HTML"),
    Case("yaml-tag-html", lambda r, o: replace(r, "hjelpeliste.yaml", "    tags: [", f'    tags: ["<img src=file://{o}/secret.png>", '), "hjelpeliste.yaml", "teksten inneholder HTML"),
    Case("yaml-url-file", lambda r, o: replace(r, "hjelpeliste.yaml", "\n    url: null", "\n    url: file:///etc/passwd"), "hjelpeliste.yaml", "file:///etc/passwd"),
    # Tracebacks that must be Norwegian problems
    Case("date-checked", lambda r, o: replace(r, "hjelpeliste.yaml", "checked: 20", "checked: 2026-02-30\n    x-checked: 20"), "hjelpeliste.yaml", "'checked: 2026-02-30' er ikke en dato som finnes"),
    Case("date-content", lambda r, o: replace(r, "meta.yaml", "content_date: ", "content_date: 2026-11-31\nx-date: "), "meta.yaml", "'content_date: 2026-11-31' er ikke en dato som finnes"),
    Case("date-signed", lambda r, o: replace(r, "meta.yaml", "plan_signed: ", "plan_signed: 2023-13-45\nx-signed: "), "meta.yaml", "'plan_signed: 2023-13-45' er ikke en dato som finnes"),
    Case("markdown-list-300", _nested_list(300), "plan/99-liste.md", "nivåer inni hverandre"),
    Case("markdown-quote-300", lambda r, o: new_page(r, "99-sitat.md", ">" * 300 + " sitat"), "plan/99-sitat.md", "nivåer inni hverandre"),
    Case("yaml-flow-500", _deep_yaml_flow, "hjelpeliste.yaml", "nivåer inni hverandre"),
    Case("yaml-block-list-3000", _deep_yaml_block, "statistikk.yaml", "for dypt inni hverandre"),
    Case("alias-bomb-order", _alias_in_header, PLAN4, "YAML-aliaser"),
    Case("alias-bomb-tags", _alias_in_tags, "hjelpeliste.yaml", "YAML-aliaser"),
    Case("symlink-dev-zero", _symlink("/dev/zero"), "plan/99-lenke.md", "peker ut av innholdsmappen"),
    Case("unreadable-file", _unreadable, "plan/99-lukket.md", "ingen tilgang", needs="nonroot"),
    # Hangs and unbounded work
    Case("fifo", _fifo, "plan/99-fifo.md", "en navngitt rørledning (FIFO)", needs="fifo"),
    Case("page-50mb", _big_page(False), "plan/99-stor.md", "større enn grensen på 512 KB"),
    Case("page-50mb-one-line", _big_page(True), "plan/99-stor.md", "større enn grensen på 512 KB"),
    Case("brackets-20000", lambda r, o: new_page(r, "99-klammer.md", "[" * 20000), "plan/99-klammer.md", "formateringstegn"),
    Case("emphasis-5000", lambda r, o: new_page(r, "99-uthev.md", "*_" * 5000), "plan/99-uthev.md", "formateringstegn"),
    Case("paragraph-30000", lambda r, o: new_page(r, "99-avsnitt.md", "ord " * 7500), "plan/99-avsnitt.md", "avsnittet er lengre enn grensen"),
    Case("brackets-unclosed", lambda r, o: new_page(r, "99-klammer.md", "Tekst [uten slutt. " * 3), "plan/99-klammer.md", "lukkes ikke"),
    Case("link-unclosed", lambda r, o: new_page(r, "99-lenker.md", "[a](" * 90), "plan/99-lenker.md", "mangler en avsluttende ')'"),
    Case("brackets-deep", lambda r, o: new_page(r, "99-klammer.md", "[" * 50 + "a" + "]" * 50), "plan/99-klammer.md", "står mer enn 4 inni hverandre"),
    # Elsewhere
    Case("ansi-file-name", _ansi_name, "plan/99-\\x1b[31mrod\\x1b[0m.md", "Hver id må være unik"),
    Case("nul-in-heading", lambda r, o: append(r, PLAN4, "## Overskrift\x00 med NUL"), PLAN4, "kontrolltegn (U+0000)"),
    Case("escape-in-heading", lambda r, o: append(r, PLAN4, "## Overskrift \x1b[2J"), PLAN4, "kontrolltegn (U+001B)"),
    # Our own
    Case("symlink-outside-file", _symlink("{out}/secret.png"), "plan/99-lenke.md", "peker ut av innholdsmappen"),
    Case("symlink-outside-folder", lambda r, o: (os.rename(r / "veileder", o / "veileder"), os.symlink(o / "veileder", r / "veileder")), "veileder/", "mappen mangler"),
    Case("socket", _socket, "plan/99-sokkel.md", "sokkel", needs="socket"),
    Case("folder-named-md", lambda r, o: (r / "plan" / "99-mappe.md").mkdir(), "plan/99-mappe.md", "en mappe"),
    Case("device-as-data-file", lambda r, o: ((r / "synonymer.yaml").unlink(), os.symlink("/dev/urandom", r / "synonymer.yaml")), "synonymer.yaml", "peker ut av innholdsmappen"),
    Case("folder-over-total", _many_files, "plan/", "til sammen over grensen på 4 MB"),
    Case("too-many-pages", _too_many_pages, "plan/", "flere enn 300 .md-filer"),
    Case("markup-per-paragraph", lambda r, o: new_page(r, "99-uthev.md", "**a** " * 120), "plan/99-uthev.md", "formateringstegn"),
    Case("markup-over-total", lambda r, o: new_page(r, "99-uthev.md", "\n\n".join(["**a** " * 99] * 60)), "plan/99-uthev.md", "over 20000 formateringstegn"),
    Case("yaml-python-tag", lambda r, o: replace(r, "meta.yaml", "title: ", "x: !!python/object/apply:os.system ['true']\ntitle: "), "meta.yaml", "YAML-merkelapper"),
    Case("yaml-huge-int", lambda r, o: replace(r, PLAN4, "order: 4", "order: " + "9" * 5000), PLAN4, "lengre enn 30 sifre"),
    Case("yaml-brackets", lambda r, o: replace(r, "hjelpeliste.yaml", "    description: ", '    description: "' + "[" * 30 + '"\n    x-description: '), "hjelpeliste.yaml", "inni hverandre"),
    Case("not-utf8", lambda r, o: (r / "meta.yaml").write_bytes(b"title: H\xe5ndbok\n"), "meta.yaml", "ikke UTF-8-tekst"),
    Case("bidi-override", lambda r, o: append(r, PLAN4, "Tekst \u202e snudd"), PLAN4, "kontrolltegn (U+202E)"),
]
# Within every limit: these must simply be read, quickly (``file`` "" = no problem expected).
ACCEPTED: list[Case] = [
    Case("emphasis-within", lambda r, o: new_page(r, "99-uthev.md", "\n\n".join(["*_" * 190] * 40)), "", ""),
    Case("crlf-and-bom", lambda r, o: (r / PLAN4).write_bytes(b"\xef\xbb\xbf" + (r / PLAN4).read_bytes().replace(b"\n", b"\r\n")), "", ""),
    Case("symlink-inside", lambda r, o: (os.rename(r / PLAN4, r / "kopi.md"), os.symlink("../kopi.md", r / PLAN4)), "", ""),
]


def can_build(case: Case) -> bool:
    if case.needs == "fifo":
        return hasattr(os, "mkfifo")
    if case.needs == "socket":
        return hasattr(socket, "AF_UNIX")
    if case.needs == "nonroot":
        return hasattr(os, "geteuid") and (os.geteuid() != 0 or shutil.which("setpriv") is not None)
    return True


def as_non_root() -> list[str]:
    """A command prefix that runs without root's right to read any file (empty when not root).

    The tests run as root in CI; ``setpriv`` drops the two capabilities that let root
    read a mode-000 file, so the permission error is real.
    """
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return []
    caps = "-dac_override,-dac_read_search"
    return ["setpriv", f"--bounding-set={caps}", f"--inh-caps={caps}", "--"]


def build(case: Case, content: Path, root: Path) -> tuple[Path, Path]:
    """A copy of ``content`` at ``root/content`` broken by ``case``; returns (content, outside)."""
    target = root / "content"
    shutil.copytree(content, target)
    outside = root / "outside"
    write_canaries(outside)
    case.build(target, outside)
    return target, outside


def restore_permissions(root: Path) -> None:
    """Let pytest clean up a folder with a mode-000 file."""
    for path in root.rglob("*"):
        if not path.is_symlink() and path.exists() and not stat.S_ISFIFO(path.lstat().st_mode):
            path.chmod(0o755)
