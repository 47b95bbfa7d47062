"""What a worker with a screen reader, the keyboard only or weak sight meets, checked on a real window.

The checks, each returning a list of problems in plain words (empty when all is well):

- :func:`unnamed_controls`: every focusable, showing control has a name through Qt's
  accessibility interface (``QAccessible.queryAccessibleInterface``: what AT-SPI and UI
  Automation hand a screen reader), not only an ``accessibleName`` property.
- :func:`tab_walk` / :func:`tab_problems`: Tab, pressed as the user presses it, reaches every
  control in reading order (top to bottom, left to right within a row, scroll areas by their
  content), and each control it reaches lies on the screen when focused.
- :func:`contrast_problems`: text measured from rendered pixels. The widget is grabbed, cut into
  text lines and runs of words, and each run's ink colour is compared with its background: at least
  4.5:1, or 3:1 for large text (glyphs at least 17 device-independent pixels high, which is 24 px
  type, WCAG's 18 pt).

Used by ``tests/test_accessibility.py`` and by ``tests/a11y_probe.py``, which runs them under
``QT_SCALE_FACTOR`` in a fresh process.
"""

from __future__ import annotations

import os
import sys
from collections import Counter
from dataclasses import dataclass

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QAccessible, QColor, QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QRadioButton,
    QScrollArea,
    QStyle,
    QTabWidget,
    QToolButton,
    QTreeView,
    QWidget,
)


def _luminance(colour: QColor) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(colour.redF()) + 0.7152 * channel(colour.greenF()) + 0.0722 * channel(colour.blueF())


def contrast(a: QColor, b: QColor) -> float:
    """WCAG 2.1 contrast ratio (written here again, not imported: the check must not share the app's code)."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)

NORMAL_MIN, LARGE_MIN = 4.5, 3.0
SHADE_MAX = 1.25  # below this, a run is shading, not text
LARGE_GLYPH_PX = 17  # ink height of 24 px type (cap height plus descender, ~0.7 em)


# -- what is a control ---------------------------------------------------------------------------

def _shown(widget: QWidget) -> bool:
    return widget.isVisible() and widget.width() > 0 and widget.height() > 0


def controls(root: QWidget) -> list[QWidget]:
    """Every showing, enabled widget under ``root`` that Tab may stop at."""
    found = []
    for widget in [root, *root.findChildren(QWidget)]:
        if widget.window() is not root.window() or not _shown(widget) or not widget.isEnabled():
            continue
        policy = widget.focusPolicy()
        # A button that takes focus only by click is a control too: Qt drops Tab from the unchecked
        # buttons of an exclusive QButtonGroup, which leaves them to the arrow keys.
        takes_tab = policy & Qt.FocusPolicy.TabFocus == Qt.FocusPolicy.TabFocus
        clickable = isinstance(widget, QAbstractButton) and policy & Qt.FocusPolicy.ClickFocus == Qt.FocusPolicy.ClickFocus
        if (takes_tab or clickable) and widget.focusProxy() is None:
            if isinstance(widget.parentWidget(), QAbstractScrollArea) and widget is widget.parentWidget().viewport():
                continue
            found.append(widget)
    return found


def describe(widget: QWidget) -> str:
    iface = QAccessible.queryAccessibleInterface(widget)
    name = iface.text(QAccessible.Text.Name) if iface is not None and iface.isValid() else ""
    what = name or getattr(widget, "text", lambda: "")() or widget.objectName()
    return f"{type(widget).__name__} «{what}»"


def accessible_name(widget: QWidget) -> str:
    iface = QAccessible.queryAccessibleInterface(widget)
    if iface is None or not iface.isValid():
        return ""
    return iface.text(QAccessible.Text.Name).strip()


def focusable(root: QWidget) -> list[QWidget]:
    """Every showing widget under ``root`` that AT-SPI and UI Automation call focusable (any focus
    policy), also those whose focus a proxy takes (the start page gives it to its first entry)."""
    found = []
    for widget in [root, *root.findChildren(QWidget)]:
        if widget.window() is not root.window() or not _shown(widget) or widget.focusPolicy() == Qt.FocusPolicy.NoFocus:
            continue
        if isinstance(widget.parentWidget(), QAbstractScrollArea) and widget is widget.parentWidget().viewport():
            continue
        if isinstance(widget.parentWidget(), (QAbstractSpinBox, QComboBox)) or isinstance(widget, QTabWidget):
            continue  # the spin box, the combo box, the tab bar's named tabs are what a screen reader gets
        found.append(widget)
    return found


def unnamed_controls(root: QWidget) -> list[str]:
    return [f"{describe(w)} at {_global_rect(w).getRect()}: no accessible name"
            for w in focusable(root) if not accessible_name(w)]


# -- where things are ----------------------------------------------------------------------------

def _global_rect(widget: QWidget) -> QRect:
    return QRect(widget.mapToGlobal(QPoint(0, 0)), widget.size())


def visible_rect(widget: QWidget) -> QRect:
    """The part of ``widget`` not cut off by its ancestors, in global coordinates."""
    rect = _global_rect(widget)
    parent = widget.parentWidget()
    while parent is not None:
        rect = rect.intersected(_global_rect(parent))
        if parent.isWindow():
            break
        parent = parent.parentWidget()
    return rect


def _scroll_area(widget: QWidget) -> QScrollArea | None:
    """The outermost scroll area whose content holds ``widget``."""
    found = None
    parent = widget.parentWidget()
    while parent is not None and not parent.isWindow():
        area = parent.parentWidget().parentWidget() if parent.parentWidget() is not None else None
        if isinstance(area, QScrollArea) and area.widget() is parent:
            found = area
        parent = parent.parentWidget()
    return found


def reading_position(widget: QWidget) -> QPoint:
    """Where ``widget`` sits in reading order: window coordinates with every scroll area unscrolled."""
    window = widget.window()
    point = widget.mapTo(window, QPoint(0, 0))
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        area = parent.parentWidget().parentWidget() if parent.parentWidget() is not None else None
        if isinstance(area, QScrollArea) and area.widget() is parent:
            point -= parent.pos()  # the content widget moves up as the area scrolls down
        parent = parent.parentWidget()
    return point


def _reading_rect(widget: QWidget, other: QWidget) -> QRect:
    """``widget``'s place for comparing with ``other``: unscrolled within one scroll area; across
    areas, pressed into its own area's viewport (a long page ends where its view ends)."""
    area = _scroll_area(widget)
    if area is not None and area is _scroll_area(other):
        return QRect(reading_position(widget), widget.size())
    rect = QRect(reading_position(widget), widget.size())
    if area is None:
        return rect
    view = QRect(area.viewport().mapTo(widget.window(), QPoint(0, 0)), area.viewport().size())
    top = max(view.top(), min(rect.top(), view.bottom() - 1))
    return QRect(rect.left(), top, rect.width(), max(1, min(rect.height(), view.bottom() - top)))


