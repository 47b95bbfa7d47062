"""How old the content is, and the calm notice after too long without an update. No Qt.

The content's own date (``content_date`` in meta.yaml, the coordinator's) is what ages: the same
on every laptop, and it moves only when the coordinator sends new content.
"""

from __future__ import annotations

import datetime as dt

from handbook.packs.errors import ASK


def add_months(date: dt.date, months: int) -> dt.date:
    """``date`` plus whole months; the 31st becomes the month's last day."""
    month = date.month - 1 + months
    year, month = date.year + month // 12, month % 12 + 1
    for day in (date.day, 30, 29, 28):
        try:
            return dt.date(year, month, day)
        except ValueError:
            continue
    raise ValueError(date)


def is_stale(content_date: dt.date, months: int, today: dt.date | None = None) -> bool:
    return (today or dt.date.today()) >= add_months(content_date, months)


def version_line(meta) -> str:
    """«Innhold: versjon 1.0.0, 26.11.2026» (the start page's footer)."""
    return f"Innhold: versjon {meta.content_version}, {meta.content_date.strftime('%d.%m.%Y')}"


def stale_notice(meta, months: int, today: dt.date | None = None) -> str | None:
    """The notice when the content is older than ``months``; None while it is not."""
    if not is_stale(meta.content_date, months, today):
        return None
    years = months // 12
    span = ("ett år" if years == 1 else f"{years} år") if months % 12 == 0 else f"{months} måneder"
    return (f"Innholdet er fra {meta.content_date.strftime('%d.%m.%Y')} og er eldre enn {span}. Telefonnumre og "
            f"åpningstider kan ha endret seg siden. {ASK[:-1]} om en ny utgave.")
