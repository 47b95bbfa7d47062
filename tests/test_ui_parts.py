"""The reader's parts on their own: results model, history, settings, charts."""

from __future__ import annotations

from PySide6.QtGui import QFont, QPalette

from handbook.settings import SETTINGS_VERSION, VERSION_KEY, Settings
from handbook.ui import charts
from handbook.ui.history import HELP, HOME, PAGE, History, Location
from handbook.ui.results_model import ResultsModel
from handbook.search import open_search
from windows import settings_store


def test_results_model_passes_the_model_tester(qtmodeltester, handbook, tmp_path):
    service = open_search(handbook, tmp_path, None)
    model = ResultsModel()
    model.set_results(service.timed_search("krisesenter"), handbook)
    assert model.rowCount() > 0
    qtmodeltester.check(model)
    top = model.item(0)
    assert top.hit.id == "hjelpeliste#kisif"
    assert top.breadcrumb.startswith("Hvem kan hjelpe?")
    model.set_results(service.timed_search("zzzqqq"), handbook)
    assert model.rowCount() == 0
    qtmodeltester.check(model)


def test_history_drops_forward_places_on_a_new_visit():
    h = History()
    for place in (Location(HOME), Location(PAGE, "a"), Location(HELP, "b")):
        h.visit(place)
    assert h.back() == Location(PAGE, "a")
    h.visit(Location(PAGE, "c"))
    assert not h.can_forward()
    assert h.back() == Location(PAGE, "a")
    assert h.back() == Location(HOME)
    assert h.back() is None


def test_settings_store_only_non_defaults_with_a_version(tmp_path):
    store = settings_store(tmp_path, "s.ini")
    settings = Settings(store)
    settings.set("zoom", 100)
    settings.set("favourites", [])
    assert settings.stored_keys() == []
    settings.set("favourites", ["veileder/taushetsplikt"])  # one element: INI would flatten a bare list
    settings.set("zoom", 999)
    again = Settings(settings_store(tmp_path, "s.ini"))
    assert again.get("favourites") == ["veileder/taushetsplikt"]
    assert again.get("zoom") == 300  # clamped
    assert int(store.value(VERSION_KEY)) == SETTINGS_VERSION
    again.set("zoom", 100)
    assert "zoom" not in again.stored_keys()


def test_settings_survive_garbage_in_the_store(tmp_path):
    store = settings_store(tmp_path, "s.ini")
    store.setValue("zoom", "not json")
    store.setValue("favourites", '"a string"')
    settings = Settings(store)
    assert settings.get("zoom") == 100
    assert settings.get("favourites") == []


def test_charts_leave_out_the_total_row_and_draw_something(qapp, handbook):
    table = next(t for t in handbook.tables if t.total_row)
    labels = [label for label, _values in charts.chart_rows(table)]
    assert table.total_row not in labels
    assert len(labels) == len(table.rows) - 1
    image = charts.render_chart(table, 600, QPalette(), QFont())
    assert not image.isNull() and image.height() > 100
    background = image.pixelColor(2, 2)
    assert any(image.pixelColor(x, y) != background for x in range(0, image.width(), 7) for y in range(0, image.height(), 7))
