"""A push button whose text wraps onto more lines instead of widening the window.

QPushButton never wraps, so a long answer at 200–300 % text zoom would push the
step view wider than the screen. Here a word-wrapping QLabel inside the button
draws the text and decides the height for a given width (``heightForWidth``).
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSizePolicy, QWidget


class WrapButton(QPushButton):
    def __init__(self, text: str, parent: QWidget | None = None, padding: int = 14) -> None:
        super().__init__(parent)
        self._label = QLabel(text, self)
        self._label.setWordWrap(True)
        self._label.setTextFormat(Qt.TextFormat.PlainText)
        self._label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self._label.setForegroundRole(self.foregroundRole())
        self._padding = padding
        layout = QHBoxLayout(self)
        layout.setContentsMargins(padding, padding // 2, padding, padding // 2)
        layout.addWidget(self._label)
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self.setAccessibleName(text)

    def text(self) -> str:  # noqa: D401 - the visible text, like QPushButton.text()
        return self._label.text()

    def setText(self, text: str) -> None:  # noqa: N802 - Qt naming
        self._label.setText(text)
        self.updateGeometry()

    def label(self) -> QLabel:
        return self._label

    def setFont(self, font) -> None:  # noqa: N802 - Qt naming
        super().setFont(font)
        self._label.setFont(font)
        self.updateGeometry()

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt naming
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt naming
        inner = max(10, width - 2 * self._padding)
        return max(self.minimumHeight(), self._label.heightForWidth(inner) + self._padding + 4)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt naming
        hint = self._label.sizeHint()
        return QSize(min(hint.width(), 600) + 2 * self._padding, max(self.minimumHeight(), hint.height() + self._padding + 4))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt naming
        return QSize(4 * self._padding, max(self.minimumHeight(), self._label.fontMetrics().height() + self._padding))