def off_screen(widget: QWidget) -> str:
    """Why ``widget`` cannot be seen now, or '' (for a control that has just been given focus)."""
    screen = (widget.screen() or QApplication.primaryScreen()).availableGeometry()
    rect = _global_rect(widget)
    seen = visible_rect(widget)
    if not screen.contains(seen.center()) or seen.isEmpty():
        return f"{describe(widget)} at {rect.getRect()} is off the screen {screen.getRect()}"
    if seen.width() * seen.height() < 0.6 * rect.width() * rect.height() and seen.height() < 0.6 * rect.height():
        return f"{describe(widget)} at {rect.getRect()} is cut to {seen.getRect()}"
    return ""


# -- Tab -----------------------------------------------------------------------------------------

@dataclass
class TabWalk:
    order: list[QWidget]
    problems: list[str]


def tab_walk(root: QWidget, first: QWidget, limit: int = 400) -> TabWalk:
    """Press Tab from ``first`` until focus comes back; note each control reached and where it was."""
    problems: list[str] = []
    first.setFocus(Qt.FocusReason.TabFocusReason)
    QApplication.processEvents()
    order: list[QWidget] = []
    current = QApplication.focusWidget()
    for _ in range(limit):
        if current is None or current.window() is not root.window():
            problems.append(f"Tab left the window after {describe(order[-1]) if order else 'the start'}")
            break
        if order and current is order[-1]:
            pass  # a stop inside the same widget (the diagram's boxes)
        elif current is (order[0] if order else None):
            break
        elif current in order:
            problems.append(f"Tab goes round without coming back to the start: {describe(current)} again")
            break
        else:
            order.append(current)
            where = off_screen(current)
            if where:
                problems.append("focused, but " + where)
        QTest.keyClick(current, Qt.Key.Key_Tab)
        QApplication.processEvents()
        current = QApplication.focusWidget()
    return TabWalk(order, problems)


