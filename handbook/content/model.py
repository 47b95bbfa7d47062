"""The handbook's typed content model: plain, immutable data, no Qt.

A :class:`Handbook` holds pages (plan chapters, duty cards and the generated
pages for the help list, the forms of violence and the flowchart); each page
is a sequence of :class:`Section` objects, one per heading, which is the unit
search returns and the reader scrolls to.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Mapping

from handbook.content.flow import Flow
from handbook.content.page_ids import HELP_LIST, VIOLENCE_FORMS, section_id

# The mark on every part that is not from the adopted plan (cards, help-list additions, flowchart steps).
# The emergency numbers (fire, police, medical). On an urgent step one of them is the number
# shown largest; on any other step they stay smaller, so nobody dials 112 to ask for advice.
# Here, not in ``phones``, so that the window can use it before phonenumbers is imported.
EMERGENCY = frozenset({"110", "112", "113"})
# Resource URLs of the charts drawn from the content's tables (<img src="chart:id">).
CHART_SCHEME = "chart:"
SUPPLEMENTARY_BANNER = "Utfyllende veiledning – ikke en del av den vedtatte planen"


@dataclass(frozen=True)
class Source:
    """A named public source for supplementary guidance."""

    title: str
    url: str | None = None


@dataclass(frozen=True)
class Section:
    """One heading and the text below it, up to the next heading.

    Attributes:
        id: Stable, readable id: ``page`` or ``page#anchor``.
        page: Id of the page the section belongs to.
        title: Heading text.
        anchor: Anchor within the page ("" for the page's first section).
        level: Heading level (1 for the page title).
        kind: ``plan``, ``card``, ``contact``, ``violence`` or ``flow``.
        markdown: The section's Markdown source (after data expansion).
        html: Rendered HTML for QTextBrowser.
        text: Plain text (table cells included) for search and export.
        number: A section number from the heading ("3.5"), or "".
        keywords: Everyday words and synonyms that should find this section.
        parent_title: Title of the page, for "page › section" breadcrumbs.
        tables: Ids of the statistics tables shown in the section.
    """

    id: str
    page: str
    title: str
    anchor: str
    level: int
    kind: str
    markdown: str
    html: str
    text: str
    number: str = ""
    keywords: tuple[str, ...] = ()
    parent_title: str = ""
    tables: tuple[str, ...] = ()


@dataclass(frozen=True)
class Page:
    """A page of the handbook: a plan chapter, a duty card or a generated page."""

    id: str
    title: str
    order: int
    kind: str
    source: str
    sections: tuple[Section, ...]
    path: str = ""
    supplementary: bool = False
    sources: tuple[Source, ...] = ()
    summary: str = ""

    @property
    def html(self) -> str:
        """The whole page as HTML, each section preceded by its anchor."""
        return "\n".join(s.html for s in self.sections)


@dataclass(frozen=True)
class PhoneNumber:
    """A phone number stored canonical (digits only) with a human label."""

    digits: str
    label: str
    display: str


@dataclass(frozen=True)
class Contact:
    """One entry of the help list: the plan's chapter 5, or a sourced addition.

    Attributes:
        plan_text: The plan's line, word for word; None for an entry that is not
            in the plan at all (e.g. 113), which is then wholly supplementary.
        supplement: Text beyond the plan (opening hours, who may call …), shown
            under the supplementary banner with ``sources``.
        hours: When the numbers are answered, from a public source ("" if unknown).
        not_for: Whom the flowchart does not show this contact for (an answer's ``about`` in
            ``flyt.yaml``, e.g. Vern for eldre not for ``barn`` or ``voksen``).
        checked: When the numbers were last compared with the plan's text (or,
            for a supplementary entry, with its source); not a check that the
            number still answers.
    """

    id: str
    name: str
    plan_text: str | None
    numbers: tuple[PhoneNumber, ...]
    tags: tuple[str, ...]
    description: str
    url: str | None
    checked: dt.date
    order: int
    sources: tuple[Source, ...] = ()
    supplement: str = ""
    hours: str = ""
    not_for: tuple[str, ...] = ()

    @property
    def section_id(self) -> str:
        return section_id(HELP_LIST, self.id)

    def number_for(self, urgent: bool) -> PhoneNumber | None:
        """The number meant for the moment: when ``urgent`` the first emergency number, otherwise
        the first that is not one (02800 before 112 for the police); else the first. None if none."""
        wanted = [n for n in self.numbers if (n.digits in EMERGENCY) == urgent]
        return (wanted or list(self.numbers) or [None])[0]

    @property
    def supplementary(self) -> bool:
        """The whole entry is beyond the plan (no line of chapter 5 behind it)."""
        return self.plan_text is None


@dataclass(frozen=True)
class ViolenceForm:
    """A form of violence with the plan's wording and everyday words."""

    id: str
    name: str
    plan_text: str | None
    definition: str | None
    examples: tuple[str, ...]
    everyday_words: tuple[str, ...]
    related: tuple[str, ...]
    duty_cards: tuple[str, ...]
    order: int
    supplementary_text: str | None = None
    sources: tuple[Source, ...] = ()

    @property
    def section_id(self) -> str:
        return section_id(VIOLENCE_FORMS, self.id)


