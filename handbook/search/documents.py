"""What the index holds: the schema, and one document per handbook section.

Fields carry no boost of their own; the query gives each field its weight
(:mod:`handbook.search.query`), so ranking can be tuned without a rebuild.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Iterable, Iterator

import whoosh
from whoosh.fields import ID, TEXT, Schema

from handbook.content.model import Handbook, Section
from handbook.digest import sha256
from handbook.search.analysis import ANALYZER_VERSION, HandbookAnalyzer

#: Bump when the schema or the documents change shape (the index is rebuilt).
SCHEMA_VERSION = 2

#: Kinds whose sections are things with a name (a service, a form of violence, a
#: duty card): their title also goes to the ``name`` field, so a query naming
#: one puts it first.
NAMED_KINDS = {"contact", "violence", "card"}

#: Kinds whose keywords describe the whole page (front matter), not one entry:
#: they go to the weaker ``topic`` field, so the section that says the word wins.
TOPIC_KINDS = {"plan", "card", "flow"}


def schema() -> Schema:
    stem, gram = HandbookAnalyzer("stem"), HandbookAnalyzer("gram")
    return Schema(
        id=ID(stored=True, unique=True),
        kind=ID(stored=True),
        title=TEXT(analyzer=stem, phrase=True),
        name=TEXT(analyzer=stem, phrase=True),
        keywords=TEXT(analyzer=stem, phrase=True),
        topic=TEXT(analyzer=stem, phrase=True),
        body=TEXT(analyzer=stem, phrase=True),
        parent=TEXT(analyzer=stem, phrase=False),
        gram=TEXT(analyzer=gram, phrase=False),
    )


def is_named(section: Section) -> bool:
    """True for a contact card, a form of violence or a duty card (not the list pages)."""
    if section.kind not in NAMED_KINDS:
        return False
    return section.level == 1 if section.kind == "card" else section.level > 1


@dataclass(frozen=True)
class Unit:
    """What one search hit stands for: a section, or a page's bare title with the section below it.

    Attributes:
        sections: The sections, first one first; the hit takes the first one's
            id, title and anchor and all of their text.
        context: Headings with no text of their own just before (such as
            "Utfyllende veiledning"); their words count as context.
    """

    sections: tuple[Section, ...]
    context: tuple[Section, ...] = ()

    @property
    def head(self) -> Section:
        return self.sections[0]

    @property
    def id(self) -> str:
        return self.head.id

    @property
    def text(self) -> str:
        return "\n\n".join(s.text for s in self.sections)

    @property
    def display_text(self) -> str:
        """The text without its navigation lines ("Les mer: pliktkortet"), for snippets."""
        return "\n\n".join(without_navigation(s) for s in self.sections)


# "Les mer: [pliktkortet](veileder/…)", "Bygger på: [kilden](plan/…)": a short label and internal links only.
_NAV_LINE = re.compile(r"^[ \t]*[^\[\]\n:]{1,40}:[ \t]*(?:\[[^\]\n]+\]\((?![a-z]+:)[^)\n]+\)[ \t,;]*)+$", re.M)
_LINK = re.compile(r"\[([^\]\n]+)\]\([^)\n]+\)")


def without_navigation(section: Section) -> str:
    """``section.text`` without the paragraphs that only point elsewhere in the handbook."""
    nav = {" ".join(_LINK.sub(r"\1", m.group(0)).split()) for m in _NAV_LINE.finditer(section.markdown)}
    if not nav:
        return section.text
    kept = [p for p in section.text.split("\n\n") if " ".join(p.split()) not in nav]
    return "\n\n".join(kept)


def heading_only(section: Section) -> bool:
    """True when a section holds nothing but its heading."""
    text = section.text.strip()
    if text.startswith(section.title):
        text = text[len(section.title) :]
    return len(text.strip()) < 3


def units(handbook: Handbook) -> list[Unit]:
    """The searchable units, in handbook order.

    A page whose title section has no text (a duty card) joins it with the
    section below, so the hit opens the page at its top and shows that text;
    a bare heading inside a page passes its words to the next section as context.
    """
    out: list[Unit] = []
    for page in handbook.pages:
        secs = page.sections
        lead: tuple[Section, ...] = ()
        context: list[Section] = []
        for i, section in enumerate(secs):
            last = i + 1 == len(secs)
            if heading_only(section) and not last:
                if i == 0:
                    lead = (section,)
                else:
                    context.append(section)
                continue
            out.append(Unit((*lead, section), tuple(context)))
            lead, context = (), []
    return out


def unit_document(unit: Unit) -> dict[str, str]:
    """The field values of one unit."""
    sections = unit.sections
    head = unit.head
    owned = [s for s in (*sections, *unit.context) if s.kind not in TOPIC_KINDS]
    topical = [s for s in (*sections, *unit.context) if s.kind in TOPIC_KINDS]
    keywords = "\n".join(k for s in owned for k in s.keywords)
    topic = "\n".join(k for s in topical for k in s.keywords)
    names = [s.title for s in sections if is_named(s)]
    titles = [s.title for s in sections]
    context = [head.parent_title] if head.parent_title not in titles else []
    context += [c.title for c in unit.context]
    body = unit.text
    return {
        "id": head.id,
        "kind": head.kind,
        "title": "\n".join(titles),
        "name": "\n".join(names),
        "keywords": keywords,
        "topic": topic,
        "body": body,
        "parent": "\n".join(context),
        "gram": "\n".join((*titles, keywords, topic, body)),
    }


def documents(handbook: Handbook) -> Iterator[dict[str, str]]:
    for unit in units(handbook):
        yield unit_document(unit)


def signature(docs: Iterable[dict[str, str]]) -> str:
    """A fingerprint of exactly what the index holds, and of how it was analysed.

    It covers the documents (so content, loader and keyword changes all
    count), the analyzer and schema versions and Whoosh's version.
    """
    digest = sha256(
        f"schema:{SCHEMA_VERSION};analyzer:{ANALYZER_VERSION};whoosh:{whoosh.versionstring()}\n".encode()
    )
    for doc in docs:
        digest.update(json.dumps(doc, sort_keys=True, ensure_ascii=False).encode())
        digest.update(b"\n")
    return digest.hexdigest()[:32]
