"""The app's look: one palette and one style (no style sheet), made from the design tokens.

:mod:`handbook.ui.tokens` holds the values (Designsystemet's, with their sources). This module
picks the scheme the system asks for – light, dark, or high contrast – and applies it to the
whole application: a :class:`QPalette` for every colour a widget paints with (text, hints,
selection, links), and :class:`handbook.ui.style.Style` for shapes (buttons, fields, the focus
ring), drawn from the same tokens – not a style sheet, which costs every widget 9–11 KB (see
that module). It follows the system when the scheme or the contrast preference changes while
the app runs.

High contrast: where the platform hands Qt a high-contrast palette of its own (Windows), that
palette is kept – the user chose those colours; elsewhere :data:`tokens.HIGH_CONTRAST` is used.
"""

from __future__ import annotations

import enum
from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette, QPixmapCache
from PySide6.QtWidgets import QApplication

from handbook.ui import style, tokens

class Scheme(enum.Enum):
    LIGHT = "light"
    DARK = "dark"
    HIGH_CONTRAST = "contrast"


def scheme_for(color_scheme: Qt.ColorScheme, contrast: Qt.ContrastPreference) -> Scheme:
    """The scheme for what the system asks (``QStyleHints.colorScheme``, ``contrastPreference``)."""
    if contrast == Qt.ContrastPreference.HighContrast:
        return Scheme.HIGH_CONTRAST
    return Scheme.DARK if color_scheme == Qt.ColorScheme.Dark else Scheme.LIGHT


def colours(scheme: Scheme) -> dict[str, str]:
    return {Scheme.LIGHT: tokens.LIGHT, Scheme.DARK: tokens.DARK}.get(scheme, tokens.HIGH_CONTRAST)


def luminance(colour: QColor) -> float:
    """WCAG 2.1 relative luminance."""
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(colour.redF()) + 0.7152 * channel(colour.greenF()) + 0.0722 * channel(colour.blueF())


def contrast(a: QColor, b: QColor) -> float:
    """WCAG 2.1 contrast ratio of two colours (1 … 21)."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def palette(values: dict[str, str]) -> QPalette:
    """The QPalette of one scheme's colours."""
    c = {name: QColor(value) for name, value in values.items()}
    pal = QPalette()
    R = QPalette.ColorRole
    for role, name in (
        (R.Window, "canvas"), (R.WindowText, "text"), (R.Base, "surface"), (R.AlternateBase, "surface_tinted"),
        (R.Text, "text"), (R.Button, "surface"), (R.ButtonText, "text"), (R.BrightText, "surface"),
        (R.PlaceholderText, "text_subtle"), (R.Highlight, "accent"), (R.HighlightedText, "on_accent"),
        (R.Link, "accent_text"), (R.LinkVisited, "accent_text"), (R.ToolTipBase, "tooltip"),
        (R.ToolTipText, "on_tooltip"), (R.Light, "surface"), (R.Midlight, "border_subtle"), (R.Mid, "border"),
        (R.Dark, "border"), (R.Shadow, "border"), (R.Accent, "accent"),
    ):
        pal.setColor(role, c[name])
    G = QPalette.ColorGroup
    for role in (R.WindowText, R.Text, R.ButtonText, R.PlaceholderText):
        pal.setColor(G.Disabled, role, c["disabled_text"])
    pal.setColor(G.Disabled, R.HighlightedText, c["disabled_text"])
    pal.setColor(G.Disabled, R.Highlight, c["pressed"])
    return pal


def _has_high_contrast(pal: QPalette) -> bool:
    """Whether the platform's palette is the user's high-contrast colours: only Windows hands Qt
    those (a Linux desktop's ordinary palette also has black text on white)."""
    import sys

    R = QPalette.ColorRole
    return (sys.platform == "win32" and contrast(pal.color(R.Text), pal.color(R.Base)) >= 7
            and contrast(pal.color(R.WindowText), pal.color(R.Window)) >= 7)


