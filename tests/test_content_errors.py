"""Broken content: one temporary tree per error class → a clear message naming the file."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from handbook.content import ContentError, load_handbook


def problems_of(content: Path) -> list[str]:
    with pytest.raises(ContentError) as info:
        load_handbook(content)
    return [str(p) for p in info.value.problems]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text not found in {path.name}: {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_real_content_loads(handbook):
    assert handbook.pages and handbook.contacts and handbook.forms


def test_yaml_syntax_error_names_file_and_line(tmp_content):
    path = tmp_content / "hjelpeliste.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    at = lines.index("contacts:") + 1  # the first entry, wherever the file's comments end
    lines.insert(at, "  - id: [unclosed")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    found = problems_of(tmp_content)
    assert any(p.startswith("hjelpeliste.yaml:") and "YAML-feil" in p and "Sjekk innrykk, kolon og anførselstegn" in p for p in found), found
    line = int(next(p for p in found if "YAML" in p).split(":")[1])
    assert at + 1 <= line <= at + 4


def test_missing_data_file(tmp_content):
    (tmp_content / "voldsformer.yaml").unlink()
    found = problems_of(tmp_content)
    assert any(p.startswith("voldsformer.yaml") and "filen mangler. Legg tilbake filen fra den leverte innholdsmappen." in p for p in found), found


def test_empty_file(tmp_content):
    (tmp_content / "statistikk.yaml").write_text("   \n", encoding="utf-8")
    found = problems_of(tmp_content)
    assert any(p.startswith("statistikk.yaml") and "filen er tom" in p for p in found), found


def test_front_matter_missing_required_field(tmp_content):
    path = tmp_content / "plan" / "04-plikt-til-a-handle.md"
    text = path.read_text(encoding="utf-8")
    lines = [ln for ln in text.splitlines() if not ln.startswith("source:")]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    found = problems_of(tmp_content)
    assert any("plan/04-plikt-til-a-handle.md" in p and "'source' mangler eller er tom. Legg til 'source: …'." in p for p in found), found


def test_front_matter_unknown_key(tmp_content):
    path = tmp_content / "plan" / "04-plikt-til-a-handle.md"
    edit(path, "---\n", "---\nforfatter: noen\n")
    found = problems_of(tmp_content)
    assert any("04-plikt-til-a-handle.md" in p and "ukjent nøkkel 'forfatter'. Tillatte nøkler: " in p for p in found), found


def test_missing_front_matter(tmp_content):
    path = tmp_content / "plan" / "06-mal-og-strategier.md"
    body = path.read_text(encoding="utf-8").split("---", 2)[2]
    path.write_text(body, encoding="utf-8")
    found = problems_of(tmp_content)
    assert any("06-mal-og-strategier.md:1" in p and "topptekst mellom to '---'-linjer" in p for p in found), found


def test_duplicate_page_id(tmp_content):
    src = tmp_content / "plan" / "04-plikt-til-a-handle.md"
    (tmp_content / "plan" / "99-kopi.md").write_text(src.read_text(encoding="utf-8"), encoding="utf-8")
    found = problems_of(tmp_content)
    assert any("99-kopi.md" in p and "plan/4-plikt-til-a-handle" in p and "Hver id må være unik" in p for p in found), found


def test_duplicate_contact_id(tmp_content):
    path = tmp_content / "hjelpeliste.yaml"
    edit(path, "id: reform", "id: kisif")
    found = problems_of(tmp_content)
    assert any(p.startswith("hjelpeliste.yaml") and "id-en 'kisif' er brukt to ganger. Hver id må være unik." in p for p in found), found


def test_duplicate_yaml_key(tmp_content):
    path = tmp_content / "meta.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "owner: Noen andre\n", encoding="utf-8")
    found = problems_of(tmp_content)
    assert any(p.startswith("meta.yaml:") and "'owner' står to ganger" in p for p in found), found


def test_broken_internal_link_names_line(tmp_content):
    path = tmp_content / "plan" / "06-mal-og-strategier.md"
    text = path.read_text(encoding="utf-8").rstrip("\n")
    path.write_text(text + "\n\nSe [dette](plan/finnes-ikke#nei).\n", encoding="utf-8")
    n_lines = len(path.read_text(encoding="utf-8").splitlines())
    found = problems_of(tmp_content)
    assert f"plan/06-mal-og-strategier.md:{n_lines}: lenken 'plan/finnes-ikke#nei' peker ikke til noen side eller seksjon" in "\n".join(found)


def test_invalid_phone_number(tmp_content):
    path = tmp_content / "hjelpeliste.yaml"
    edit(path, '"64972300"', '"6497230"')
    found = problems_of(tmp_content)
    assert any(p.startswith("hjelpeliste.yaml") and "'6497230' er ikke et gyldig norsk telefonnummer eller kortnummer. Kontroller det mot planen (kap. 5)." in p for p in found), found


def test_unknown_table_placeholder(tmp_content):
    path = tmp_content / "plan" / "03-omfang.md"
    edit(path, "[[tabell:kisif-overnattingsdogn]]", "[[tabell:finnes-ikke]]")
    found = problems_of(tmp_content)
    assert any("03-omfang.md" in p and "[[tabell:finnes-ikke]] viser ikke til noen tabell i statistikk.yaml" in p for p in found), found


def test_supplementary_card_without_sources(tmp_content):
    card = next(p for p in (tmp_content / "veileder").glob("*.md") if "supplementary: true" in p.read_text(encoding="utf-8"))
    text = card.read_text(encoding="utf-8")
    head, _, body = text.partition("\n---\n")
    head = "\n".join(ln for ln in head.splitlines() if not ln.startswith(("sources:", "  -", "    ")))
    card.write_text(head + "\n---\n" + body, encoding="utf-8")
    found = problems_of(tmp_content)
    assert any(card.name in p and "offentlige kilder" in p and "'sources:'" in p for p in found), found


def test_missing_folder():
    found = problems_of(Path("/nonexistent/handbook-content"))
    assert found and "innholdsmappen finnes ikke" in found[0]


def test_not_utf8(tmp_content):
    (tmp_content / "meta.yaml").write_bytes("title: H\xe5ndbok\n".encode("latin-1"))
    found = problems_of(tmp_content)
    assert any(p.startswith("meta.yaml") and "ikke UTF-8-tekst" in p and "Lagre den som UTF-8" in p for p in found), found


def test_all_problems_reported_in_one_run(tmp_content):
    (tmp_content / "voldsformer.yaml").unlink()
    edit(tmp_content / "hjelpeliste.yaml", '"64972300"', '"6497230"')
    found = problems_of(tmp_content)
    assert any("voldsformer.yaml" in p for p in found) and any("6497230" in p for p in found)


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "handbook", *args], capture_output=True, text=True, timeout=60
    )


def test_cli_check_ok(content_dir):
    done = run_cli("check", "--content", str(content_dir))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("OK: ") and " sider, " in done.stdout and " oppføringer i hjelpelisten" in done.stdout


def test_cli_check_broken_exit_1_no_traceback(tmp_content):
    (tmp_content / "hjelpeliste.yaml").write_text("contacts: [\n", encoding="utf-8")
    done = run_cli("check", "--content", str(tmp_content))
    assert done.returncode == 1
    assert "hjelpeliste.yaml" in done.stderr
    assert "Traceback" not in done.stderr + done.stdout


def test_cli_version():
    from handbook import __version__

    done = run_cli("--version")
    assert done.returncode == 0 and __version__ in done.stdout


def test_form_id_must_be_a_readable_anchor(tmp_content):
    edit(tmp_content / "voldsformer.yaml", "id: latent-vold", "id: Latent vold")
    found = problems_of(tmp_content)
    assert any(p.startswith("voldsformer.yaml") and "'Latent vold' kan bare inneholde a–z" in p for p in found), found


# -- the files' own top-level keys, read by the same schema engine: every problem on its line ------------


def line_of(path: Path, text: str) -> int:
    """The line (1-based) where ``text`` begins in ``path``."""
    whole = path.read_text(encoding="utf-8")
    assert text in whole, f"{text!r} not in {path.name}"
    return whole[: whole.index(text)].count("\n") + 1


@pytest.mark.parametrize(
    "name, old, new, needle, says",
    [
        ("flyt.yaml", "\nstart: akutt\n", "\nstart: akutt\nstartside: akutt\n", "startside: akutt",
         "ukjent nøkkel 'startside'. Tillatte nøkler: intro, nodes, record_sources, records, start."),
        ("flyt.yaml", "\nstart: akutt\n", "\nstart: [akutt]\n", "start: [akutt]",
         "'start:' mangler. Oppgi id-en til det første steget, f.eks. 'start: akutt'."),
        ("flyt.yaml", "    Det barnet fortalte:", "    Ring 22 33 44 55. Det barnet fortalte:", "  barn: >-",
         "'records', 'barn' inneholder et nummer ('22 33 44 55'). Skriv telefonnumre bare i hjelpeliste.yaml."),
        ("flyt.yaml", "record_sources:\n  - title:", "record_sources:\n  - title: Uten adresse\n    url: www.example.no\n  - title:",
         "  - title: Uten adresse",
         "'record_sources', kilde 1: skriv '- title: <tittel>' og 'url: https://…' (nettadressen er valgfri)."),
        ("situasjoner.yaml", "\nconcepts:\n", "\nbegreper: []\nconcepts:\n", "begreper: []",
         "ukjent nøkkel 'begreper' øverst i filen. Tillatte nøkler: concepts."),
        ("situasjoner.yaml", "\nconcepts:\n", "\nconcepts: []\ngamle:\n", "concepts: []",
         "filen må ha en liste under 'concepts:', og listen kan ikke være tom."),
        ("synonymer.yaml", "\nsynonyms:\n", "\nsynonym:\n", "synonym:\n",
         "filen må ha 'synonyms:' med ett ord per linje (ord: [ord som også skal gi treff])."),
    ],
    ids=["flow-unknown-key", "flow-start", "flow-records-phone", "flow-record-source", "situations-unknown-key",
         "situations-empty", "synonyms-missing"],
)
def test_a_files_own_keys_are_checked_and_named_with_their_line(tmp_content, name, old, new, needle, says):
    path = tmp_content / name
    edit(path, old, new)
    found = problems_of(tmp_content)
    assert f"{name}:{line_of(path, needle)}: {says}" in found, found


def test_a_synonym_that_is_not_a_list_of_words_is_named_with_its_line(tmp_content):
    path = tmp_content / "synonymer.yaml"
    edit(path, "  avverge: [avvergingsplikt]\n", "  avverge: 5\n")
    edit(path, "  slag: [fysisk vold]\n", "  slag:\n    - fysisk vold\n    - [juling]\n")
    edit(path, "\nsynonyms:\n", "\nsynonymer: []\nsynonyms:\n")
    found = [p for p in problems_of(tmp_content) if p.startswith("synonymer.yaml")]
    assert found == [
        f"synonymer.yaml:{line_of(path, 'synonymer: []')}: ukjent nøkkel 'synonymer' øverst i filen. "
        "Tillatte nøkler: synonyms.",
        f"synonymer.yaml:{line_of(path, 'avverge: 5')}: synonyms: 'avverge' må ha en liste med ord. "
        "Skriv 'avverge: [ord, ord]'.",
        f"synonymer.yaml:{line_of(path, '    - [juling]')}: synonyms: 'slag' har 'en liste', som ikke er et ord. "
        "Skriv 'slag: [ord, ord]'.",
    ], found


def test_a_synonym_written_as_one_word_is_read_as_a_list_of_one(tmp_content):
    edit(tmp_content / "synonymer.yaml", "  avverge: [avvergingsplikt]\n", "  Avverge: avvergingsplikt\n  ring nød: [112]\n")
    synonyms = load_handbook(tmp_content).synonyms
    assert synonyms["avverge"] == ("avvergingsplikt",) and synonyms["ring nød"] == ("112",)


# hjelpeliste.yaml, statistikk.yaml and voldsformer.yaml: one list under its key (and the help list's 'intro:')
LIST_FILES = [("hjelpeliste.yaml", "contacts", "contacts, intro"), ("statistikk.yaml", "tables", "tables"),
              ("voldsformer.yaml", "forms", "forms")]
LIST_IDS = ["help-list", "statistics", "forms"]


def problems_in(content: Path, name: str) -> list[str]:
    return [p for p in problems_of(content) if p.startswith(f"{name}:") or p.startswith(f"{name} ")]


@pytest.mark.parametrize("name, key, allowed", LIST_FILES, ids=LIST_IDS)
def test_an_unknown_top_level_key_in_a_list_file_is_named_with_its_line(tmp_content, name, key, allowed):
    path = tmp_content / name
    edit(path, f"\n{key}:\n", f"\nforord: Tekst som ingen side viser.\n{key}:\n")
    # the list is still read: the unknown key is the file's only problem
    assert problems_in(tmp_content, name) == [
        f"{name}:{line_of(path, 'forord:')}: ukjent nøkkel 'forord' øverst i filen. Tillatte nøkler: {allowed}."
    ]


@pytest.mark.parametrize("name, key, allowed", LIST_FILES, ids=LIST_IDS)
def test_a_missing_list_is_named_with_the_line_where_the_keys_begin(tmp_content, name, key, allowed):
    path = tmp_content / name
    edit(path, f"\n{key}:\n", f"\n{key}s:\n")  # misspelt: the list is missing
    first_key = next(i for i, ln in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if ln[:1].isalpha())
    assert problems_in(tmp_content, name) == [
        f"{name}:{line_of(path, f'{key}s:')}: ukjent nøkkel '{key}s' øverst i filen. Tillatte nøkler: {allowed}.",
        f"{name}:{first_key}: filen må ha en liste under '{key}:', og listen kan ikke være tom.",
    ]


@pytest.mark.parametrize("name, key, allowed", LIST_FILES, ids=LIST_IDS)
def test_an_empty_list_is_named_on_its_line_and_a_file_without_keys_on_line_1(tmp_content, name, key, allowed):
    path = tmp_content / name
    path.write_text(f"# Tom liste.\n\n{key}: []\n", encoding="utf-8")
    assert problems_in(tmp_content, name) == [f"{name}:3: filen må ha en liste under '{key}:', og listen kan ikke være tom."]
    path.write_text(f"# Ikke 'nøkkel: verdi'.\n- {key}\n", encoding="utf-8")
    assert problems_in(tmp_content, name) == [f"{name}:1: filen må ha en liste under '{key}:', og listen kan ikke være tom."]


def test_the_help_lists_intro_must_be_text_and_is_shown(tmp_content):
    path = tmp_content / "hjelpeliste.yaml"
    edit(path, "\nintro: >-\n", "\nintro: [Hjelpelisten]\nforord: >-\n")
    assert problems_in(tmp_content, "hjelpeliste.yaml") == [
        f"hjelpeliste.yaml:{line_of(path, 'forord:')}: ukjent nøkkel 'forord' øverst i filen. Tillatte nøkler: contacts, intro.",
        f"hjelpeliste.yaml:{line_of(path, 'intro:')}: 'intro' må være tekst. Skriv 'intro: …' med tekst etter kolonet.",
    ]
    path.write_text(path.read_text(encoding="utf-8").replace("intro: [Hjelpelisten]\nforord: >-", "intro: >-"), encoding="utf-8")
    edit(path, "intro: >-\n  Hjelpelisten fra", "intro: >-\n  Innledningen her. Hjelpelisten fra")
    page = next(p for p in load_handbook(tmp_content).pages if p.id == "hjelpeliste")
    assert "Hvem kan hjelpe?\n\nInnledningen her. Hjelpelisten fra" in page.sections[0].text


def test_meta_and_measures_that_are_not_key_value_lines_are_named_on_line_1(tmp_content):
    (tmp_content / "meta.yaml").write_text("- title\n", encoding="utf-8")
    path = tmp_content / "tiltak.yaml"
    edit(path, "\nstrategies:\n", "\nstrategies:\n  - Ikke en strategi\n")
    found = problems_of(tmp_content)
    assert "meta.yaml:1: meta må være linjer med 'nøkkel: verdi', ikke en liste. Skriv én nøkkel per linje." in found, found
    assert "meta.yaml:1: meta: 'title' mangler eller er tom. Legg til 'title: …'." in found, found
    assert (f"tiltak.yaml:{line_of(path, '  - Ikke en strategi')}: strategi 1 må være linjer med 'nøkkel: verdi', "
            "ikke tekst. Skriv én nøkkel per linje.") in found, found
