"""Load a content folder into a validated :class:`Handbook`, or raise ContentError.

Steps (after MkDocs' build): read the data files → read each Markdown page's
front matter → expand data placeholders → split into sections → render →
resolve every link and reference. Every problem is collected, so one run of
``handbook check`` reports all of them; nothing is returned half-loaded.
"""

from __future__ import annotations

from pathlib import Path

from handbook.content import generate, markup, phones
from handbook.content.concepts import validate_concepts
from handbook.content.data_files import DataFileReader
from handbook.content.errors import ContentError, Problem, Problems
from handbook.content.schema import PAGE_ID_PATTERN, Entry, Key, Rule, lacks_sources
from handbook.content.fields import SOURCES, Flag, Id, Integer, Text, TextList, schema
from handbook.content.flow import Flow
from handbook.content.flow_checks import validate_flow
from handbook.content.flow_page import flow_page
from handbook.content.flow_parse import parse_flow
from handbook.content.model import CHART_SCHEME, SUPPLEMENTARY_BANNER, Contact, Handbook, Page, ViolenceForm
from handbook.content.page_builder import EDITORIAL_NOTE_LABEL, PageBuilder, data_page, too_complex
from handbook.content.page_ids import HELP_LIST, VIOLENCE_FORMS
from handbook.content.render import INTERNAL_SCHEME
from handbook.content.safeio import ContentFiles
from handbook.content.yamlio import split_front_matter

CONTENT_FORMAT = 1
MARKDOWN_FOLDERS = (("plan", "plan"), ("veileder", "card"))
_EXTERNAL_OK = ("https://", "http://", "mailto:", "tel:")


def _in_its_folder(entry: Entry, values: dict) -> None:
    folder, page_id = entry.context["folder"], values["id"]
    if page_id and not page_id.startswith(folder + "/"):
        entry.add(f"id-en '{markup.short(page_id)}' må begynne med '{folder}/', som mappen filen ligger i.", "id")


def _guidance_has_sources(entry: Entry, values: dict) -> None:
    if lacks_sources(values["supplementary"], values["sources"]):
        entry.note("utfyllende veiledning må oppgi sine offentlige kilder. Legg til 'sources:'.")


# A Markdown page's front matter (between the two '---' lines).
FRONT_MATTER = schema(
    Key("id", Id(PAGE_ID_PATTERN, "a–z, 0–9, '-' og '/'")), Rule(_in_its_folder), Key("supplementary", Flag()),
    Key("sources", SOURCES), Rule(_guidance_has_sources), Key("title", Text()), Key("order", Integer()),
    Key("source", Text()), Key("summary", Text(required=False)), Key("keywords", TextList()),
)


def load_handbook(content_dir: Path | str) -> Handbook:
    """Load and validate ``content_dir``.

    Raises:
        ContentError: with every problem found, each naming its file.
    """
    return _Loader(Path(content_dir)).load()


