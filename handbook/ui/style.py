"""The app's shapes: Fusion, with buttons, fields and the focus ring drawn from the design tokens.

:mod:`handbook.ui.theme` sets the colours (a :class:`QPalette`) and installs this style. It
draws what a style sheet used to (``resources/styles/handbok.qss`` until issue 20): a Qt style
sheet, even one rule long, costs every widget 9–11 KB of heap (QStyleSheetStyle's per-widget
polish and render-rule caches), some 4 MB for a working day's 360 widgets. A proxy style
keeps nothing per widget.

Every control keeps the same outer size whether it has focus or not: the 3 px focus ring
(``tokens.FOCUS_PX``) is drawn where the 1 px border was and takes the 2 px from the padding.
Sizes are the style sheet's box model: the contents, the padding and the border.

- Buttons and tool buttons: surface, a 1 px border, ``tokens.RADIUS_PX`` corners; hover,
  pressed/checked, disabled and default colours; a flat button (``setFlat``) or an autoRaise
  tool button has no box until it has the mouse (hover fill) or the focus (the ring).
  Padding: ``SPACE_PX['1'] + 1`` × ``SPACE_PX['3']``; less for the help list's filter chips
  (``chip`` property), the search's reading chips (in a ``ReadingChip`` frame) and the file
  dialog's small icon buttons.
- Line edits, spin boxes and combo boxes: surface, border, corners, 4 × 6 px padding, the ring.
- Check boxes and radio buttons: a ring around the whole control when it has the focus.
- Tool tips: the palette's tool-tip colours, 4 px padding, no border.
- The «Utfyllende veiledning» notes (``supplementary`` property, ``dense`` for less padding):
  their colours and padding are given by :func:`colour_note`, their rounded fill is drawn here.

Text colours, hints, selection and links are the palette's (Fusion obeys it).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QRect, QRectF, QSize
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPalette
from PySide6.QtWidgets import (QAbstractSpinBox, QApplication, QCheckBox, QFileDialog, QFrame, QLabel, QProxyStyle,
                               QPushButton, QRadioButton, QStyle, QStyleFactory, QStyleOption, QStyleOptionButton,
                               QStyleOptionToolButton, QToolButton, QWidget)

from handbook.ui import tokens

S, PE, CE, CC, SE, SC, CT = (QStyle.StateFlag, QStyle.PrimitiveElement, QStyle.ControlElement,
                             QStyle.ComplexControl, QStyle.SubElement, QStyle.SubControl, QStyle.ContentsType)
BORDER, FOCUS, RADIUS = tokens.BORDER_PX, tokens.FOCUS_PX, tokens.RADIUS_PX
BUTTON_PAD = (tokens.SPACE_PX["3"], tokens.SPACE_PX["1"] + 1)  # (x, y)
CHIP_PAD = (8, 2)       # the help list's filter chips: two rows on a small laptop
READING_PAD = (6, 2)    # a search reading chip's label and «×», flat inside its frame
DIALOG_PAD = (1, 1)     # Qt's file dialog's small icon buttons: their icons keep their width
FIELD_PAD = (6, 4)      # line edits, spin boxes, combo boxes
SPIN_BUTTON_W = 20      # a spin box's up and down buttons
CHECK_RING = FOCUS + 2  # a check box's ring and the room inside it
NOTE_PAD, NOTE_DENSE_PAD, NOTE_RADIUS = 6, 2, 3
TIP_PAD = 4
_TOOL_EXTRA = 3         # what QStyleSheetStyle added to a tool button's contents (kept: same sizes)


def colour_note(label: QWidget) -> None:
    """Give a note (a label with the ``supplementary`` property) its padding and its scheme's
    colours: the text's, and the fill :class:`Style` draws. Done when the label is polished, and
    again by :class:`handbook.ui.theme.Theme` when the scheme changes."""
    from handbook.ui import theme

    pad = NOTE_DENSE_PAD if label.property("dense") else NOTE_PAD
    if isinstance(label, QFrame):
        # a frame (drawn as the fill only, inside the padding): with one, a label indents its text by
        # an «x» of its font, as it did under the style sheet
        label.setFrameShape(QFrame.Shape.Box)
        label.setLineWidth(1)
    label.setContentsMargins(pad, pad, pad, pad)
    pal = QPalette(label.palette())
    pal.setColor(QPalette.ColorRole.WindowText, theme.colour("note_text"))
    pal.setColor(QPalette.ColorRole.Text, theme.colour("note_text"))  # rich text is drawn in this one
    pal.setColor(QPalette.ColorRole.Window, theme.colour("note_surface"))
    label.setPalette(pal)


def _button_pad(widget: QWidget | None) -> tuple[int, int]:
    if widget is None:
        return BUTTON_PAD
    if isinstance(widget, QPushButton):
        return CHIP_PAD if widget.property("chip") else BUTTON_PAD
    parent = widget.parentWidget()
    if parent is not None and parent.objectName() == "ReadingChip":
        return READING_PAD
    if isinstance(widget.window(), QFileDialog):
        return DIALOG_PAD
    return BUTTON_PAD


def _rounded(painter: QPainter, rect: QRectF, radius: float, colour: QColor) -> None:
    path = QPainterPath()
    path.addRoundedRect(rect, radius, radius)
    painter.fillPath(path, colour)


class Style(QProxyStyle):
    """Fusion drawing the app's shapes in the colours :meth:`set_colours` gives."""

    def __init__(self, values: dict[str, str]) -> None:
        super().__init__(QStyleFactory.create("Fusion"))
        self.c: dict[str, QColor] = {}
        self.set_colours(values)

    def set_colours(self, values: dict[str, str]) -> None:
        self.c = {name: QColor(value) for name, value in values.items()}

    # --- the box every control is drawn in -------------------------------------------------------------
    def _box(self, painter: QPainter, rect: QRect, fill: QColor | None, border: QColor | None, width: int) -> None:
        """A rounded box: ``width`` px of ``border`` inside ``rect``, ``fill`` within it."""
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        outer = QRectF(rect)
        inner = outer.adjusted(width, width, -width, -width)
        if border is not None and border.alpha():
            path = QPainterPath()
            path.addRoundedRect(outer, RADIUS, RADIUS)
            hole = QPainterPath()
            hole.addRoundedRect(inner, max(0, RADIUS - width), max(0, RADIUS - width))
            painter.fillPath(path.subtracted(hole), border)
        if fill is not None and fill.alpha():
            _rounded(painter, inner, max(0, RADIUS - width), fill)
        painter.restore()

    def _button(self, painter: QPainter, option: QStyleOption, flat: bool, default: bool = False) -> None:
        """A button's box in the colours of its state (the style sheet's rules, in their order)."""
        state, c = option.state, self.c
        enabled = bool(state & S.State_Enabled)
        focus = bool(state & S.State_HasFocus)
        hover = bool(state & S.State_MouseOver) and enabled
        fill, border, width = c["surface"], c["border"], BORDER
        if hover:
            fill = c["hover"]
        if state & (S.State_Sunken | S.State_On):
            fill, border = c["pressed"], c["accent_border"]
        if focus:
            border, width = c["focus_outer"], FOCUS
        if not enabled:
            fill, border = c["canvas"], c["border_subtle"]
        if default:
            border = c["accent_border"]
        if flat:
            fill = c["hover"] if hover else None
            border = c["focus_outer"] if focus else None
        self._box(painter, option.rect, fill, border, width)

    def _field(self, painter: QPainter, option: QStyleOption) -> None:
        focus = bool(option.state & S.State_HasFocus)
        self._box(painter, option.rect, self.c["surface"],
                  self.c["focus_outer"] if focus else self.c["border"], FOCUS if focus else BORDER)

    def _arrow(self, painter: QPainter, rect: QRect, up: bool, colour: QColor) -> None:
        """A spin box's arrow: a solid triangle in the text colour (Fusion's are half transparent)."""
        half = max(3, min(rect.width(), rect.height() * 2) // 5)
        c = QRectF(rect).center()
        tip, base = (-half / 2, half / 2) if up else (half / 2, -half / 2)
        path = QPainterPath()
        path.moveTo(c.x() - half, c.y() + base)
        path.lineTo(c.x() + half, c.y() + base)
        path.lineTo(c.x(), c.y() + tip)
        path.closeSubpath()
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.fillPath(path, colour)
        painter.restore()

    # --- drawing -------------------------------------------------------------------------------------
    def drawPrimitive(self, element, option, painter, widget=None):  # noqa: N802 - Qt naming
        if element == PE.PE_PanelLineEdit:
            if getattr(option, "lineWidth", 0) > 0:
                self._field(painter, option)
            else:  # the field inside a spin box or combo box: its parent draws the box
                painter.fillRect(option.rect, option.palette.base())
            return
        if element == PE.PE_FrameLineEdit:
            return
        if element in (PE.PE_PanelButtonCommand, PE.PE_PanelButtonBevel):
            flat = bool(getattr(option, "features", 0) & QStyleOptionButton.ButtonFeature.Flat)
            self._button(painter, option, flat)
            return
        if element == PE.PE_PanelButtonTool:
            self._button(painter, option, bool(option.state & S.State_AutoRaise))
            return
        if element == PE.PE_PanelTipLabel:
            painter.fillRect(option.rect, option.palette.toolTipBase())
            return
        if element == PE.PE_FrameFocusRect and isinstance(widget, (QPushButton, QToolButton, QCheckBox, QRadioButton)):
            return  # the ring is drawn with the box
        super().drawPrimitive(element, option, painter, widget)

    def drawControl(self, element, option, painter, widget=None):  # noqa: N802 - Qt naming
        if element == CE.CE_ShapedFrame and widget is not None and widget.property("supplementary"):
            painter.save()
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            # the whole label: a frame's rect lies inside the label's contents margins (the padding)
            _rounded(painter, QRectF(widget.rect()), NOTE_RADIUS, option.palette.color(QPalette.ColorRole.Window))
            painter.restore()
            return
        if element == CE.CE_PushButton:
            self.drawControl(CE.CE_PushButtonBevel, option, painter, widget)
            label = QStyleOptionButton(option)
            label.rect = self.subElementRect(SE.SE_PushButtonContents, option, widget)
            super().drawControl(CE.CE_PushButtonLabel, label, painter, widget)
            return
        if element == CE.CE_PushButtonBevel:
            features = option.features
            self._button(painter, option, bool(features & QStyleOptionButton.ButtonFeature.Flat),
                         bool(features & QStyleOptionButton.ButtonFeature.DefaultButton))
            return
        if element in (CE.CE_CheckBox, CE.CE_RadioButton):
            if option.state & S.State_HasFocus:
                self._box(painter, option.rect, None, self.c["focus_outer"], FOCUS)
            inner = QStyleOptionButton(option)
            inner.state = option.state & ~S.State_HasFocus
            super().drawControl(element, inner, painter, widget)
            return
        super().drawControl(element, option, painter, widget)

    def drawComplexControl(self, control, option, painter, widget=None):  # noqa: N802 - Qt naming
        if control == CC.CC_ToolButton:
            self._button(painter, option, bool(option.state & S.State_AutoRaise))
            label = QStyleOptionToolButton(option)
            pad_x, pad_y = _button_pad(widget)
            inset_x, inset_y = pad_x + BORDER, pad_y + BORDER
            label.rect = option.rect.adjusted(inset_x, inset_y, -inset_x, -inset_y)
            label.state = option.state & ~S.State_Sunken  # the label does not shift when pressed
            super().drawControl(CE.CE_ToolButtonLabel, label, painter, widget)
            return
        if control == CC.CC_SpinBox:
            self._field(painter, option)
            for sub, step in ((SC.SC_SpinBoxUp, QAbstractSpinBox.StepEnabledFlag.StepUpEnabled),
                              (SC.SC_SpinBoxDown, QAbstractSpinBox.StepEnabledFlag.StepDownEnabled)):
                if option.buttonSymbols == QAbstractSpinBox.ButtonSymbols.NoButtons:
                    break
                rect = self.subControlRect(control, option, sub, widget)
                pressed = option.activeSubControls == sub and option.state & S.State_Sunken
                if pressed:
                    painter.fillRect(rect, self.c["pressed"])
                elif option.activeSubControls == sub and option.state & S.State_MouseOver:
                    painter.fillRect(rect, self.c["hover"])
                enabled = bool(option.stepEnabled & step) and bool(option.state & S.State_Enabled)
                self._arrow(painter, rect, sub == SC.SC_SpinBoxUp, self.c["text" if enabled else "disabled_text"])
            return
        if control == CC.CC_ComboBox:
            if option.editable:
                super().drawComplexControl(control, option, painter, widget)
                return
            self._field(painter, option)
            enabled = bool(option.state & S.State_Enabled)
            self._arrow(painter, self.subControlRect(control, option, SC.SC_ComboBoxArrow, widget), False,
                        self.c["text" if enabled else "disabled_text"])
            return
        super().drawComplexControl(control, option, painter, widget)

    # --- geometry: the style sheet's box model ---------------------------------------------------------
    def sizeFromContents(self, kind, option, size, widget=None):  # noqa: N802 - Qt naming
        if kind == CT.CT_PushButton:
            pad_x, pad_y = _button_pad(widget)
            return QSize(size.width() + 2 * (pad_x + BORDER), size.height() + 2 * (pad_y + BORDER))
        if kind == CT.CT_ToolButton:
            pad_x, pad_y = _button_pad(widget)
            return QSize(size.width() + _TOOL_EXTRA + 2 * (pad_x + BORDER),
                         size.height() + _TOOL_EXTRA + 2 * (pad_y + BORDER))
        if kind == CT.CT_LineEdit and getattr(option, "lineWidth", 0) > 0:
            return QSize(size.width() + 2 * (FIELD_PAD[0] + BORDER), size.height() + 2 * (FIELD_PAD[1] + BORDER))
        if kind == CT.CT_SpinBox:  # the style sheet's sizes: its box, and the buttons' room twice
            return QSize(size.width() + 2 * (BORDER + FIELD_PAD[0]) + 2 * (SPIN_BUTTON_W + 2) + 7
                         + option.fontMetrics.horizontalAdvance("x"),
                         size.height() + 2 * (FIELD_PAD[1] + BORDER) - 1)
        if kind == CT.CT_ComboBox:
            base = super().sizeFromContents(kind, option, size, widget)
            return QSize(base.width() + 2, max(base.height(), size.height() + 2 * (FIELD_PAD[1] + BORDER)))
        if kind in (CT.CT_CheckBox, CT.CT_RadioButton):
            base = super().sizeFromContents(kind, option, size, widget)
            return QSize(base.width() + 6, size.height() + 2 * CHECK_RING)  # the style sheet's sizes
        return super().sizeFromContents(kind, option, size, widget)

    def subElementRect(self, element, option, widget=None):  # noqa: N802 - Qt naming
        if element == SE.SE_PushButtonContents:
            pad_x, pad_y = _button_pad(widget)
            return option.rect.adjusted(pad_x + BORDER, pad_y + BORDER, -(pad_x + BORDER), -(pad_y + BORDER))
        if element == SE.SE_LineEditContents and getattr(option, "lineWidth", 0) > 0:
            x, y = FIELD_PAD[0] + BORDER, FIELD_PAD[1] + BORDER
            return option.rect.adjusted(x, y, -x, -y)
        if element in (SE.SE_CheckBoxIndicator, SE.SE_CheckBoxContents, SE.SE_CheckBoxFocusRect,
                       SE.SE_CheckBoxClickRect, SE.SE_RadioButtonIndicator, SE.SE_RadioButtonContents,
                       SE.SE_RadioButtonFocusRect, SE.SE_RadioButtonClickRect):
            inner = QStyleOptionButton(option)
            inner.rect = option.rect.adjusted(CHECK_RING, CHECK_RING, -CHECK_RING, -CHECK_RING)
            return super().subElementRect(element, inner, widget)
        return super().subElementRect(element, option, widget)

    def subControlRect(self, control, option, sub, widget=None):  # noqa: N802 - Qt naming
        if control == CC.CC_SpinBox:
            r = option.rect
            if sub == SC.SC_SpinBoxFrame:
                return QRect(r)
            buttons = option.buttonSymbols != QAbstractSpinBox.ButtonSymbols.NoButtons
            right = BORDER + (SPIN_BUTTON_W + 2 if buttons else FIELD_PAD[0])
            if sub == SC.SC_SpinBoxEditField:
                x, y = BORDER + FIELD_PAD[0], BORDER + FIELD_PAD[1]
                return QRect(r.x() + x, r.y() + y, max(0, r.width() - x - right), max(0, r.height() - 2 * y))
            if sub in (SC.SC_SpinBoxUp, SC.SC_SpinBoxDown):
                if not buttons:
                    return QRect()
                inner = r.adjusted(FOCUS, FOCUS, -FOCUS, -FOCUS)  # inside the ring: the buttons keep their place
                half = inner.height() // 2
                left = inner.right() - SPIN_BUTTON_W + 1
                if sub == SC.SC_SpinBoxUp:
                    return QRect(left, inner.top(), SPIN_BUTTON_W, half)
                return QRect(left, inner.top() + half, SPIN_BUTTON_W, inner.height() - half)
        if control == CC.CC_ComboBox and not option.editable and sub == SC.SC_ComboBoxEditField:
            base = super().subControlRect(control, option, sub, widget)
            x, y = BORDER + FIELD_PAD[0], BORDER + FIELD_PAD[1]
            return QRect(option.rect.x() + x, base.y(), max(0, base.right() - option.rect.x() - x), base.height())
        return super().subControlRect(control, option, sub, widget)

    def polish(self, target):  # noqa: D102 - Qt naming
        if isinstance(target, QLabel) and target.property("supplementary"):
            colour_note(target)
        elif isinstance(target, QLabel) and target.objectName() == "StepText":
            target.installEventFilter(_step_text_focus())
        elif isinstance(target, QWidget) and target.inherits("QTipLabel"):
            target.setMargin(TIP_PAD)
        return super().polish(target)


class _StepTextFocus(QObject):
    """A flowchart step's question with the keyboard on it is drawn as selected (the accent fill, its
    text in the accent's contrast colour): a ring would take room the densest step does not have."""

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt naming
        kind = event.type()
        if kind in (event.Type.FocusIn, event.Type.FocusOut) and isinstance(watched, QLabel):
            selected = kind == event.Type.FocusIn
            R = QPalette.ColorRole
            watched.setForegroundRole(R.HighlightedText if selected else R.WindowText)
            watched.setBackgroundRole(R.Highlight if selected else R.Window)
            watched.setAutoFillBackground(selected)
        return False


_focus_filter: _StepTextFocus | None = None


def _step_text_focus() -> _StepTextFocus:
    global _focus_filter
    if _focus_filter is None:
        _focus_filter = _StepTextFocus(QApplication.instance())
    return _focus_filter
