"""FlowPanel with real widgets: keyboard, back/restart, diagram clicks, search, layout, printing."""

from __future__ import annotations

import itertools

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QAbstractButton, QApplication

from handbook.ui.flow import FlowPanel
from handbook.ui import paper
from handbook.ui.flow import flow_paper
from handbook.ui.paper import PDF_DPI


@pytest.fixture
def panel(qtbot, handbook):
    widget = FlowPanel(handbook)
    qtbot.addWidget(widget)
    widget.resize(1366, 740)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)
    widget.start()
    return widget


def press(qtbot, panel, key):
    """A key press as the user makes it: to the widget that has the keyboard focus."""
    target = QApplication.focusWidget() or panel.step_view
    qtbot.keyClick(target, key)


def test_start_focuses_the_first_answer(panel):
    assert panel.walk.current.id == "akutt"
    assert panel.step_view.answer_buttons[0].hasFocus()
    assert "akutt fare" in panel.step_view.text_label.text()


def test_keyboard_from_start_to_112(qtbot, panel):
    press(qtbot, panel, Qt.Key.Key_1)
    view = panel.step_view
    assert panel.walk.current.id == "ring-112"
    assert [b.property("digits") for b in view.copy_buttons][0] == "112"
    assert "112" in view.breadcrumb.text() or "akutt fare" in view.breadcrumb.text()


def test_keyboard_j_n_from_start_to_child_welfare(qtbot, panel):
    press(qtbot, panel, Qt.Key.Key_N)
    assert panel.walk.current.id == "hvem"
    press(qtbot, panel, Qt.Key.Key_1)
    view = panel.step_view
    assert panel.walk.current.id == "meld-barnevernet"
    assert "Du trenger ikke være sikker" in view.text_label.text()
    assert "95939637" in [b.property("digits") for b in view.copy_buttons]
    assert "barnevernvakten.no/bekymringsmelding" in (view.detail_after or view.detail_label).text()


def test_enter_goes_on_from_an_action(qtbot, panel):
    press(qtbot, panel, Qt.Key.Key_J)
    press(qtbot, panel, Qt.Key.Key_Return)
    assert panel.walk.current.id == "barn-etter-112"
    assert panel.walk.choices == ["Ja – noen blir angrepet eller truet nå", "Neste"]


def test_back_and_restart_by_key_and_button(qtbot, panel):
    for key in (Qt.Key.Key_5, Qt.Key.Key_3, Qt.Key.Key_3):
        press(qtbot, panel, key)
    assert panel.walk.steps == ["akutt", "hvem", "hjelp", "beskyttelse"]
    press(qtbot, panel, Qt.Key.Key_Backspace)
    assert panel.walk.current.id == "hjelp"
    qtbot.mouseClick(panel.step_view.back_button, Qt.MouseButton.LeftButton)
    assert panel.walk.current.id == "hvem"
    press(qtbot, panel, Qt.Key.Key_Home)
    assert panel.walk.steps == ["akutt"]
    assert not panel.step_view.back_button.isEnabled()
    press(qtbot, panel, Qt.Key.Key_2)
    qtbot.mouseClick(panel.step_view.restart_button, Qt.MouseButton.LeftButton)
    assert panel.walk.steps == ["akutt"]


def test_breadcrumb_link_goes_back_to_that_step(qtbot, panel):
    for key in (Qt.Key.Key_5, Qt.Key.Key_6):
        press(qtbot, panel, key)
    assert panel.walk.current.id == "egen-sikkerhet"
    assert panel.step_view.breadcrumb.text().count('href="step:') == 2
    panel.step_view.breadcrumb.linkActivated.emit("step:1")
    assert panel.walk.steps == ["akutt", "hvem"]


