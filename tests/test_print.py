"""Print and "Lagre som PDF": pages laid out here, written without the print system.

Real content, real Qt. The pagination tests look at the laid-out pages that are painted; the
PDF tests read what was written (``pdftotext``/``pdfinfo`` from poppler-utils where installed).
The network test runs a real save in a fresh process with a CUPS server address that points at
a socket of this test: the old QPrinter path connected there (and to 127.0.0.1:631) at once.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from PySide6.QtGui import QImage, QPalette, QTextCursor

from handbook.ui import charts, paper
from handbook.ui.page_view import print_palette, printable_document

ROOT = Path(__file__).resolve().parent.parent
PAGES = [
    "plan/3-omfang-av-vold-og-overgrep",
    "plan/vedlegg-tiltak",
    "hjelpeliste",
    "voldsformer",
    "veileder/avvergingsplikt",
]
NBSP = "\u00a0"


def _pages(handbook, page_id):
    return paper.paginate(printable_document(handbook.page(page_id), handbook))


def _page_lines(pages):
    """Every line of text with the page it is on: [(page, text, block)]."""
    out = []
    doc = pages.doc
    block = doc.begin()
    while block.isValid():
        layout = block.layout()
        top = doc.documentLayout().blockBoundingRect(block).top()
        for i in range(layout.lineCount()):
            line = layout.lineAt(i)
            text = block.text()[line.textStart(): line.textStart() + line.textLength()]
            out.append((int((top + line.y() + 1) // pages.height), text, block))
        block = block.next()
    return out


@pytest.mark.parametrize("page_id", PAGES)
def test_no_heading_or_lead_in_is_left_alone_at_the_foot_of_a_page(qapp, handbook, page_id):
    pages = _pages(handbook, page_id)
    lines = [entry for entry in _page_lines(pages) if entry[1].strip()]
    for (page, text, block), (next_page, _next_text, next_block) in zip(lines, lines[1:]):
        if next_block == block or next_page == page:
            continue
        keeps = block.blockFormat().headingLevel() > 0 or text.rstrip().endswith(":") \
            or (QTextCursor(next_block).currentTable() is not None and QTextCursor(block).currentTable() is None) \
            or "\ufffc" in next_block.text()
        assert not keeps, f"{page_id}: «{text}» ends page {page + 1}, what it leads to starts page {next_page + 1}"


@pytest.mark.parametrize("page_id", PAGES)
def test_the_last_page_holds_text(qapp, handbook, page_id, tmp_path):
    pages = _pages(handbook, page_id)
    last = max(page for page, text, _b in _page_lines(pages) if text.strip())
    assert pages.count == last + 1
    path = tmp_path / "side.pdf"
    count = paper.save_pdf(printable_document(handbook.page(page_id), handbook), str(path), "Tittel")
    assert count == pages.count
    data = path.read_bytes()
    assert data.startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page\b(?!s)", data)) == count


def test_table_headers_break_between_words_only(qapp, handbook):
    pages = _pages(handbook, "plan/3-omfang-av-vold-og-overgrep")
    doc = pages.doc
    checked = 0
    block = doc.begin()
    while block.isValid():
        table = QTextCursor(block).currentTable()
        if table is not None and table.cellAt(block.position()).row() < max(1, table.format().headerRowCount()):
            text, layout = block.text(), block.layout()
            for i in range(layout.lineCount() - 1):
                end = layout.lineAt(i).textStart() + layout.lineAt(i).textLength()
                before, after = text[end - 1], text[end] if end < len(text) else " "
                assert before in " /–-" or after == " ", f"«{text}» breaks inside a word at «{text[:end]}|»"
            checked += 1
        block = block.next()
    assert checked >= 5 + 5 + 4  # the three tables of 3.5


def test_charts_on_paper_leave_no_empty_space_after_them(qapp, handbook):
    pages = _pages(handbook, "plan/3-omfang-av-vold-og-overgrep")
    places = pages.doc.chart_places()
    assert [table_id for table_id, _rect in places] == ["barnevern-bekymringsmeldinger", "kisif-overnattingsdogn"]
    layout = pages.doc.documentLayout()
    for table_id, rect in places:
        block = pages.doc.findBlock(pages.doc.find("\ufffc", 0).position())  # a chart's own block
        while block.isValid() and abs(layout.blockBoundingRect(block).top() + block.layout().lineAt(0).y() - rect.top()) > 1:
            block = block.next()
        following = block.next()
        gap = layout.blockBoundingRect(following).top() - rect.bottom()
        assert 0 <= gap <= 30, f"{table_id}: {gap:.0f} px after the chart"
        assert rect.width() >= pages.width * 0.9  # as wide as the text


def test_no_line_of_the_flowchart_runs_through_an_answer_label(qapp, handbook):
    from handbook.ui.flow.flow_paper import paper_scene

    scene = paper_scene(handbook, [])
    labelled = [edge for edge in scene.edges if edge.label]
    assert len(labelled) >= 10
    for edge in labelled:
        rect = edge.label_rect()
        crossing = [f"{o.source}→{o.target}" for o in scene.edges if o is not edge and o.outline().intersects(rect)]
        assert crossing == [], f"«{edge.label}» ({edge.source}→{edge.target}) is crossed by {crossing}"


@pytest.mark.parametrize("width", [320, 640, 657])
def test_every_chart_value_label_fits_inside_the_chart(qapp, handbook, width):
    pal = print_palette()
    font = printable_document(handbook.page("hjelpeliste"), handbook).defaultFont()
    base = pal.color(QPalette.ColorRole.Base).rgba()
    for table in (t for t in handbook.tables if t.chart):
        image = charts.render_chart(table, width, pal, font, scale=1.0).convertToFormat(QImage.Format.Format_ARGB32)
        margin = [image.pixel(x, y) for x in range(image.width() - 3, image.width()) for y in range(image.height())]
        assert set(margin) == {base}, f"{table.id} at {width} px: something is drawn into the right edge"


def _pdftotext(path: Path, layout: bool = True) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    command = ["pdftotext", *(["-layout"] if layout else []), str(path), "-"]
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout.replace(NBSP, " ")


def test_the_pdf_of_chapter_3_has_every_chart_label_whole_headers_and_page_numbers(qapp, handbook, tmp_path):
    path = tmp_path / "kap3.pdf"
    count = paper.save_pdf(printable_document(handbook.page("plan/3-omfang-av-vold-og-overgrep"), handbook), str(path),
                              "3. Omfang av vold og overgrep")
    text = _pdftotext(path)
    runs = {line.strip() for line in _pdftotext(path, layout=False).splitlines()}  # each drawn label is a run
    words = set(re.findall(r"\w+", text))
    for table in (t for t in handbook.tables if t.chart):
        for _label, values in charts.chart_rows(table):
            for _column, value in values:
                label = charts.value_text(value).replace(NBSP, " ")
                assert label in runs, f"the chart label {label} of {table.id} is missing or cut"
        assert f"Figur: {table.title}".split(",")[0] in " ".join(text.split())
    for table in handbook.tables:
        for column in table.columns:
            for word in re.findall(r"\w{4,}", str(column)):
                assert word in words, f"the header word «{word}» of {table.id} is broken in the PDF"
    assert f"Side {count} av {count}" in text
    assert "Merknad fra håndboka:" in text
    flat = " ".join(text.split()).replace("ﬁ", "fi")
    assert "en figur med politiets tall" in flat and "ikke gjengitt" in flat


SAVE_SCRIPT = textwrap.dedent("""
    import sys
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication
    app = QApplication([])
    from handbook.app import create_window
    from handbook.content import load_handbook
    out = sys.argv[1]
    window, _search, _settings = create_window(QSettings(out + "/s.ini", QSettings.Format.IniFormat))
    window.set_handbook(load_handbook(sys.argv[2]))
    window.open_section("plan/3-omfang-av-vold-og-overgrep#3-5-lokale-forhold")
    assert window.save_pdf(out + "/kap3.pdf")
    window.start_flow()
    window.flow_view.save_pdf(out + "/sammendrag.pdf", diagram=False)
    window.flow_view.save_pdf(out + "/flytskjema.pdf", diagram=True)
    print("saved")
