"""«Oppdater innhold …» in the real window: real packs, real signatures, real store, real search.

The window is made by ``app.create_window`` with a store that trusts a throwaway key (a release
trusts the keys in resources/keys). The tests click what a worker clicks in the dialogs.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from PySide6.QtWidgets import QAbstractButton, QDialog, QLabel

from handbook.app import create_window, load_startup_content
from handbook.packs import archive
from handbook.packs.changes import compare, render_text
from handbook.packs.startup import read_edition
from handbook.packs.store import PackStore
from handbook.ui.content_update import RefusalDialog, UndoDialog, UpdateDialog
from packs_helpers import CONTENT, NEW_KISIF, content_version, new_key, tree_digest, write_pack, zip_of
import screen
from windows import settings_store

SHIPPED = read_edition(CONTENT)
OLD_SHOWN, NEW_SHOWN = "64 97 23 00", "64 97 23 99"


@pytest.fixture(scope="module")
def key():
    return new_key()


@pytest.fixture(scope="module")
def packs(tmp_path_factory, key):
    tmp = tmp_path_factory.mktemp("ui-packs")
    v11 = content_version(tmp, "1.1.0", "2027-01-15", kisif=NEW_KISIF)
    return {"dir11": v11, "v11": write_pack(v11, key, tmp / "innhold-1.1.0.handbok"), "tmp": tmp}


def open_app(qtbot, tmp_path, key, settings=None, **stored):
    """The window as the app opens it, with this test's settings and a store trusting ``key``."""
    store = settings or settings_store(tmp_path)
    for name, value in stored.items():
        import json

        store.setValue(name, json.dumps(value))
        store.setValue("settings_version", 2)
    packs = PackStore(tmp_path / "innhold", key.trusted, SHIPPED)
    window, search, app_settings = create_window(store, pack_store=packs)
    qtbot.addWidget(window)
    window.resize(911, 512)
    window.show()
    qtbot.waitExposed(window)
    with qtbot.waitSignal(search.ready, timeout=60_000):
        assert load_startup_content(window, search, app_settings, None, store=packs)
    return window, search, packs


def texts(widget) -> str:
    """Everything the widget shows in labels and buttons, one per line."""
    parts = [w.text() for w in widget.findChildren(QLabel) if w.isVisibleTo(widget)]
    parts += [w.text() for w in widget.findChildren(QAbstractButton) if w.isVisibleTo(widget)]
    return "\n".join(parts)


def wait_dialog(qtbot, window, kind):
    updater = window.content_updater
    qtbot.waitUntil(lambda: isinstance(updater.dialog, kind) and updater.dialog.isVisible(), timeout=60_000)
    return updater.dialog


def search_top_number(qtbot, window, text: str) -> str:
    """The numbers the first hit for ``text`` shows."""
    return " ".join(display for display, _digits, _label in screen.search_for(qtbot, window, text)[0].numbers)


def help_numbers(window, contact_id: str) -> list[str]:
    window.open_section(f"hjelpeliste#{contact_id}")
    return [b.text() for b in screen.help_entry_box(window, contact_id).number_buttons]


def test_a_good_pack_applies_and_the_window_shows_the_new_number_at_once(qtbot, tmp_path, key, packs):
    window, search, store = open_app(qtbot, tmp_path, key)
    assert window.handbook.meta.content_version == "1.0.0"
    assert OLD_SHOWN in search_top_number(qtbot, window, "krisesenter")
    old_handbook = window.handbook
    window.content_updater.import_file(packs["v11"])
    dialog = wait_dialog(qtbot, window, UpdateDialog)
    assert tree_digest(store.root / "current.json") == {} and store.current() is None  # nothing changed yet
    shown = dialog.text()
    assert "Nummer endret: 64 97 23 00 → 64 97 23 99 (telefon)." in shown
    from handbook.content import load_handbook

    # The dialog says what `handbook pack diff` prints (the same module renders both).
    for line in render_text(compare(old_handbook, load_handbook(packs["dir11"]))).splitlines():
        assert " ".join(line.replace("•", "").rstrip(":").split()) in " ".join(shown.replace("•", "").split()), line
    with qtbot.waitSignal(search.ready, timeout=60_000):
        dialog.apply_button.click()
    assert window.handbook.meta.content_version == "1.1.0"
    assert "versjon 1.1.0 (15.01.2027)" in screen.message_shown(window)
    # search
    assert NEW_SHOWN in search_top_number(qtbot, window, "krisesenter")
    assert search.engine.source == "shipped"  # the index built beside the pack before the swap
    # help list
    assert help_numbers(window, "kisif") == [NEW_SHOWN]
    # flowchart: the step that sends the worker to KISIF
    window.open_section("flyt#beskyttelse")
    qtbot.waitUntil(lambda: NEW_SHOWN in texts(window.flow_view), timeout=5000)
    assert OLD_SHOWN not in texts(window.flow_view)
    # the start page's footer
    assert "Innhold: versjon 1.1.0, 15.01.2027" in window.content_updater.footer.version.text()