@dataclass(frozen=True)
class Concept:
    """A situation concept (``situasjoner.yaml``): everyday words and what they lead to.

    Attributes:
        kind: ``who`` (who is affected) or ``what`` (what happened or is needed).
        label: Shown with a hit it brought ("fordi: barn").
        words: Words and phrases as typed; search analyses them like the rest.
        near: Words that count only next to a word of a ``what`` concept ("meg").
        ages: (from, to) ages in years that mean this concept ("gutten på 7"), or None.
        contacts: Help-list contact ids; cards: duty-card page or section ids;
            forms: form-of-violence ids (their definitions rank after the actions).
        weight: How much the concept counts (1.0 normally).
        relatives: Words for a relative that imply this concept's person is
            involved ("barnebarnet" → an older person); they do not count when the
            relative is the one harmed ("slår barnebarnet").
        victim_words: Words (kinship of unclear age) that count only when the
            query says this person is the one harmed ("slår barnebarnet",
            "barnebarnet har blåmerker").
        requires: Words one of which must be in the query for the concept to
            count (the worker: "jeg", "meg", "oss", "besøk").
        overrides: Ids of concepts that count only a little when this one is
            found (help to stop hitting goes before "slår").
        act: For a *what*: something done to someone. A *who* word just before it
            names who did it, not who it was done to.
        urgent: Danger now (a weapon, strangling, a threat to kill): the
            flowchart's urgent step for it comes first.
        needs_cue: Words that are ambiguous in care work («naken», «full»): they
            count only beside another found concept of kind *what*.
        sources: The public lists the words were taken from (title + URL).
        line: Its line in the file, for messages.
        reference_lines: The lines of the ids it names (for messages about them).
    """

    id: str
    kind: str
    label: str
    words: tuple[str, ...]
    near: tuple[str, ...] = ()
    ages: tuple[int, int] | None = None
    contacts: tuple[str, ...] = ()
    cards: tuple[str, ...] = ()
    forms: tuple[str, ...] = ()
    weight: float = 1.0
    relatives: tuple[str, ...] = ()
    victim_words: tuple[str, ...] = ()
    requires: tuple[str, ...] = ()
    overrides: tuple[str, ...] = ()
    act: bool = False
    urgent: bool = False
    needs_cue: tuple[str, ...] = ()
    sources: tuple[Source, ...] = ()
    line: int = 0
    reference_lines: Mapping[str, tuple[int | None, tuple[int, ...]]] = field(
        default_factory=lambda: MappingProxyType({}), compare=False
    )  # contacts/cards/forms/overrides → (the list's line, each item's line)


@dataclass(frozen=True)
class StatTable:
    """A statistics table from the plan (chapter 3.5)."""

    id: str
    title: str
    source: str
    unit: str
    columns: tuple[str, ...]
    rows: tuple[tuple[object, ...], ...]
    chart: bool = False
    total_row: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Measure:
    """One measure (tiltak) of the plan's appendix."""

    number: str
    title: str
    description: str
    responsible: str
    deadline: str
    cost: str | None


@dataclass(frozen=True)
class Strategy:
    number: int
    title: str
    measures: tuple[Measure, ...]


@dataclass(frozen=True)
class Measures:
    title: str
    period: str
    intro: str
    strategies: tuple[Strategy, ...]


@dataclass(frozen=True)
class Meta:
    title: str
    plan_title: str
    owner: str
    plan_period: str
    plan_signed: dt.date
    content_version: str
    content_date: dt.date
    update_note: str


@dataclass(frozen=True)
class Handbook:
    """Everything the app shows, loaded and validated from one content folder."""

    meta: Meta
    pages: tuple[Page, ...]
    contacts: tuple[Contact, ...]
    forms: tuple[ViolenceForm, ...]
    tables: tuple[StatTable, ...]
    measures: Measures
    synonyms: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    flow: Flow | None = None
    concepts: tuple[Concept, ...] = ()
    fingerprint: str = ""
    content_dir: str = ""

    def __post_init__(self) -> None:
        sections = {s.id: s for p in self.pages for s in p.sections}
        object.__setattr__(self, "_sections", MappingProxyType(sections))
        object.__setattr__(self, "_pages", MappingProxyType({p.id: p for p in self.pages}))

    @property
    def sections(self) -> tuple[Section, ...]:
        return tuple(s for p in self.pages for s in p.sections)

    def section(self, section_id: str) -> Section | None:
        return self._sections.get(section_id)  # type: ignore[attr-defined]

    def page(self, page_id: str) -> Page | None:
        return self._pages.get(page_id)  # type: ignore[attr-defined]

    def contact(self, contact_id: str) -> Contact | None:
        return next((c for c in self.contacts if c.id == contact_id), None)

    def pages_of_kind(self, kind: str) -> tuple[Page, ...]:
        return tuple(p for p in self.pages if p.kind == kind)