def tab_problems(root: QWidget, first: QWidget) -> list[str]:
    """Tab from ``first`` reaches every control, in reading order, each on screen when focused."""
    walk = tab_walk(root, first)
    if os.environ.get("HANDBOOK_A11Y_VERBOSE"):
        print("Tab:", " → ".join(describe(w) for w in walk.order), file=sys.stderr)
        print("Controls:", " · ".join(describe(w) for w in controls(root)), file=sys.stderr)
    problems = list(walk.problems)
    reached = set(walk.order)
    # Radio buttons that exclude each other are one Tab stop, the arrow keys move within them
    # (the WAI-ARIA radio group): the group counts as reached when one of them is.
    groups_reached = {id(w.parentWidget()) for w in reached if isinstance(w, QRadioButton) and w.autoExclusive()}
    for widget in controls(root):
        in_group = isinstance(widget, QRadioButton) and widget.autoExclusive() and id(widget.parentWidget()) in groups_reached
        if widget not in reached and not in_group:
            problems.append(f"{describe(widget)} is never reached by Tab")
    for a, b in zip(walk.order, walk.order[1:]):
        ra, rb = _reading_rect(a, b), _reading_rect(b, a)
        a_mid, b_mid = ra.center().y(), rb.center().y()
        same_row = abs(a_mid - b_mid) < max(8, min(ra.height(), rb.height()) / 2)
        if (same_row and rb.right() < ra.left()) or (not same_row and b_mid < ra.top()):
            problems.append(f"Tab goes back up or left: {describe(a)} at {(ra.x(), ra.y())} → "
                            f"{describe(b)} at {(rb.x(), rb.y())}")
    return problems


# -- contrast from pixels ------------------------------------------------------------------------

@dataclass
class TextRun:
    rect: QRect          # in the grabbed image's pixels
    ink: QColor
    background: QColor
    large: bool

    @property
    def ratio(self) -> float:
        return contrast(self.ink, self.background)

    @property
    def required(self) -> float:
        return LARGE_MIN if self.large else NORMAL_MIN


def _pixels(image: QImage) -> tuple[list[int], int, int]:
    image = image.convertToFormat(QImage.Format.Format_RGB32)
    width, height = image.width(), image.height()
    data = bytes(image.constBits())[: image.bytesPerLine() * height]
    stride = image.bytesPerLine() // 4
    values = memoryview(data).cast("I").tolist()
    if stride != width:
        values = [v for y in range(height) for v in values[y * stride: y * stride + width]]
    return [v & 0xFFFFFF for v in values], width, height


def _colour(value: int) -> QColor:
    return QColor((value >> 16) & 255, (value >> 8) & 255, value & 255)


def _runs(indexes: list[int], gap: int) -> list[tuple[int, int]]:
    """Sorted indexes joined into (first, last) runs, bridging at most ``gap`` missing ones."""
    runs: list[tuple[int, int]] = []
    for i in indexes:
        if runs and i - runs[-1][1] - 1 <= gap:
            runs[-1] = (runs[-1][0], i)
        else:
            runs.append((i, i))
    return runs