class _Loader(DataFileReader):
    def __init__(self, root: Path):
        self.root = root
        self.problems = Problems()
        self.intros: dict[str, str] = {}  # a data file's own 'intro:' text, by file name
        self.anchors: dict[str, dict[str, int]] = {}  # a data file's ids → their 'id:' lines, by file name
        self.files = ContentFiles(root, self.problems)
        self.current = ""  # the file being read, for a problem no check foresaw

    def rel(self, path: Path) -> str:
        return self.files.rel(path)

    def load(self) -> Handbook:
        if not self.root.is_dir():
            raise ContentError(
                [Problem(str(self.root), "innholdsmappen finnes ikke eller er ikke en mappe. Velg mappen som inneholder meta.yaml.")]
            )
        try:
            handbook = self._load()
        except ContentError:
            raise
        except (RecursionError, MemoryError) as exc:
            self.problems.add(self.current or "./", too_complex(exc))
        except OSError as exc:
            from handbook.content.safeio import oserror_text

            self.problems.add(self.current or "./", f"kunne ikke leses ({oserror_text(exc)}). Sjekk filen og tilgangen til den.")
        except Exception:  # noqa: BLE001 - a loader bug must name the file, never show a traceback
            self.problems.add(
                self.current or "./",
                "filen kunne ikke leses: noe i den fikk kontrollen til å stoppe. Kontroller filen mot den leverte "
                "innholdsmappen, og meld fra om feilen.",
            )
        else:
            return handbook
        raise ContentError(self.problems.items)

    def _load(self) -> Handbook:
        meta = self._meta()
        contacts = self._contacts()
        tables = self._tables()
        measures = self._measures()
        forms = self._forms()
        synonyms = self._synonyms()
        concepts = self._concepts()
        builder = PageBuilder(self.problems, {t.id: t for t in tables}, measures)
        pages = self._markdown_pages(builder)
        card_titles = {p.id: p.title for p in pages}
        section_titles = {**card_titles, **{s.id: s.title for p in pages for s in p.sections}}
        pages.append(self._contacts_page(builder, contacts))
        pages.append(self._forms_page(builder, forms, card_titles, section_titles))
        flow, flow_page = self._flow(builder, contacts, {f.id: f.name for f in forms})
        if flow_page is not None:
            pages.append(flow_page)
        self._check_unique_pages(pages)
        self._check_references(builder, pages, forms)
        if flow is not None:
            self._validate_flow(flow, pages, contacts)
        if concepts:
            validate_concepts(
                concepts,
                {c.id for c in contacts},
                {p.id for p in pages} | {s.id for p in pages for s in p.sections},
                {f.id for f in forms},
                self.problems,
            )
        self.problems.raise_if_any()
        assert meta is not None and measures is not None
        return Handbook(
            meta=meta,
            pages=tuple(pages),
            contacts=tuple(contacts),
            forms=tuple(forms),
            tables=tuple(tables),
            measures=measures,
            synonyms=synonyms,
            flow=flow,
            concepts=tuple(concepts),
            fingerprint=self.files.fingerprint(f"format:{CONTENT_FORMAT}\n"),
            content_dir=str(self.root),
        )

    # -- pages -------------------------------------------------------------

    def _markdown_pages(self, builder: PageBuilder) -> list[Page]:
        pages: list[Page] = []
        for folder, kind in MARKDOWN_FOLDERS:
            base = self.root / folder
            files = self.files.markdown_files(base) if self.files.is_dir(base) else []
            if not files:
                self.problems.add(f"{folder}/", "mappen mangler eller har ingen .md-filer. Legg tilbake mappen fra den leverte innholdsmappen.")
            for path in files:
                page = self._markdown_page(builder, path, kind)
                if page is not None:
                    pages.append(page)
        return sorted(pages, key=lambda p: (p.kind != "plan", p.order, p.id))

    def _markdown_page(self, builder: PageBuilder, path: Path, kind: str) -> Page | None:
        rel = self.rel(path)
        self.current = rel
        text = self.files.read_text(path, rel)
        if text is None:
            return None
        front, body, first_line = split_front_matter(text, rel, self.problems)
        if front is None:
            return None
        refused = markup.markdown_problems(body)
        for offset, message in refused:
            self.problems.add(rel, message, first_line + offset)
        if refused:
            return None
        v = FRONT_MATTER.read(front, rel, "toppteksten", self.problems, context={"folder": path.parent.name})
        page = builder.build(
            page_id=v["id"],
            title=v["title"] or "",
            order=v["order"],
            kind=kind,
            source=v["source"] or "",
            body=body,
            rel=rel,
            first_line=first_line,
            supplementary=v["supplementary"],
            sources=v["sources"],
            summary=v["summary"] or "",
            keywords={"": v["keywords"]},
        )
        return page if v.ok else None

    def _contacts_page(self, builder: PageBuilder, contacts: list[Contact]) -> Page:
        keywords = {
            c.id: tuple([c.name, *c.tags, *(v for n in c.numbers for v in phones.variants(n.digits))])
            for c in contacts
        }
        return data_page(
            builder,
            page_id=HELP_LIST,
            title="Hvem kan hjelpe?",
            order=100,
            kind="contact",
            source="Temaplan for å motvirke vold i nære relasjoner 2023–2027, kap. 5",
            intro=self.intros.get("hjelpeliste.yaml", ""),
            parts=[generate.contact_markdown(c) for c in contacts],
            rel="hjelpeliste.yaml",
            keywords=keywords,
        )

    def _forms_page(self, builder, forms, card_titles, section_titles) -> Page:
        return data_page(
            builder,
            page_id=VIOLENCE_FORMS,
            title="Former for vold",
            order=101,
            kind="violence",
            source="Temaplan for å motvirke vold i nære relasjoner 2023–2027, kap. 2.1–2.2",
            intro="Vold i nære relasjoner omfatter flere former for vold (planen, kap. 2.1 og 2.2).",
            parts=[generate.form_markdown(f, card_titles, section_titles) for f in forms],
            rel="voldsformer.yaml",
            keywords={f.id: tuple([*f.everyday_words, *f.examples]) for f in forms},
        )

    def _flow(
        self, builder: PageBuilder, contacts: list[Contact], form_names: dict[str, str]
    ) -> tuple[Flow | None, Page | None]:
        name = "flyt.yaml"
        if not self.files.exists(self.root / name):
            return None, None
        data = self._yaml(name)
        if data is None:
            return None, None
        flow = parse_flow(data, name, self.problems)
        if flow is None:
            return None, None
        return flow, flow_page(flow, builder, {c.id: c for c in contacts}, form_names)

    def _validate_flow(self, flow: Flow, pages: list[Page], contacts: list[Contact]) -> None:
        ids = {p.id for p in pages} | {s.id for p in pages for s in p.sections}
        validate_flow(flow, ids, {c.id for c in contacts}, "flyt.yaml", self.problems,
                      not_for={c.id: c.not_for for c in contacts if c.not_for})

    # -- cross-checks --------------------------------------------------------

    def _check_unique_pages(self, pages: list[Page]) -> None:
        seen: dict[str, str] = {}
        for p in pages:
            if p.id in seen:
                self.problems.add(p.path, f"side-id-en '{p.id}' er også brukt i {seen[p.id]}. Hver id må være unik.")
            else:
                seen[p.id] = p.path

    def _line_of(self, rel: str, needle: str, fallback: int | None) -> int | None:
        """The line of ``needle`` in a content file that was read, for precise messages."""
        text = self.files.texts.get(rel, "")
        index = text.find(needle) if needle else -1
        return text.count("\n", 0, index) + 1 if index >= 0 else fallback

    def _check_references(self, builder: PageBuilder, pages: list[Page], forms: list[ViolenceForm]) -> None:
        section_ids = {s.id for p in pages for s in p.sections}
        page_ids = {p.id for p in pages}

        def resolves(target: str, page_id: str) -> bool:
            if target.startswith("#"):
                target = page_id + target
            return target in section_ids or target in page_ids

        for rel, line, page_id, target in builder.links:
            line = self._line_of(rel, f"]({target}", line)
            if target.startswith("img:"):
                self.problems.add(rel, f"bilder støttes ikke (appen laster aldri filer eller nettsider): '{target[4:]}'. Fjern bildet.", line)
            elif target.startswith(_EXTERNAL_OK):
                continue
            elif ":" in target.split("#")[0]:
                self.problems.add(rel, f"lenken '{target}' bruker en adressetype som ikke støttes. Bruk https:// eller en seksjons-id.", line)
            elif not resolves(target, page_id):
                self.problems.add(
                    rel,
                    f"lenken '{target}' peker ikke til noen side eller seksjon. "
                    "Kontroller id-en (f.eks. plan/4-plikt-til-a-handle#melde-til-barnevernet).",
                    line,
                )
        for form in forms:
            for ref in (*form.related, *form.duty_cards):
                if ref not in section_ids and ref not in page_ids:
                    self.problems.add(
                        "voldsformer.yaml",
                        f"voldsform '{form.id}': '{ref}' peker ikke til noen side eller seksjon. "
                        "Kontroller id-en i 'related' eller 'duty_cards'.",
                        self.anchors.get("voldsformer.yaml", {}).get(form.id),
                    )


__all__ = ["load_handbook", "PageBuilder", "ContentError", "INTERNAL_SCHEME", "SUPPLEMENTARY_BANNER", "CHART_SCHEME",
           "EDITORIAL_NOTE_LABEL"]