PIXMAP_CACHE_KB = 512


class Theme(QObject):
    """Applies the look to ``app`` and keeps it in step with the system's scheme.

    Args:
        app: the QApplication.
        forced: a scheme to use whatever the system says (tests, screenshots); None follows it.
    """

    def __init__(self, app: QApplication, forced: Scheme | None = None) -> None:
        super().__init__(app)
        self.app = app
        self.forced = forced
        self.system_palette = QPalette(QGuiApplication.palette())
        self.scheme: Scheme | None = None
        # Fusion's own drawing caches pixmaps (arrows, check marks, frames) in the application-wide
        # QPixmapCache, 10 MB by default: a working day's walks through the flowchart grew it by some
        # 3 MB each. 512 KB holds what one screen draws.
        QPixmapCache.setCacheLimit(PIXMAP_CACHE_KB)
        self.app_style = style.Style(colours(forced or self.system_scheme()))
        app.setStyle(self.app_style)  # Fusion underneath: one look on every system, and the palette is obeyed
        hints = app.styleHints()
        hints.colorSchemeChanged.connect(self.follow_system)
        hints.accessibility().contrastPreferenceChanged.connect(self.follow_system)
        self.follow_system()

    def system_scheme(self) -> Scheme:
        hints = self.app.styleHints()
        return scheme_for(hints.colorScheme(), hints.accessibility().contrastPreference())

    def follow_system(self, *_args) -> None:
        self.apply(self.forced or self.system_scheme())

    def apply(self, scheme: Scheme) -> None:
        """Use ``scheme`` now (the style's colours first, then the palette, which repaints)."""
        values = dict(colours(scheme))
        if scheme is Scheme.HIGH_CONTRAST and _has_high_contrast(self.system_palette):
            pal = QPalette(self.system_palette)  # the user's own high-contrast colours
            R = QPalette.ColorRole
            values.update(canvas=pal.color(R.Window).name(), surface=pal.color(R.Base).name(),
                          text=pal.color(R.Text).name(), text_subtle=pal.color(R.Text).name(),
                          accent=pal.color(R.Highlight).name(), on_accent=pal.color(R.HighlightedText).name(),
                          accent_text=pal.color(R.Link).name(), border=pal.color(R.Text).name(),
                          focus_outer=pal.color(R.Highlight).name(), focus_inner=pal.color(R.Base).name())
        else:
            pal = palette(values)
        self.scheme = scheme
        # The type scale (tokens.FONT_PX) is recorded, not applied: the app keeps the system's font
        # size for its chrome, pages start at 11 pt (main window) and the zoom grows both.
        self.app_style.set_colours(values)
        self.app.setPalette(pal)
        for widget in QApplication.allWidgets():
            if widget.property("supplementary"):
                style.colour_note(widget)

    def colour(self, name: str) -> QColor:
        """One of the current scheme's colours by its token role (``"note_surface"`` …)."""
        return QColor(colours(self.scheme or Scheme.LIGHT)[name])


_current: Theme | None = None
FORCE_VARIABLE = "HANDBOOK_THEME"  # light, dark or contrast: for screenshots and a look at each scheme


def forced_by_environment() -> Scheme | None:
    """The scheme named by ``HANDBOOK_THEME``, or None to follow the system."""
    import os

    try:
        return Scheme(os.environ.get(FORCE_VARIABLE, "").strip().lower())
    except ValueError:
        return None


def install(app: QApplication, forced: Scheme | None = None) -> Theme:
    """Apply the theme to ``app`` once (again with ``forced`` to change the forced scheme)."""
    global _current
    if _current is not None and _current.app is app:
        _current.forced = forced
        _current.follow_system()
        return _current
    _current = Theme(app, forced)
    return _current


def current() -> Theme | None:
    return _current


def colour(name: str) -> QColor:
    """A colour of the scheme in use (the light one when no theme is installed)."""
    theme = _current
    return theme.colour(name) if theme is not None else QColor(tokens.LIGHT[name])
