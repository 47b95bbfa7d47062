"""Content that would show something false or freeze a page is refused by ``handbook check``.

Issue 19, defect 5 (a duplicate table id in statistikk.yaml replaced the plan's figures on screen)
and the section-count limit (7 files × 20,000 tiny sections froze a page for seconds).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from handbook.content import ContentError, limits, load_handbook

ROOT = Path(__file__).resolve().parent.parent

SECOND_TABLE = """
  - id: barnevern-bekymringsmeldinger
    title: En annen tabell med samme id
    source: Ikke planen
    unit: antall
    columns: [Innhold, "2020", "2021", "2022"]
    rows:
      - [Vold i hjemmet/barnet vitne til vold, 1, 2, 3]
    chart: true
"""


def _check(content: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HANDBOOK_")}
    env["PYTHONPATH"] = str(ROOT)
    return subprocess.run([sys.executable, "-m", "handbook", "check", "--content", str(content)], env=env,
                          capture_output=True, text=True, timeout=300)


def test_a_duplicate_table_id_in_statistikk_is_an_error_naming_file_and_line(tmp_content):
    path = tmp_content / "statistikk.yaml"
    text = path.read_text(encoding="utf-8").rstrip("\n") + "\n" + SECOND_TABLE
    path.write_text(text, encoding="utf-8")
    line = text.splitlines().index("  - id: barnevern-bekymringsmeldinger", 5) + 1
    done = _check(tmp_content)
    assert done.returncode == 1, done.stdout
    assert (f"statistikk.yaml:{line}: tabell 'barnevern-bekymringsmeldinger': id-en 'barnevern-bekymringsmeldinger' "
            "er brukt to ganger. Hver id må være unik.") in done.stderr, done.stderr
    assert "Traceback" not in done.stderr


def _tiny_sections(path: Path, page_id: str, count: int) -> None:
    """A page of ``count`` headings: its title and ``count - 1`` tiny sections."""
    head = f"---\nid: {page_id}\ntitle: Mange\norder: 90\nsource: test\n---\n\n# Mange\n\n"
    path.write_text(head + "".join(f"## a{i}\n\nx\n\n" for i in range(count - 1)), encoding="utf-8")


def test_a_page_with_more_sections_than_the_limit_is_refused_with_its_file_and_limit(tmp_content):
    _tiny_sections(tmp_content / "plan" / "90-mange.md", "plan/90-mange", limits.MAX_SECTIONS_PER_FILE + 1)
    with pytest.raises(ContentError) as caught:
        load_handbook(tmp_content)
    found = [str(p) for p in caught.value.problems]
    expected = (f"plan/90-mange.md: filen har {limits.MAX_SECTIONS_PER_FILE + 1} overskrifter; grensen er "
                f"{limits.MAX_SECTIONS_PER_FILE} per fil. Del siden i flere filer.")
    assert any(p.startswith(expected) for p in found), found


def test_seven_files_of_twenty_thousand_tiny_sections_are_refused(tmp_content):
    for n in range(7):
        _tiny_sections(tmp_content / "veileder" / f"9{n}-mange.md", f"veileder/9{n}-mange", 20_000)
    done = _check(tmp_content)
    assert done.returncode == 1, done.stdout
    assert "veileder/90-mange.md: filen har 20000 overskrifter; grensen er" in done.stderr, done.stderr[-3000:]
    assert "Traceback" not in done.stderr


def test_sections_of_all_files_together_have_a_limit(tmp_content):
    per_file = limits.MAX_SECTIONS_PER_FILE
    files = limits.MAX_SECTIONS_TOTAL // per_file + 1
    for n in range(files):
        _tiny_sections(tmp_content / "veileder" / f"9{n:02d}-mange.md", f"veileder/9{n:02d}-mange", per_file)
    with pytest.raises(ContentError) as caught:
        load_handbook(tmp_content)
    found = [str(p) for p in caught.value.problems]
    assert any(f"grensen er {limits.MAX_SECTIONS_TOTAL} i alle filene til sammen" in p for p in found), found


def test_the_shipped_content_is_far_below_the_section_limits(handbook):
    assert len(handbook.sections) * 10 <= limits.MAX_SECTIONS_TOTAL
    assert max(len(p.sections) for p in handbook.pages) * 4 <= limits.MAX_SECTIONS_PER_FILE