def text_runs(image: QImage, dpr: float = 1.0, clipped: bool = False) -> list[TextRun]:
    """Lines of text in ``image``, cut into runs of words, each with its ink and background colour.

    A line is a band of pixel rows that differ from the image's own background; a run is a group
    of columns in that band separated from the next by a gap wider than a word space. The run's
    background is its most common colour; its ink is, of the colours that make up at least a tenth
    of the rest, the one furthest from the background (anti-aliased edges are many faint tints,
    the glyphs' cores one colour).
    """
    pixels, width, height = _pixels(image)
    if not pixels:
        return []
    runs: list[TextRun] = []
    # The widget's own background: the most common colour of its first and last rows (the space
    # above and below the text), which a bold title can outnumber within its own lines.
    frame_bg = Counter(pixels[:width] + pixels[-width:]).most_common(1)[0][0]
    for band_top, band_bottom in _bands(pixels, width, height, dpr):
        if clipped and (band_top == 0 or band_bottom == height - 1):
            continue  # a line cut by the edge of a scrolled view: its visible part is no measure
        band_bg = Counter(pixels[band_top * width: (band_bottom + 1) * width]).most_common(1)[0][0]
        columns = [x for x in range(width)
                   if any(pixels[y * width + x] != band_bg for y in range(band_top, band_bottom + 1))]
        gap = max(2, round(5 * dpr))  # wider than the space between letters
        for left, right in _runs(columns, gap=gap):
            if right - left + 1 < 3 * dpr:
                continue  # a vertical line: a border or a caret, not text
            if clipped and (left == 0 or right >= width - 1 - gap):
                # a word cut by the side of a scrolled view (a long file name), as a line cut above: the
                # letters left (a lone anti-aliased «v») are no measure of the text's colour
                continue
            box = [pixels[y * width + x] for y in range(band_top, band_bottom + 1) for x in range(left, right + 1)]
            counts = Counter(box)
            # The widget's or the band's background where it shows around the glyphs: a run of one
            # bold, narrow letter («l», «i») can hold more ink than background, and so can a piece of
            # one cut off as a line of its own (the ring of a bold «å» in a large heading).
            narrow = right - left + 1 <= 2 * (band_bottom - band_top + 1)  # one glyph or a piece of one
            background = next((c for c in (frame_bg, band_bg) if c in counts),
                              frame_bg if narrow else counts.most_common(1)[0][0])
            rest = sum(n for c, n in counts.items() if c != background)
            if rest == 0:
                continue
            bg = _colour(background)
            inks = [c for c, n in counts.items() if c != background and n >= max(2, 0.002 * len(box))] or \
                   [counts.most_common(2)[1][0]]
            ink = max((_colour(c) for c in inks), key=lambda c: contrast(c, bg))
            if contrast(ink, bg) < SHADE_MAX:
                continue  # a gradient or a shadow, not text
            large = (band_bottom - band_top + 1) >= LARGE_GLYPH_PX * dpr
            runs.append(TextRun(QRect(left, band_top, right - left + 1, band_bottom - band_top + 1), ink, bg, large))
    return runs


def _bands(pixels: list[int], width: int, height: int, dpr: float) -> list[tuple[int, int]]:
    """Runs of pixel rows that hold something besides their own most common colour (a fill or a
    border line is one colour across)."""
    rows = []
    for y in range(height):
        row = pixels[y * width: (y + 1) * width]
        own = Counter(row).most_common(1)[0][0]
        if any(v != own for v in row):
            rows.append(y)
    bands = []
    for top, bottom in _runs(rows, gap=0):
        bands += _split_lines(pixels, width, top, bottom)
    return [(top, bottom) for top, bottom in bands if bottom - top + 1 >= 4 * dpr]


def _split_lines(pixels: list[int], width: int, top: int, bottom: int) -> list[tuple[int, int]]:
    """Cut a band where lines of text touch (a descender above, an ascender below): at rows with
    under 15 % of the band's busiest row's ink. Errs towards smaller lines, so towards 4.5:1."""
    counts = []
    for y in range(top, bottom + 1):
        row = pixels[y * width: (y + 1) * width]
        own = Counter(row).most_common(1)[0][0]
        counts.append(sum(1 for v in row if v != own))
    busiest = max(counts)
    keep = [top + i for i, n in enumerate(counts) if n > 0.15 * busiest]
    return _runs(keep, gap=0)


def _text_region(widget: QWidget) -> QRect | None:
    """The part of ``widget`` that holds its text (inside borders and padding), or None if no text."""
    if isinstance(widget, QLabel):
        if not widget.text().strip() or widget.pixmap() is not None and not widget.pixmap().isNull():
            return None
        return widget.contentsRect()
    if isinstance(widget, QAbstractButton):
        if not widget.text().strip():
            return None
        inset = 5
        rect = widget.rect().adjusted(inset, inset, -inset, -inset)
        style = widget.style()
        if isinstance(widget, (QCheckBox, QRadioButton)):  # the box or circle is no text
            rect.setLeft(style.pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth, None, widget)
                         + style.pixelMetric(QStyle.PixelMetric.PM_CheckBoxLabelSpacing, None, widget) + inset)
        elif isinstance(widget, QToolButton) and widget.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonTextBesideIcon:
            rect.setLeft(rect.left() + widget.iconSize().width())  # the icon or arrow beside the text
        return rect
    if isinstance(widget, QLineEdit):
        if not (widget.text() or widget.placeholderText()):
            return None
        return widget.rect().adjusted(5, 5, -5, -5)
    if isinstance(widget, QAbstractItemView):
        return widget.viewport().geometry().adjusted(2, 2, -2, -2)
    if isinstance(widget, QAbstractScrollArea) and hasattr(widget, "document"):
        return widget.viewport().geometry().adjusted(2, 2, -2, -2)
    return None


