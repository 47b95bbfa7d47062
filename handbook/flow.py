"""The decision flowchart ("Hva gjør jeg nå?"): model, validation and its page. No Qt.

Stub: the flowchart issue fills this in. The loader calls:
- ``parse_flow(data, rel, problems) -> Flow | None``
- ``flow_page(flow, builder, contacts_by_id) -> Page``
- ``validate_flow(flow, section_ids, contact_ids, rel, problems) -> None``
"""

from __future__ import annotations


def parse_flow(data, rel, problems):
    return None


def flow_page(flow, builder, contacts_by_id):
    raise NotImplementedError


def validate_flow(flow, section_ids, contact_ids, rel, problems):
    return None
