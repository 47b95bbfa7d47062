"""The app's shapes without a style sheet (handbook/ui/style.py): what the sheet did, drawn by a proxy style.

An application style sheet costs every widget 9–11 KB of heap (issue 20); these check that the
look it gave is still there: the focus ring in place of the border at the same size, the spin
box's arrows drawn and working, the notes' colours following the scheme.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QPushButton, QSpinBox, QVBoxLayout, QWidget

from handbook.ui import theme, tokens

# a bare top-level form: the offscreen platform cannot pass its size limits on
pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints\(\)")


@pytest.fixture
def themed(qtbot):
    app = QApplication.instance()
    theme.install(app, theme.Scheme.LIGHT)
    yield app
    theme.install(app, theme.forced_by_environment())


_shown: list[QWidget] = []


@pytest.fixture(autouse=True)
def _close_forms():
    yield
    while _shown:
        _shown.pop().close()


def _form(qtbot, *widgets) -> QWidget:
    holder = QWidget()
    layout = QVBoxLayout(holder)
    for widget in widgets:
        layout.addWidget(widget)
    qtbot.addWidget(holder)
    holder.show()
    qtbot.waitExposed(holder)
    _shown.append(holder)  # pytest-qt holds a weak reference only
    return holder


def test_the_app_has_no_style_sheet(themed):
    assert themed.styleSheet() == ""
    assert not QApplication.testAttribute(Qt.ApplicationAttribute.AA_UseStyleSheetPropagationInWidgetStyles)


@pytest.mark.parametrize("kind", [QPushButton, QLineEdit, QSpinBox])
def test_the_focus_ring_replaces_the_border_and_keeps_the_size(qtbot, themed, kind):
    control = kind()
    if isinstance(control, QPushButton):
        control.setText("Kopier")
    other = QPushButton("Annen")
    _form(qtbot, control, other)
    other.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(other.hasFocus)
    size = control.sizeHint()
    edge = control.grab().toImage().pixelColor(control.width() // 2, 0)
    control.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(control.hasFocus)
    assert control.sizeHint() == size
    image = control.grab().toImage()
    ring = theme.colour("focus_outer").name()
    # 3 px of the ring along the top edge, where the 1 px border was
    assert [image.pixelColor(control.width() // 2, y).name() for y in range(tokens.FOCUS_PX)] == [ring] * 3
    assert edge.name() == theme.colour("border").name()


def test_the_spin_box_arrows_are_drawn_and_step(qtbot, themed):
    spin = QSpinBox()
    spin.setRange(50, 300)
    spin.setValue(100)
    _form(qtbot, spin)
    up = spin.style().subControlRect(spin.style().ComplexControl.CC_SpinBox, _spin_option(spin),
                                     spin.style().SubControl.SC_SpinBoxUp, spin)
    assert up.width() >= 16 and up.height() >= 8
    image = spin.grab().toImage()
    text = theme.colour("text").name()
    assert any(image.pixelColor(x, y).name() == text for x in range(up.left(), up.right()) for y in range(up.top(), up.bottom()))
    qtbot.mouseClick(spin, Qt.MouseButton.LeftButton, pos=up.center())
    assert spin.value() == 101
    edit = spin.findChild(QLineEdit)
    assert edit.geometry().right() < up.left(), "the text runs under the arrows"


def _spin_option(spin):
    from PySide6.QtWidgets import QStyleOptionSpinBox

    option = QStyleOptionSpinBox()
    option.initFrom(spin)
    option.rect = spin.rect()
    option.buttonSymbols = spin.buttonSymbols()
    option.subControls = spin.style().SubControl.SC_SpinBoxUp | spin.style().SubControl.SC_SpinBoxDown
    return option


def test_notes_follow_the_scheme_when_it_changes(qtbot, themed):
    note = QLabel("Utfyllende veiledning")
    note.setProperty("supplementary", True)
    _form(qtbot, note)
    for scheme in (theme.Scheme.DARK, theme.Scheme.HIGH_CONTRAST, theme.Scheme.LIGHT):
        theme.install(themed, scheme)
        image = note.grab().toImage()
        assert image.pixelColor(2, note.height() // 2).name() == theme.colour("note_surface").name()
        assert note.palette().color(note.foregroundRole()).name() == theme.colour("note_text").name()


def test_a_focused_step_text_is_drawn_as_selected(qtbot, themed):
    label = QLabel("Er noen i fare nå?")
    label.setObjectName("StepText")
    label.setFocusPolicy(Qt.FocusPolicy.TabFocus)
    other = QPushButton("Ja")
    _form(qtbot, label, other)
    label.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(label.hasFocus)
    assert label.grab().toImage().pixelColor(QPoint(1, 1)).name() == theme.colour("accent").name()
    other.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(other.hasFocus)
    assert label.grab().toImage().pixelColor(QPoint(1, 1)).name() != theme.colour("accent").name()