def test_the_last_step_says_so_and_offers_the_summary(qtbot, panel, tmp_path, monkeypatch):
    """Every end step: 'Dette er siste steg' and the printed summary, in the footer that never scrolls away."""
    ends = [n.id for n in panel.walk.flow.nodes if n.is_end]
    assert ends
    for node_id in ends:
        panel.show_node(node_id)
        view = panel.step_view
        assert view.end_label is not None and view.end_label.isVisible()
        assert "siste steg" in view.end_label.text()
        assert [b.text() for b in view.summary_buttons] == ["Skriv ut sammendraget…", "Lagre som PDF…"]
        assert all(b.isVisible() for b in view.summary_buttons)
    path = tmp_path / "sammendrag.pdf"
    import handbook.ui.flow.panel as panel_module  # the save dialog is modal: answer it with a path

    monkeypatch.setattr(panel_module, "ask_pdf_path", lambda parent, name: str(path))
    qtbot.mouseClick(panel.step_view.summary_buttons[1], Qt.MouseButton.LeftButton)
    assert path.read_bytes().startswith(b"%PDF")
    panel.show_node("ring-112")
    assert not panel.step_view.summary_buttons and panel.step_view.end_label is None


def test_number_keys_beyond_the_answers_do_nothing(qtbot, panel):
    press(qtbot, panel, Qt.Key.Key_7)
    assert panel.walk.steps == ["akutt"]


def test_copy_button_puts_digits_on_clipboard_and_confirms(qtbot, panel):
    panel.show_node("ring-112")
    button = next(b for b in panel.step_view.copy_buttons if b.property("digits") == "02800")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == "02800"
    assert panel.step_view.confirmation.isVisible()
    assert "02800" in panel.step_view.confirmation.text()
    assert button.text() == "Kopiert ✓"


def test_duty_card_link_emits_open_section(qtbot, panel):
    panel.show_node("varsle-politiet")
    links = [b for b in panel.step_view.body.findChildren(QAbstractButton) if b.property("section")]
    card = next(b for b in links if b.property("section") == "veileder/avvergingsplikt")
    assert "Plikt til å avverge vold og overgrep" in card.text()
    with qtbot.waitSignal(panel.openSection) as blocker:
        qtbot.mouseClick(card, Qt.MouseButton.LeftButton)
    assert blocker.args == ["veileder/avvergingsplikt"]
    contact = next(b for b in links if b.property("section") == "hjelpeliste#politiet")
    with qtbot.waitSignal(panel.openSection) as blocker:
        qtbot.mouseClick(contact, Qt.MouseButton.LeftButton)
    assert blocker.args == ["hjelpeliste#politiet"]


def test_a_step_links_to_the_definition_of_what_it_names(qtbot, panel):
    panel.show_node("okonomisk")
    links = [b for b in panel.step_view.body.findChildren(QAbstractButton) if b.property("section")]
    form = next(b for b in links if b.property("section") == "voldsformer#okonomisk-vold")
    assert "Hva er det?" in form.text() and "Økonomisk vold" in form.text() and form.isVisible()
    with qtbot.waitSignal(panel.openSection) as blocker:
        qtbot.mouseClick(form, Qt.MouseButton.LeftButton)
    assert blocker.args == ["voldsformer#okonomisk-vold"]


def test_every_button_has_an_accessible_name_or_text(panel, handbook):
    for node in handbook.flow.nodes:
        panel.show_node(node.id)
        for button in panel.findChildren(QAbstractButton):
            if button.isVisible():
                assert button.accessibleName() or button.text(), node.id


def test_clicking_a_diagram_box_moves_the_step_view(qtbot, panel):
    panel.show_diagram()
    view = panel.diagram
    item = panel.scene.nodes["legehjelp"]
    view.centerOn(item)
    pos = view.mapFromScene(item.box().center())
    assert view.viewport().rect().contains(pos)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    assert panel.walk.current.id == "legehjelp"
    assert panel.stack.currentIndex() == 0
    assert panel.walk.steps[0] == "akutt"
    assert panel.scene.nodes["legehjelp"].is_current and panel.scene.nodes["hjelp"].on_path


def test_clicking_empty_diagram_space_does_not_move(qtbot, panel):
    panel.show_diagram()
    view = panel.diagram
    view.fit()
    corner = view.mapFromScene(panel.scene.sceneRect().topLeft() + QPointF(5, 5))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=corner)
    assert panel.walk.steps == ["akutt"] and panel.stack.currentIndex() == 1


