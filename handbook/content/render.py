"""Markdown → sections → HTML and plain text.

Pipeline (after MkDocs): split the body at its headings, render each section
with a fresh ``markdown.Markdown`` state (``reset()``), collect links from the
element tree rather than re-parsing HTML, and derive plain text for search.
Internal links (a section id without a scheme) are rewritten to ``hb:ID`` so
the reader can route them; they are collected for validation.

The output holds only what Markdown itself makes (the content policy, see
:mod:`handbook.content.markup`): raw HTML that reaches the renderer is escaped
to text, and attributes other than a small named set (``attr_list`` can add any)
are dropped; both are reported in :attr:`Renderer.refused`, so a check that was
bypassed upstream is still caught here.
"""

from __future__ import annotations

import html as htmllib
import re
import unicodedata
from dataclasses import dataclass
from html.parser import HTMLParser

import markdown
from markdown.extensions import Extension
from markdown.extensions.attr_list import AttrListExtension
from markdown.extensions.sane_lists import SaneListExtension
from markdown.extensions.tables import TableExtension
from markdown.postprocessors import Postprocessor
from markdown.treeprocessors import Treeprocessor

from handbook.content.markup import HTML_FIX, short

INTERNAL_SCHEME = "hb:"
_HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)(?:[ \t]+\{#([A-Za-z0-9_.-]+)\})?[ \t]*#*[ \t]*$")
_FENCE = re.compile(r"^(```|~~~)")
_NUMBER = re.compile(r"^(?:Tiltak\s+|Strategi\s+)?(\d+(?:\.\d+)*)\.?(?=[\s:])")
_EXTERNAL = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_FOLD = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "Æ": "ae", "Ø": "o", "Å": "a"})


def slugify(text: str) -> str:
    """A readable ASCII anchor: 'Plikt til å handle' → 'plikt-til-a-handle'."""
    text = text.translate(_FOLD).lower()
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def section_number(title: str) -> str:
    """The plan's section number in a heading ('3.5 Lokale forhold' → '3.5')."""
    m = _NUMBER.match(title.strip())
    return m.group(1) if m else ""


@dataclass
class RawSection:
    level: int
    title: str
    anchor: str
    body: str
    line: int


def split_sections(body: str, first_line: int = 1) -> list[RawSection]:
    """Split Markdown at ATX headings (outside code fences).

    Text before the first heading becomes part of a level-0 section with an
    empty title; the loader reports it.
    """
    sections: list[RawSection] = []
    current = RawSection(0, "", "", "", first_line)
    buf: list[str] = []
    in_fence = False
    for offset, line in enumerate(body.splitlines()):
        if _FENCE.match(line.strip()):
            in_fence = not in_fence
        m = None if in_fence else _HEADING.match(line)
        if m:
            current.body = "\n".join(buf).strip("\n")
            if current.level or current.body.strip():
                sections.append(current)
            title = m.group(2).strip()
            anchor = m.group(3) or slugify(title)
            current = RawSection(len(m.group(1)), title, anchor, "", first_line + offset)
            buf = []
        else:
            buf.append(line)
    current.body = "\n".join(buf).strip("\n")
    if current.level or current.body.strip():
        sections.append(current)
    return sections


class _LinkCollector(Treeprocessor):
    def run(self, root):
        links = self.md.collected_links  # type: ignore[attr-defined]
        for el in root.iter("a"):
            href = el.get("href", "")
            if not href:
                continue
            if href.startswith("#") or not _EXTERNAL.match(href):
                links.append(href)
                el.set("href", INTERNAL_SCHEME + href)
            else:
                links.append(href)
        for el in root.iter("img"):
            # The laptops are offline and QTextBrowser must never fetch: images are not allowed.
            links.append("img:" + el.get("src", ""))


# The attributes Markdown itself writes; everything else (from attr_list) is dropped.
_ATTRIBUTES = {"id", "class", "title", "href", "name", "src", "alt"}
_ALIGN = re.compile(r"text-align: (?:left|right|center);")
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{0,31});")
_BR = re.compile(r"<br\s*/?>", re.I)


class _AttributePolicy(Treeprocessor):
    def run(self, root):
        refused = self.md.refused  # type: ignore[attr-defined]
        for el in root.iter():
            for key, value in list(el.attrib.items()):
                if key in _ATTRIBUTES or (key == "style" and el.tag in ("th", "td") and _ALIGN.fullmatch(value)):
                    continue
                del el.attrib[key]
                refused.append(f"attributtet '{short(key)}' er ikke tillatt ('{short(key + '=' + value)}'). Fjern {{: …}}-tillegget.")


class _RawHtmlPolicy(Postprocessor):
    """Escapes raw HTML from the stash before it is put back, keeping entities and ``<br>``."""

    def run(self, text):
        stash = self.md.htmlStash
        for i, block in enumerate(stash.rawHtmlBlocks):
            raw = str(block)
            if _ENTITY.fullmatch(raw) or _BR.fullmatch(raw.strip()):
                continue
            self.md.refused.append(f"rå HTML ('{short(raw)}'). {HTML_FIX}")  # type: ignore[attr-defined]
            stash.rawHtmlBlocks[i] = htmllib.escape(raw)
        return text


class _Collect(Extension):
    def extendMarkdown(self, md):
        md.collected_links = []
        md.refused = []
        md.treeprocessors.register(_LinkCollector(md), "hb_links", 1)
        md.treeprocessors.register(_AttributePolicy(md), "hb_attributes", 0)
        md.postprocessors.register(_RawHtmlPolicy(md), "hb_raw_html", 40)  # before 'raw_html' (30)


class Renderer:
    """Renders Markdown snippets; one instance, ``reset()`` between snippets.

    Attributes:
        refused: What the last :meth:`render` removed under the content policy (messages).
    """

    def __init__(self) -> None:
        self._md = markdown.Markdown(
            # Instances, not names: a name is looked up among the installed packages' entry points
            # (importlib.metadata, email, zipfile, csv, socket: about 2 MB that finding three classes
            # of Markdown's own does not need).
            extensions=[TableExtension(), AttrListExtension(), SaneListExtension(), _Collect()],
            output_format="html",
        )

    def render(self, text: str) -> tuple[str, list[str]]:
        """Return (html, link targets) for a Markdown snippet."""
        self._md.reset()
        self._md.collected_links = []  # type: ignore[attr-defined]
        self._md.refused = []  # type: ignore[attr-defined]
        html = self._md.convert(text)
        self.refused = list(self._md.refused)  # type: ignore[attr-defined]
        return html, list(self._md.collected_links)  # type: ignore[attr-defined]


class _TextExtractor(HTMLParser):
    _BLOCK = {"p", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "table", "div", "br", "ul", "ol"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag, _attrs):
        if tag in self._BLOCK:
            self.parts.append("\n")
        elif tag in ("td", "th"):
            self.parts.append(" ")

    def handle_endtag(self, tag):
        if tag in self._BLOCK:
            self.parts.append("\n")
        elif tag in ("td", "th"):
            self.parts.append(" ")

    def handle_data(self, data):
        self.parts.append(data)


def html_to_text(html: str) -> str:
    """Plain text of rendered HTML: paragraphs on their own lines, table cells kept."""
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    text = "".join(parser.parts)
    lines = [re.sub(r"[ \t\u00a0]+", " ", ln).strip() for ln in text.splitlines()]
    out: list[str] = []
    for ln in lines:
        if ln or (out and out[-1]):
            out.append(ln)
    return "\n".join(out).strip()


def anchor_html(anchor: str) -> str:
    return f'<a name="{htmllib.escape(anchor)}"></a>' if anchor else ""
