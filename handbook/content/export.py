"""The stable JSONL export: one section per line (id, page, title, anchor, text)."""

from __future__ import annotations

import json
from typing import Iterator

from handbook.content.model import Handbook


def export_records(handbook: Handbook) -> Iterator[dict]:
    for s in handbook.sections:
        yield {"id": s.id, "page": s.page, "title": s.title, "anchor": s.anchor, "text": s.text}


def export_jsonl(handbook: Handbook) -> Iterator[str]:
    for record in export_records(handbook):
        yield json.dumps(record, ensure_ascii=False)