def test_path_taken_is_highlighted_in_the_diagram(qtbot, panel):
    press(qtbot, panel, Qt.Key.Key_5)
    press(qtbot, panel, Qt.Key.Key_1)
    scene = panel.scene
    assert scene.nodes["akutt"].on_path and scene.nodes["hvem"].on_path
    assert scene.nodes["meld-barnevernet"].is_current
    assert not scene.nodes["ring-112"].on_path
    taken = {(e.source, e.target) for e in scene.edges if e.on_path}
    assert taken == {("akutt", "hvem"), ("hvem", "meld-barnevernet")}


def test_zoom_buttons_and_fit(panel):
    panel.show_diagram()
    view = panel.diagram
    before = view.zoom()
    view.zoom_in()
    assert view.zoom() == pytest.approx(before * 1.25)
    view.set_zoom(100)
    assert view.zoom() == pytest.approx(view.MAX_ZOOM)
    view.fit()
    # "Tilpass til vinduet" does what it says: the whole flowchart in view (issue 20), whatever the size.
    shown = view.mapToScene(view.viewport().rect()).boundingRect()
    items = panel.scene.itemsBoundingRect()
    assert shown.adjusted(-1, -1, 1, 1).contains(items)


def test_search_opens_the_right_step(qtbot, panel, handbook, tmp_path):
    from handbook.search import open_search

    svc = open_search(handbook, cache_dir=tmp_path / "index")
    hits = svc.search("akutt fare", limit=5)
    top = [h.id for h in hits[:3]]
    assert "flyt#ring-112" in top, top
    hit = next(h for h in hits if h.id == "flyt#ring-112")
    assert hit.page == "flyt" and hit.kind == "flow"
    panel.show_node(hit.anchor)
    assert panel.walk.current.id == "ring-112" and panel.walk.steps == ["akutt", "ring-112"]
    hit = next(h for h in svc.search("meld til barnevernet", limit=10) if h.page == "flyt")
    panel.show_node(hit.anchor)
    assert panel.walk.current.id == "meld-barnevernet"


def _overlap(a, b, margin=0.0) -> bool:
    return a.adjusted(-margin, -margin, margin, margin).intersects(b)


def test_real_layout_has_no_overlapping_boxes(panel):
    boxes = {nid: item.box() for nid, item in panel.scene.nodes.items()}
    for (a, ra), (b, rb) in itertools.combinations(boxes.items(), 2):
        assert not _overlap(ra, rb, margin=10), (a, b)
    labels = [(e.source, e.target, e.mapRectToScene(e.label_rect())) for e in panel.scene.edges if e.label]
    assert len(labels) >= 10
    for u, v, label in labels:
        for nid, rect in boxes.items():
            assert not label.intersects(rect), (u, v, nid)
    for (u1, v1, r1), (u2, v2, r2) in itertools.combinations(labels, 2):
        assert not r1.intersects(r2), ((u1, v1), (u2, v2))


def test_real_layout_edges_point_down(panel):
    for edge in panel.scene.edges:
        top = panel.scene.nodes[edge.source].box()
        bottom = panel.scene.nodes[edge.target].box()
        assert bottom.top() > top.bottom(), (edge.source, edge.target)
        assert edge.points[0].y() == pytest.approx(top.bottom())
        assert edge.points[-1].y() == pytest.approx(bottom.top())


def _pdf_pages(data: bytes) -> int:
    return data.count(b"/Type /Page\n") + data.count(b"/Type /Page ") + data.count(b"/Type /Page>")


def test_diagram_pdf_is_readable_on_a4(panel, tmp_path, handbook):
    """The whole chart prints readable: on one A4 page if it fits, else over as few pages as it needs."""
    panel.show_node("rad")
    path = tmp_path / "flyt.pdf"
    panel.save_pdf(str(path), diagram=True)
    data = path.read_bytes()
    assert data.startswith(b"%PDF")
    scene = flow_paper.paper_scene(handbook, [])
    landscape = flow_paper.diagram_is_landscape(scene)
    used = flow_paper.save_diagram_pdf(str(tmp_path / "again.pdf"), handbook, panel.walk.steps)
    # Scene text is sized in pixels (scene units); ``used`` maps scene units to the PDF's dots.
    printed_pt = scene.font_px * used / PDF_DPI * 72
    assert printed_pt >= 6.0, printed_pt
    page = paper.a4_layout(landscape, margin_mm=flow_paper.DIAGRAM_MARGIN_MM).paintRectPixels(PDF_DPI)
    needed = scene.sceneRect().height() * used / page.height()
    assert 1 <= _pdf_pages(data) <= int(needed) + 2, (_pdf_pages(data), needed)


