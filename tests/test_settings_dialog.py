"""The settings dialog: everyday settings first, the content folder folded away under "Avansert"."""

from __future__ import annotations

from PySide6.QtCore import Qt

from handbook.settings import Settings
from handbook.ui.settings_dialog import SettingsDialog
from windows import settings_store


def _dialog(qtbot, tmp_path, **stored):
    store = settings_store(tmp_path)
    settings = Settings(store)
    for name, value in stored.items():
        settings.set(name, value)
    dialog = SettingsDialog(settings, lambda path: (None, ["ikke brukt"]))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog, settings


def test_content_folder_is_folded_away_with_a_warning(qtbot, tmp_path):
    dialog, _settings = _dialog(qtbot, tmp_path)
    assert dialog.discreet.isChecked()  # discreet by default
    assert dialog.discreet.isVisible() and dialog.history.isVisible() and dialog.zoom.isVisible()
    assert not dialog.folder.isVisible()
    qtbot.mouseClick(dialog.advanced_button, Qt.MouseButton.LeftButton)
    assert dialog.folder.isVisible() and dialog.warning.isVisible()
    assert "koordinatoren" in dialog.warning.text() and "telefonnumre" in dialog.warning.text()
    # The section fits: the dialog grew instead of squeezing the warning.
    assert dialog.warning.height() >= dialog.warning.heightForWidth(dialog.warning.width())


def test_a_content_folder_in_use_is_never_hidden(qtbot, tmp_path):
    dialog, _settings = _dialog(qtbot, tmp_path, content_dir=str(tmp_path))
    assert dialog.advanced_button.isChecked() and dialog.folder.isVisible()
    assert dialog.folder.text() == str(tmp_path)


def test_turning_discretion_off_is_stored(qtbot, tmp_path):
    dialog, settings = _dialog(qtbot, tmp_path)
    dialog.discreet.setChecked(False)
    dialog.accept()
    assert settings.get("discreet") is False and "discreet" in settings.stored_keys()
