"""Pinned and recent places: what the sidebar lists, under which label, and the pin toggle.

A place is pinned (or remembered) by the id its view gives it (:meth:`View.place_id`):
a section id, or ``hjelpeliste#<contact>``. Recent places go to disk only when the
user has turned history on.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from handbook.content import page_ids

RECENT_LIMIT = 10


def _tr(text: str) -> str:
    return QCoreApplication.translate("MainWindow", text)


class Places:
    """Pins and recent places, kept in the settings.

    Args:
        settings: :class:`handbook.settings.Settings` (``favourites``, ``recent``, ``keep_history``).
    """

    def __init__(self, settings) -> None:
        self.settings = settings
        self.handbook = None

    def remember(self, place_id: str) -> None:
        """Put ``place_id`` first in the recent list (only when the user keeps history)."""
        if not self.settings.get("keep_history") or not place_id:
            return
        recent = [r for r in self.settings.get("recent") if r != place_id]
        self.settings.set("recent", [place_id, *recent][:RECENT_LIMIT])

    def is_pinned(self, place_id: str) -> bool:
        return place_id in self.settings.get("favourites")

    def toggle_pin(self, place_id: str) -> str:
        """Pin or unpin ``place_id``; returns what to say: saved, or only for this session and (once) why.

        The change is applied on top of what is stored now, so a pin another instance made
        meanwhile is kept (:meth:`Settings.update_list`).
        """
        if place_id in self.settings.get("favourites"):
            saved = self.settings.update_list("favourites", remove=place_id)
            done, session = _tr("Løsnet fra sidefeltet."), _tr("Løsnet fra sidefeltet til programmet lukkes")
        else:
            saved = self.settings.update_list("favourites", add=place_id)
            done, session = _tr("Festet i sidefeltet."), _tr("Festet i sidefeltet til programmet lukkes")
        if saved:
            return done
        reason = self.settings.take_unsaved_reason()
        if reason:
            return session + ": " + _tr("innstillingene kunne ikke lagres. {why}").format(why=reason)
        return session + " " + _tr("(innstillingene kan ikke lagres).")

    def recent_entries(self) -> list[tuple[str, str]]:
        if not self.settings.get("keep_history"):
            return []
        return self._entries(self.settings.get("recent"))

    def favourite_entries(self) -> list[tuple[str, str]]:
        return self._entries(self.settings.get("favourites"))

    def _entries(self, targets: list[str]) -> list[tuple[str, str]]:
        out = []
        for target in targets:
            label = self.label_for(target)
            if label:
                out.append((target, label))
        return out

    def label_for(self, target: str) -> str:
        """What the sidebar calls a pinned or recent place ("" if the content no longer has it)."""
        if self.handbook is None:
            return ""
        if target == page_ids.HELP_LIST:
            return _tr("Hvem kan hjelpe?")
        section = self.handbook.section(target)
        if section is None:
            page = self.handbook.page(target)
            return page.title if page is not None else ""
        if not section.anchor or section.title == section.parent_title:
            return section.title
        return f"{section.title} ({section.parent_title})" if section.parent_title else section.title