def _item_text_regions(view: QAbstractItemView) -> list[QRect]:
    """The text part of each item shown in ``view`` (its icon left out: an icon is no text), in
    the view's own coordinates."""
    viewport = view.viewport()
    origin = viewport.mapTo(view, QPoint(0, 0))
    seen: dict[tuple, QRect] = {}
    header = getattr(view, "header", lambda: None)()
    xs = ([header.sectionViewportPosition(c) + 4 for c in range(header.count()) if not header.isSectionHidden(c)]
          if header is not None else [4])
    for x in xs:
        for y in range(0, viewport.height(), 4):
            index = view.indexAt(QPoint(x, y))
            if not index.isValid() or (index.row(), index.column(), index.internalId()) in seen:
                continue
            rect = view.visualRect(index).intersected(viewport.rect())
            if index.data(Qt.ItemDataRole.DecorationRole) is not None:  # an icon is at most as tall as its row
                rect.setLeft(rect.left() + max(view.iconSize().width(), view.visualRect(index).height()) + 4)
            if rect.width() > 4 and rect.height() > 4 and str(index.data(Qt.ItemDataRole.DisplayRole) or "").strip():
                seen[(index.row(), index.column(), index.internalId())] = rect.translated(origin)
    return list(seen.values())


def _regions(widget: QWidget) -> list[QRect]:
    """Where ``widget`` paints text: one region, or one per item of an item view with icons or of
    a tree (its branch arrows are no text: a graphic, 3:1 is its measure, WCAG 1.4.11)."""
    if isinstance(widget, QAbstractItemView) and (_has_icons(widget) or isinstance(widget, QTreeView)):
        return _item_text_regions(widget)
    region = _text_region(widget)
    return [region] if region is not None else []


def _has_icons(view: QAbstractItemView) -> bool:
    model = view.model()
    if model is None or model.rowCount(view.rootIndex()) == 0:
        return False
    first = model.index(0, 0, view.rootIndex())
    return first.data(Qt.ItemDataRole.DecorationRole) is not None


def text_widgets(root: QWidget) -> list[QWidget]:
    """Showing widgets under ``root`` that paint text of their own."""
    out = []
    for widget in [root, *root.findChildren(QWidget)]:
        if widget.window() is root.window() and _shown(widget) and _regions(widget):
            if not visible_rect(widget).isEmpty():
                out.append(widget)
    return out


def _measured(root: QWidget):
    """(widget, area in the window, text runs) for every region of text under ``root``."""
    window = root.window()
    dpr = window.devicePixelRatioF()
    grab = window.grab().toImage()
    for widget in text_widgets(root):
        seen = visible_rect(widget).translated(-window.mapToGlobal(QPoint(0, 0)))
        for region in _regions(widget):
            full = QRect(widget.mapTo(window, region.topLeft()), region.size())
            area = full.intersected(seen)
            if area.width() < 4 or area.height() < 4:
                continue
            crop = grab.copy(QRect(round(area.x() * dpr), round(area.y() * dpr),
                                   round(area.width() * dpr), round(area.height() * dpr)))
            clipped = area.height() < full.height() or isinstance(widget, QAbstractScrollArea)
            yield widget, area, text_runs(crop, dpr, clipped)


def contrast_problems(root: QWidget, include_disabled: bool = False) -> list[str]:
    """Every run of text under ``root``, measured on a grab of the window, at 4.5:1 (large 3:1)."""
    dpr = root.window().devicePixelRatioF()
    problems = []
    for widget, area, runs in _measured(root):
        if not widget.isEnabled() and not include_disabled:
            continue  # WCAG 1.4.3 exempts inactive controls (the theme still keeps them readable)
        failing = [run for run in runs if run.ratio < run.required - 0.005]
        if failing:
            run = min(failing, key=lambda r: r.ratio / r.required)
            problems.append(f"{describe(widget)}: text {run.ink.name()} on {run.background.name()} "
                            f"is {run.ratio:.2f}:1 (needs {run.required}:1) at "
                            f"{area.x() + run.rect.x() / dpr:.0f},{area.y() + run.rect.y() / dpr:.0f}"
                            f"{f' and {len(failing) - 1} more runs' if len(failing) > 1 else ''}")
    return problems


def contrast_pairs(root: QWidget) -> Counter:
    """Every (ink, background, large) pair measured under ``root``, counted: for reports."""
    pairs: Counter = Counter()
    for widget, _area, runs in _measured(root):
        for run in runs:
            pairs[(run.ink.name(), run.background.name(), run.large, widget.isEnabled())] += 1
    return pairs
