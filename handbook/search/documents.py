"""What the index holds: the schema, and one document per handbook section.

Fields carry no boost of their own; the query gives each field its weight
(:mod:`handbook.search.query`), so ranking can be tuned without a rebuild.
"""

from __future__ import annotations

import hashlib
import json
from typing import Iterable, Iterator

import whoosh
from whoosh.fields import ID, TEXT, Schema

from handbook.content.model import Handbook, Section
from handbook.search.analysis import ANALYZER_VERSION, HandbookAnalyzer

#: Bump when the schema or the documents change shape (the index is rebuilt).
SCHEMA_VERSION = 1

#: Kinds whose sections are things with a name (a service, a form of violence, a
#: duty card): their title also goes to the ``name`` field, so a query naming
#: one puts it first.
NAMED_KINDS = {"contact", "violence", "card"}


def schema() -> Schema:
    stem, gram = HandbookAnalyzer("stem"), HandbookAnalyzer("gram")
    return Schema(
        id=ID(stored=True, unique=True),
        kind=ID(stored=True),
        title=TEXT(analyzer=stem, phrase=True),
        name=TEXT(analyzer=stem, phrase=True),
        keywords=TEXT(analyzer=stem, phrase=True),
        body=TEXT(analyzer=stem, phrase=True),
        parent=TEXT(analyzer=stem, phrase=False),
        gram=TEXT(analyzer=gram, phrase=False),
    )


def is_named(section: Section) -> bool:
    """True for a contact card, a form of violence or a duty card (not the list pages)."""
    if section.kind not in NAMED_KINDS:
        return False
    return section.level == 1 if section.kind == "card" else section.level > 1


def section_document(section: Section) -> dict[str, str]:
    """The field values of one section."""
    keywords = "\n".join(section.keywords)
    return {
        "id": section.id,
        "kind": section.kind,
        "title": section.title,
        "name": section.title if is_named(section) else "",
        "keywords": keywords,
        "body": section.text,
        "parent": section.parent_title if section.parent_title != section.title else "",
        "gram": "\n".join((section.title, keywords, section.text)),
    }


def documents(handbook: Handbook) -> Iterator[dict[str, str]]:
    for section in handbook.sections:
        yield section_document(section)


def signature(docs: Iterable[dict[str, str]]) -> str:
    """A fingerprint of exactly what the index holds, and of how it was analysed.

    It covers the documents (so content, loader and synonym-free keyword
    changes all count), the analyzer and schema versions and Whoosh's version.
    """
    digest = hashlib.sha256(
        f"schema:{SCHEMA_VERSION};analyzer:{ANALYZER_VERSION};whoosh:{whoosh.versionstring()}\n".encode()
    )
    for doc in docs:
        digest.update(json.dumps(doc, sort_keys=True, ensure_ascii=False).encode())
        digest.update(b"\n")
    return digest.hexdigest()[:32]