""")

PRINTER_SCRIPT = textwrap.dedent("""
    from PySide6.QtWidgets import QApplication
    from PySide6.QtPrintSupport import QPrinter
    app = QApplication([])
    QPrinter(QPrinter.PrinterMode.HighResolution).printerName()
""")


def _run_with_cups_listener(script: str, args: list[str], tmp_path: Path, strace: bool = False,
                            stop_on_connect: bool = False):
    """Run ``script`` in a fresh Python with CUPS_SERVER pointing at a socket of ours.

    The socket accepts and never answers, as a stalled print server would. Returns
    (exit code or None if it was stopped, stderr, connections seen, strace log or "").
    """
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    listener.settimeout(0.1)
    port = listener.getsockname()[1]
    env = dict(os.environ, CUPS_SERVER=f"127.0.0.1:{port}", QT_QPA_PLATFORM="offscreen", HOME=str(tmp_path),
               XDG_CONFIG_HOME=str(tmp_path / "config"), XDG_CACHE_HOME=str(tmp_path / "cache"),
               PYTHONPATH=str(ROOT))
    command = [sys.executable, "-c", script, *args]
    log = tmp_path / "strace.log"
    if strace:
        command = ["strace", "-f", "-e", "trace=connect", "-o", str(log), *command]
    seen, accepted = 0, []
    with subprocess.Popen(command, env=env, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          text=True, start_new_session=True) as process:
        try:
            for _ in range(1200):  # at most ~2 minutes
                try:
                    conn, _ = listener.accept()
                    accepted.append(conn)
                    seen += 1
                    if stop_on_connect:
                        break
                except OSError:
                    pass
                if process.poll() is not None:
                    break
        finally:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)  # strace and the Python it traces
            _out, err = process.communicate()
            for conn in accepted:
                conn.close()
            listener.close()
    return process.returncode if not (stop_on_connect and seen) else None, err, seen, \
        log.read_text() if strace and log.exists() else ""


def test_saving_pdfs_never_reaches_for_the_print_system_or_the_network(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    use_strace = shutil.which("strace") is not None
    code, err, seen, log = _run_with_cups_listener(SAVE_SCRIPT, [str(out), str(ROOT / "content")], tmp_path, use_strace,
                                                   stop_on_connect=True)
    assert seen == 0, "saving a PDF connected to the CUPS server"
    assert code == 0, err
    for name in ("kap3.pdf", "sammendrag.pdf", "flytskjema.pdf"):
        assert (out / name).read_bytes().startswith(b"%PDF"), name
    if use_strace:
        network = [line for line in log.splitlines() if "connect(" in line and ("AF_INET" in line or "AF_INET6" in line)]
        assert network == [], network
    # The guard is real: opening a printer does connect to the same address at once.
    _code, control_err, control_seen, _ = _run_with_cups_listener(PRINTER_SCRIPT, [], tmp_path, stop_on_connect=True)
    if control_seen == 0:
        pytest.skip(f"this Qt has no CUPS print support here, so the guard cannot be shown to work ({control_err[-200:]})")