def test_summary_lists_the_path_with_answers_and_numbers(qtbot, panel, handbook, tmp_path):
    press(qtbot, panel, Qt.Key.Key_1)
    html = flow_paper.summary_html(handbook, panel.walk.steps, panel.walk.choices)
    assert "Er det akutt fare for liv og helse nå?" in html
    assert "Svar: <b>Ja – noen blir angrepet eller truet nå</b>" in html
    assert "Politiet (Øst politidistrikt)" in html and "<big><b>112</b></big>" in html and "<b>02800</b>" in html
    assert "Plikt til å avverge vold og overgrep" in html
    # A part beyond the plan is marked in print too, with its sources; an entry beyond the plan's list as well.
    assert "[Utfyllende veiledning – ikke en del av den vedtatte planen]" in html and "helsenorge.no" in html
    assert "står ikke i planens hjelpeliste" in html
    path = tmp_path / "sammendrag.pdf"
    panel.save_pdf(str(path), diagram=False)
    assert path.read_bytes().startswith(b"%PDF")


def test_diagram_opens_readable_and_centred_on_the_current_step(panel):
    panel.show_node("skriv-ned")
    panel.show_diagram()
    view = panel.diagram
    assert view.READABLE_ZOOM <= view.zoom() <= 1.0
    shown = view.mapToScene(view.viewport().rect()).boundingRect()
    assert shown.intersects(panel.scene.nodes["skriv-ned"].box())


def test_diagram_follows_a_palette_change(panel):
    from PySide6.QtGui import QColor, QPalette

    pal = QPalette(panel.palette())
    pal.setColor(QPalette.ColorRole.Base, QColor("#202124"))
    pal.setColor(QPalette.ColorRole.Text, QColor("#e8eaed"))
    panel.setPalette(pal)
    assert panel.scene.colors.background == QColor("#202124")
    assert panel.diagram.scene() is panel.scene
    assert panel.scene.nodes["akutt"].on_path


def test_text_zoom_resizes_the_step_and_keeps_the_walk(qtbot, panel):
    from PySide6.QtGui import QFont

    press(qtbot, panel, Qt.Key.Key_1)
    before = panel.step_view.text_label.font().pointSizeF()
    big = QFont(panel.font())
    big.setPointSizeF(panel.font().pointSizeF() * 2.5)
    panel.setFont(big)
    view = panel.step_view
    assert view.text_label.font().pointSizeF() > before
    assert view.text_label.font().pointSizeF() >= big.pointSizeF()  # never smaller than the zoomed text
    assert panel.walk.current.id == "ring-112" and view.copy_buttons
    assert view.scroll.horizontalScrollBar().maximum() == 0  # wraps, no sideways scrolling


def test_tab_and_enter_in_the_diagram_open_a_step(qtbot, panel):
    panel.show_diagram()
    view = panel.diagram
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    focused = panel.scene.focusItem()
    assert focused is not None and focused.hasFocus()
    node_id = focused.node.id
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert panel.walk.current.id == node_id
    assert panel.stack.currentIndex() == 0


def _number_sizes(view):
    """Point size of each number label in the step, by its text."""
    from PySide6.QtWidgets import QLabel

    sizes = {}
    for label in view.body.findChildren(QLabel):
        if label.accessibleName().startswith("Telefon "):
            sizes[label.text()] = label.font().pointSizeF()
    return sizes


def test_urgent_step_shows_the_emergency_number_largest(panel):
    """Finding 5: 112 and 02800 (and the plan's unconfirmed line) were equally large on the acute step."""
    panel.show_node("ring-112")
    view = panel.step_view
    sizes = _number_sizes(view)
    assert view.primary_label is not None and view.primary_label.text() == "112"
    assert sizes["112"] > max(v for k, v in sizes.items() if k != "112")
    assert view.primary_label.isVisible()


