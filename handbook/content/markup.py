"""The content's markup rules: no raw HTML, and Markdown whose work is bounded.

The coordinator writes Markdown and plain YAML text; the app renders it itself.
Raw HTML is refused everywhere (it could make the reader load files: ``<img src>``,
``background``, CSS ``url()``), except the one named safe tag ``<br>`` (a line break
in a table cell, written without attributes). Autolinks (``<https://…>``) are
Markdown, not HTML; their addresses are checked with the other links.

Python-Markdown does quadratic work on some shapes of text (unclosed ``[``, very
long paragraphs) and recurses on deep nesting, so Markdown (and YAML text, which
the generated pages render as Markdown) is held to the limits in
:mod:`handbook.content.limits` before it is rendered.
"""

from __future__ import annotations

import re

from handbook.content import limits

# What Python-Markdown passes through as HTML: a tag, a closing tag, a comment, a
# declaration or a processing instruction (possibly over several lines).
_TAG = re.compile(r"<(?:[A-Za-z][^<>]*|/[^<>]*|![^<>]*|\?[^<>]*)>", re.S)
_AUTOLINK = re.compile(r"<[A-Za-z][A-Za-z0-9+.-]*:[^<>\s]*>")
_AUTOMAIL = re.compile(r"<[^<> !]+@[^@<> ]+>")
_SAFE_TAG = re.compile(r"<br\s*/?>", re.I)
_MARKUP = "*_[`<&"
_CONTAINER = re.compile(r"[ \t]*(?:>|[-+*](?=[ \t])|\d{1,9}[.)](?=[ \t]))")

HTML_FIX = (
    "HTML er ikke tillatt i innholdet (bare Markdown og vanlig tekst; linjeskift i en tabellcelle kan skrives <br>). "
    "Fjern koden, eller skriv tegnet '<' som '\\<'."
)


def short(snippet: str, limit: int = 40) -> str:
    """A snippet on one line, shortened, for a message."""
    one = " ".join(snippet.split())
    return one if len(one) <= limit else one[: limit - 1] + "…"


def find_html(text: str) -> list[tuple[int, str]]:
    """Every piece of raw HTML in ``text``: (offset, the tag). ``<br>`` and autolinks are not HTML."""
    found = []
    for m in _TAG.finditer(text):
        tag = m.group()
        if _SAFE_TAG.fullmatch(tag) or _AUTOLINK.fullmatch(tag) or _AUTOMAIL.fullmatch(tag):
            continue
        if m.start() and text[m.start() - 1] == "\\":
            continue
        found.append((m.start(), tag))
    return found


def inline_problems(text: str) -> list[tuple[int, str]]:
    """Bounded-work problems in one block of text: (offset, message).

    Every ``[`` must be closed by a ``]`` in the same block, at most
    :data:`~handbook.content.limits.MAX_BRACKET_DEPTH` deep, and a link's ``](`` by a ``)``:
    an unclosed bracket makes the Markdown parser search the rest of the block
    again for every one of them.
    """
    if len(text) > limits.MAX_BLOCK_CHARS:
        return [(0, f"avsnittet er lengre enn grensen på {limits.MAX_BLOCK_CHARS} tegn. Del det med en tom linje.")]
    marks = sum(text.count(c) for c in _MARKUP)
    if marks > limits.MAX_MARKUP_PER_BLOCK:
        return [(0, f"avsnittet har {marks} formateringstegn (* _ [ ` < &), over grensen på "
                    f"{limits.MAX_MARKUP_PER_BLOCK}. Del det med en tom linje, eller fjern formatering.")]
    opened: list[int] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":
            opened.append(i)
            if len(opened) > limits.MAX_BRACKET_DEPTH:
                return [(i, f"hakeparenteser '[' står mer enn {limits.MAX_BRACKET_DEPTH} inni hverandre (grensen). Fjern de overflødige.")]
        elif c == "]" and opened:
            opened.pop()
            if i + 1 < n and text[i + 1] == "(":
                end = _closing_paren(text, i + 1)
                if end < 0:
                    return [(i, "lenken mangler en avsluttende ')'. Skriv lenken som [tekst](adresse).")]
                i = end
        i += 1
    if opened:
        return [(opened[0], "hakeparentesen '[' lukkes ikke med ']' i samme avsnitt. Lukk den, eller skriv '\\['.")]
    return []


def _closing_paren(text: str, start: int) -> int:
    """The index of the ``)`` closing the ``(`` at ``start``, or -1 (also when nested too deep)."""
    depth = 0
    i = start
    while i < len(text):
        c = text[i]
        if c == "\\":
            i += 2
            continue
        if c == "(":
            depth += 1
            if depth > limits.MAX_BRACKET_DEPTH:
                return -1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return i
        elif c == "\n" and text[i + 1 : i + 2] == "\n":
            return -1
        i += 1
    return -1


def nesting(line: str) -> int:
    """How deep a Markdown line sits in lists and block quotes (indent of 4 = one level)."""
    depth, pos = 0, 0
    while True:
        m = _CONTAINER.match(line, pos)
        if m is None:
            break
        depth += 1
        pos = m.end()
    indent = len(line[: len(line) - len(line.lstrip(" \t"))].expandtabs(4))
    return depth + indent // 4


def markdown_problems(body: str) -> list[tuple[int, str]]:
    """Problems in a Markdown body before it is rendered: (line offset from 0, message)."""
    found: list[tuple[int, str]] = []
    for offset, tag in find_html(body):
        found.append((body.count("\n", 0, offset), f"rå HTML ('{short(tag)}'). {HTML_FIX}"))
        break  # one per file: the coordinator fixes them all at once
    lines = body.split("\n")
    for number, line in enumerate(lines):
        if nesting(line) > limits.MAX_MARKDOWN_NESTING:
            found.append(
                (number, f"lister eller sitater står mer enn {limits.MAX_MARKDOWN_NESTING} nivåer inni hverandre (grensen). Flat ut strukturen.")
            )
            break
    start = 0
    block: list[str] = []
    for number, line in enumerate([*lines, ""]):
        if line.strip():
            if not block:
                start = number
            block.append(line)
            continue
        if block:
            text = "\n".join(block)
            for offset, message in inline_problems(text):
                found.append((start + text.count("\n", 0, offset), message))
            block = []
    return found


def text_problems(text: str) -> list[tuple[int, str]]:
    """Problems in one YAML text value (it may be shown as Markdown): (offset, message)."""
    found = [(offset, f"teksten inneholder HTML ('{short(tag)}'). {HTML_FIX}") for offset, tag in find_html(text)[:1]]
    for block_start, block in _blocks(text):
        found += [(block_start + offset, message) for offset, message in inline_problems(block)]
    return found


def _blocks(text: str):
    start = 0
    for m in re.finditer(r"\n[ \t]*\n", text):
        yield start, text[start : m.start()]
        start = m.end()
    yield start, text[start:]