def test_the_next_start_shows_the_installed_pack(qtbot, tmp_path, key, packs):
    store = PackStore(tmp_path / "innhold", key.trusted, SHIPPED)
    store.commit(store.prepare(archive.open_pack(packs["v11"], key.trusted)))
    window, search, _ = open_app(qtbot, tmp_path, key)
    assert window.handbook.meta.content_version == "1.1.0"
    assert NEW_SHOWN in search_top_number(qtbot, window, "kisif")
    from handbook.ui.about import about_html

    assert "oppdatert med innholdspakke fra koordinatoren" in about_html(window.handbook, lambda s: s)


def refusal_text(qtbot, window, path: Path) -> tuple[str, str]:
    window.content_updater.import_file(path)
    dialog = wait_dialog(qtbot, window, RefusalDialog)
    text = dialog.message.text(), dialog.problems.toPlainText() if dialog.problems is not None else ""
    dialog.reject()
    qtbot.waitUntil(lambda: window.content_updater.dialog is None)
    return text


def test_each_refusal_names_its_reason_and_changes_nothing(qtbot, tmp_path, key, packs):
    window, search, store = open_app(qtbot, tmp_path, key)
    store.commit(store.prepare(archive.open_pack(packs["v11"], key.trusted)))
    before, shown = tree_digest(store.root), window.handbook
    tmp = tmp_path / "pakker"
    tmp.mkdir()
    data = packs["v11"].read_bytes()
    cases = {}
    (tmp / "usignert.handbok").write_bytes(zip_of([("content/meta.yaml", b"x")], None))
    cases["usignert.handbok"] = "Pakken er ikke signert."
    write_pack(packs["dir11"], new_key(), tmp / "fremmed.handbok")
    cases["fremmed.handbok"] = "Pakken er signert med en nøkkel programmet ikke kjenner"
    tampered = bytearray(data)
    tampered[len(data) // 2] ^= 0x20
    (tmp / "endret.handbok").write_bytes(bytes(tampered))
    cases["endret.handbok"] = "Pakken er endret etter at den ble signert"
    write_pack(content_version(tmp, "1.0.5", "2026-12-01"), key, tmp / "eldre.handbok")
    cases["eldre.handbok"] = "som er eldre enn innholdet du har (1.1.0 (15.01.2027))"
    (tmp / "kort.handbok").write_bytes(data[: len(data) - 300])
    cases["kort.handbok"] = "Filen er ufullstendig"
    pack = archive.open_pack(packs["v11"], key.trusted)
    manifest = pack.manifest.__class__(**{**pack.manifest.__dict__, "product": "no.annen.kommune.oppslag",
                                          "content_version": "2.0.0"})
    (tmp / "annet.handbok").write_bytes(archive.pack_bytes(manifest, pack.files, key.signing))
    cases["annet.handbok"] = "Pakken er laget for et annet program («no.annen.kommune.oppslag»)"
    from packs_helpers import raw_pack

    broken = content_version(tmp, "1.3.0", "2027-04-01", kisif="1234")
    (tmp / "feil.handbok").write_bytes(raw_pack(broken, key, "1.3.0", "2027-04-01"))
    cases["feil.handbok"] = "Innholdet i pakken (versjon 1.3.0) har feil"
    for name, says in cases.items():
        message, problems = refusal_text(qtbot, window, tmp / name)
        assert says in message, (name, message)
        assert tree_digest(store.root) == before, name
        assert window.handbook is shown, name
        if name == "feil.handbok":
            assert problems.startswith("hjelpeliste.yaml:")  # file:line, as handbook check prints it


def test_cancel_and_quick_hide_change_nothing(qtbot, tmp_path, key, packs):
    window, search, store = open_app(qtbot, tmp_path, key)
    before = tree_digest(store.root)
    window.content_updater.import_file(packs["v11"])
    wait_dialog(qtbot, window, UpdateDialog).cancel_button.click()
    qtbot.waitUntil(lambda: not window.content_updater.busy)
    assert tree_digest(store.root) == before and window.handbook.meta.content_version == "1.0.0"
    window.content_updater.import_file(packs["v11"])
    wait_dialog(qtbot, window, UpdateDialog)
    window.quick_hide()  # Esc Esc with the summary open: the dialog goes, nothing is applied
    qtbot.waitUntil(lambda: not window.content_updater.busy)
    assert tree_digest(store.root) == before and window.handbook.meta.content_version == "1.0.0"
    assert list(store.root.glob(".new-*")) == []


def test_undo_restores_the_old_content_in_the_window(qtbot, tmp_path, key, packs):
    window, search, store = open_app(qtbot, tmp_path, key)
    window.content_updater.import_file(packs["v11"])
    with qtbot.waitSignal(search.ready, timeout=60_000):
        wait_dialog(qtbot, window, UpdateDialog).apply_button.click()
    assert window.handbook.meta.content_version == "1.1.0"
    window.menu_button.menu().aboutToShow.emit()
    assert window.content_updater.undo_action.isEnabled()
    window.content_updater.undo()
    box = wait_dialog(qtbot, window, UndoDialog)
    with qtbot.waitSignal(search.ready, timeout=60_000):
        box.back_button.click()
    assert window.handbook.meta.content_version == "1.0.0"
    assert OLD_SHOWN in search_top_number(qtbot, window, "krisesenter")
    assert help_numbers(window, "kisif") == [OLD_SHOWN]
    window.menu_button.menu().aboutToShow.emit()
    assert not window.content_updater.undo_action.isEnabled()
    assert "Oppdateringen er angret" in screen.message_shown(window)


def test_a_newer_pack_in_the_coordinators_folder_is_offered_never_applied(qtbot, tmp_path, key, packs):
    shelf = tmp_path / "fellesdisk"
    shelf.mkdir()
    shutil.copy(packs["v11"], shelf)
    window, search, store = open_app(qtbot, tmp_path, key, pack_folder=str(shelf))
    offer = window.content_updater.offer
    qtbot.waitUntil(offer.isVisible, timeout=30_000)
    assert "versjon 1.1.0 (15.01.2027)" in offer.label.text()
    assert window.handbook.meta.content_version == "1.0.0" and store.current() is None
    offer.show_button.click()
    assert "Nummer endret" in wait_dialog(qtbot, window, UpdateDialog).text()
    window.content_updater.dialog.reject()
    qtbot.waitUntil(lambda: not window.content_updater.busy)
    assert store.current() is None


def test_the_menu_holds_the_update_entries_before_the_settings(qtbot, tmp_path, key):
    window, _search, _store = open_app(qtbot, tmp_path, key)
    labels = [a.text() for a in window.menu_button.menu().actions() if not a.isSeparator()]
    at = labels.index("Innstillinger …")
    assert labels[at - 2: at] == ["Oppdater innhold …", "Angre oppdatering"]


# -- age ---------------------------------------------------------------------------------------


def test_footer_and_about_say_the_version_and_calmly_when_it_is_old(qtbot, tmp_path, key):
    from handbook.content import load_handbook
    from handbook.ui.about import about_html

    window, _search, _store = open_app(qtbot, tmp_path, key)
    footer = window.content_updater.footer
    assert footer.version.text() == "Innhold: versjon 1.0.0, 26.11.2026"
    fresh = dt.date.today() >= dt.date(2027, 11, 26)
    assert footer.notice.isVisibleTo(window.home) is fresh  # the shipped content is not old yet
    old = load_handbook(content_version(tmp_path, "0.9.0", "2024-01-15"))
    window.set_handbook(old)
    assert footer.version.text() == "Innhold: versjon 0.9.0, 15.01.2024"
    assert footer.notice.isVisibleTo(window.home)
    assert footer.notice.text() == ("Innholdet er fra 15.01.2024 og er eldre enn ett år. Telefonnumre og åpningstider "
                                    "kan ha endret seg siden. Spør koordinatoren for vold i nære relasjoner i kommunen "
                                    "om en ny utgave.")
    assert "Innholdet kan være utdatert." in about_html(old, lambda s: s, 12)
    window.settings.set("stale_months", 120)  # ten years: not old any more
    assert not footer.notice.isVisibleTo(window.home)
    assert "utdatert" not in about_html(old, lambda s: s, 120)


def test_the_settings_name_the_pack_folder_and_the_months(qtbot, tmp_path, key):
    window, _search, _store = open_app(qtbot, tmp_path, key)
    dialog = window.settings_dialog()
    qtbot.addWidget(dialog)
    dialog.advanced_button.setChecked(True)
    dialog.pack_settings.folder.setText(str(tmp_path))
    dialog.pack_settings.months.setValue(18)
    dialog.accept()
    assert window.settings.get("pack_folder") == str(tmp_path)
    assert window.settings.get("stale_months") == 18
    assert dialog.result() == QDialog.DialogCode.Accepted
    again = window.settings_dialog()
    qtbot.addWidget(again)
    assert again.advanced_button.isChecked()  # a folder is set: the coordinator's section is open


def test_a_damaged_installed_pack_falls_back_to_the_shipped_content(qtbot, tmp_path, key, packs):
    """A file of the installed pack changed on disk: the next start shows the shipped content, whole."""
    store = PackStore(tmp_path / "innhold", key.trusted, SHIPPED)
    installed = store.commit(store.prepare(archive.open_pack(packs["v11"], key.trusted)))
    page = installed.content_dir / "hjelpeliste.yaml"
    page.write_text(page.read_text(encoding="utf-8").replace(NEW_KISIF, "64972398"), encoding="utf-8")
    window, search, _ = open_app(qtbot, tmp_path, key)
    assert window.handbook.meta.content_version == "1.0.0"
    assert OLD_SHOWN in search_top_number(qtbot, window, "krisesenter")
