"""Text views that load nothing they were not given: the reader's half of the content policy.

Qt's rich text reads files by itself: ``QTextDocument.loadResource`` opens any local
path or ``file:`` URL it meets (``<img src>``, ``background``, CSS ``url()``,
``<link>``), and when a resource comes back empty, Qt's image handler opens the
file itself (``QImage::load``). A QLabel or tooltip renders HTML whenever its text
looks like HTML. So every view shows content through one of these:

- :class:`SafeDocument`, a QTextDocument whose resources are only the images given
  to it (the app's charts) and the content folder's own images (a relative path
  inside the folder, a regular file within the size limits); for anything else it
  returns an empty placeholder image, so Qt has nothing left to open;
- :func:`plain_label` / :func:`set_plain` for content text in labels (never parsed
  as HTML), and :func:`tooltip` for content text in tooltips.

The loader refuses HTML in the first place (:mod:`handbook.content.markup`); this is
the second layer, and it holds on its own.
"""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt, QUrl
from PySide6.QtGui import QImage, QImageReader, QTextDocument
from PySide6.QtWidgets import QLabel, QWidget

from handbook.content import limits
from handbook.content.errors import Problems
from handbook.content.safeio import ContentFiles

_IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg")


def _placeholder() -> QImage:
    image = QImage(1, 1, QImage.Format.Format_ARGB32)
    image.fill(0)
    return image


class SafeDocument(QTextDocument):
    """A QTextDocument that only serves the images it was given and the content folder's own.

    Args:
        parent: The owner.
        content_dir: The content folder whose images may be shown (None: no files at all).
    """

    def __init__(self, parent=None, content_dir: str | Path | None = None) -> None:
        super().__init__(parent)
        self.content_dir = Path(content_dir) if content_dir else None
        self.images: dict[str, QImage] = {}
        self.refused: list[str] = []  # what was asked for and not given (for tests and diagnostics)
        self._content_images: dict[str, QImage] = {}
        if isinstance(parent, QWidget):
            # the text widget showing it: its font (the zoom's) from the start. QTextEdit gives its
            # document the widget's font only when that font changes, and a widget made after the
            # zoom was set never sees a change (under the old style sheet, polishing gave it one)
            self.setDefaultFont(parent.font())

    def set_content_dir(self, content_dir: str | Path | None) -> None:
        self.content_dir = Path(content_dir) if content_dir else None
        self._content_images.clear()

    def loadResource(self, kind: int, name: QUrl):  # noqa: N802 - Qt's name
        if kind == QTextDocument.ResourceType.ImageResource.value or kind == QTextDocument.ResourceType.ImageResource:
            image = self.images.get(name.toString())
            if image is None:
                image = self._content_image(name)
            if image is None:
                self.refused.append(name.toString())
                return _placeholder()  # never None: Qt would then open the file itself
            return image
        self.refused.append(name.toString())
        return None  # style sheets, HTML, Markdown: never loaded (this override replaces Qt's file reading)

    def _content_image(self, name: QUrl) -> QImage | None:
        """An image of the content folder's own: a relative path, inside it, a regular file in the limits."""
        if self.content_dir is None or name.scheme() or name.host():
            return None
        path = name.path()
        parts = path.replace("\\", "/").split("/")
        if not path or path.startswith(("/", "\\")) or ":" in path or ".." in parts or not path.lower().endswith(_IMAGE_SUFFIXES):
            return None
        if path in self._content_images:
            return self._content_images[path]
        files = ContentFiles(self.content_dir, Problems())
        data = files.read_bytes(self.content_dir / path, path, limit=limits.MAX_IMAGE_BYTES)
        image = _decode(data) if data is not None else None
        self._content_images[path] = image
        return image


def _decode(data: bytes) -> QImage | None:
    """Decode a PNG or JPEG within the pixel limit (checked before anything is allocated)."""
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer)
    if bytes(reader.format()).decode() not in ("png", "jpeg"):
        return None
    size = reader.size()
    if not size.isValid() or size.width() * size.height() > limits.MAX_IMAGE_PIXELS:
        return None
    image = reader.read()
    return None if image.isNull() else image


def plain_label(text: str, parent: QWidget | None = None) -> QLabel:
    """A QLabel for content text: shown as written, never parsed as HTML."""
    label = QLabel(parent)
    set_plain(label, text)
    return label


def set_plain(label: QLabel, text: str) -> QLabel:
    """Show ``text`` in ``label`` as plain text (also for labels made elsewhere)."""
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    return label


def tooltip(text: str) -> str:
    """Content text for ``setToolTip``: escaped, so Qt never reads it as HTML (and long tips wrap)."""
    return "<p>" + html.escape(text).replace("\n", "<br>") + "</p>" if text else ""


__all__ = ["SafeDocument", "plain_label", "set_plain", "tooltip"]