def test_non_urgent_police_step_shows_02800_largest(panel):
    panel.show_node("varsle-politiet")
    view = panel.step_view
    sizes = _number_sizes(view)
    assert view.primary_label.text() == "02800"
    assert sizes["02800"] > sizes["112"]


def test_an_entry_beyond_the_plan_carries_the_banner_and_its_sources(panel):
    panel.show_node("ring-112")
    from PySide6.QtWidgets import QLabel

    banners = [w for w in panel.step_view.body.findChildren(QLabel) if w.property("supplementary")]
    text = " ".join(b.text() for b in banners)
    assert "Utfyllende veiledning – ikke en del av den vedtatte planen" in text
    assert "Står ikke i planens hjelpeliste" in text and "helsenorge.no" in text


def test_on_a_small_screen_every_steps_primary_number_is_in_view(qtbot, handbook):
    """911×512 at 150 % (the toolbar takes the top): the number to call is visible without scrolling."""
    widget = FlowPanel(handbook)
    qtbot.addWidget(widget)
    widget.resize(911, 460)
    widget.show()
    qtbot.waitExposed(widget)
    view = widget.step_view
    for node in handbook.flow.nodes:
        if not node.contacts:
            continue
        widget.show_node(node.id)
        label = view.primary_label
        assert label is not None and label.isVisible(), node.id
        viewport = view.scroll.viewport()
        top = label.mapTo(viewport, label.rect().topLeft()).y()
        bottom = label.mapTo(viewport, label.rect().bottomLeft()).y()
        assert 0 <= top and bottom <= viewport.height(), (node.id, top, bottom, viewport.height())


@pytest.mark.parametrize(("node_id", "lead"), [("egen-sikkerhet", "Dette steget står ikke i planen."), ("avverge", "")])
def test_a_step_beyond_the_plan_shows_the_banner_with_its_sources(panel, handbook, node_id, lead):
    """Finding 10: a whole step or a part of one that is not from the plan is marked where the worker reads it."""
    panel.show_node(node_id)
    node = handbook.flow.node(node_id)
    banners = panel.step_view.banners
    assert len(banners) == (2 if node.is_end else 1) and banners[0].isVisible()
    if node.is_end:  # a last step's «Hvor skriver du?» is beyond the plan too, with its own sources
        assert "Hvor skriver du?" in banners[1].text() and "lovdata.no/lov/1999-07-02-63" in banners[1].text()
    text = banners[0].text()
    assert "Utfyllende veiledning – ikke en del av den vedtatte planen" in text and lead in text
    assert all(s.url in text for s in node.sources)
    if node.supplement:
        assert "sikkert eller mest sannsynlig" in text
    panel.show_node("hvem")
    assert not panel.step_view.banners  # the plan's own question carries no banner


def test_no_word_in_a_diagram_box_is_cut_at_its_edge(panel):
    """Review minor 13: «Meld fra til barnevernstjenester…» – a word longer than the box was cut. Every
    box is as wide as its longest word (a longer one would wrap inside the word, never be cut)."""
    from PySide6.QtGui import QFontMetricsF

    from handbook.ui.flow.diagram import PADDING

    for node_id, item in panel.scene.nodes.items():
        metrics = QFontMetricsF(item.font)
        inner = item.box().width() - 2 * PADDING
        longest = max(metrics.horizontalAdvance(w) for line in item.text.split("\n") for w in line.split())
        assert longest <= inner + 0.5, (node_id, longest, inner)


def test_a_line_open_on_weekdays_says_so_beside_its_number(panel):
    """Review minor 2: Vern for eldre's hours were two scrolls below «Ring Vern for eldre»."""
    from PySide6.QtWidgets import QLabel

    panel.show_node("vern-for-eldre")
    view = panel.step_view
    assert "for råd" in view.text_label.text() and "også som ansatt" in view.text_label.text()
    words = [w.text() for w in view.body.findChildren(QLabel) if w.isVisible()]
    assert any("kontakttelefon for deg over 62 år · mandag–fredag kl. 09.00–15.00" in t for t in words), words
