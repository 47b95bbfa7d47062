"""Whoosh files over index bytes held once in memory.

The index is opened from the bytes :mod:`handbook.search.integrity` read and checked (nothing is
mapped from disk). Whoosh's own ``RamStorage.open_file`` wraps them in a ``BytesIO`` of a
``memoryview``, which copies them, and its ``BufferFile.subset`` copies each part of the compound
segment file again (``bytes(buf[a:b])``): the index was in memory three times. Here every file and
sub-file reads the one ``bytes`` object: CPython's ``BytesIO(bytes)`` shares the buffer until
something writes to it, and these files are never written.
"""

from __future__ import annotations

from io import BytesIO

from whoosh.filedb.structfile import BufferFile


class _Range:
    """A read-only file over ``data[start:end]`` with a position of its own (no copy of ``data``)."""

    def __init__(self, data: bytes, start: int, end: int):
        self._io = BytesIO(data)  # shares data's buffer
        self._start, self._end = start, end
        self._io.seek(start)

    def read(self, size: int | None = -1) -> bytes:
        left = max(self._end - self._io.tell(), 0)
        return self._io.read(left if size is None or size < 0 else min(size, left))

    def readline(self, size: int | None = -1) -> bytes:
        left = max(self._end - self._io.tell(), 0)
        return self._io.readline(left if size is None or size < 0 else min(size, left))

    def seek(self, offset: int, whence: int = 0) -> int:
        base = (self._start, self._io.tell(), self._end)[whence]
        return self._io.seek(max(base + offset, self._start)) - self._start

    def tell(self) -> int:
        return self._io.tell() - self._start

    def close(self) -> None:
        self._io.close()


class SharedBufferFile(BufferFile):
    """Whoosh's ``BufferFile`` over ``data[start:start + length]``; its subsets share ``data`` too."""

    def __init__(self, data: bytes, name: str | None = None, start: int = 0, length: int | None = None,
                 onclose=None):
        # The attributes BufferFile.__init__ sets, without its BytesIO(memoryview) copy.
        length = len(data) - start if length is None else length
        whole = start == 0 and length == len(data)
        self.file = BytesIO(data) if whole else _Range(data, start, start + length)
        self._buf = memoryview(data)[start : start + length]  # what get() reads
        self._name, self.onclose, self.is_real, self.is_closed = name, onclose, False, False
        self._data, self._start = data, start

    def subset(self, position: int, length: int, name: str | None = None) -> "SharedBufferFile":
        return SharedBufferFile(self._data, name or self._name, self._start + position, length)
