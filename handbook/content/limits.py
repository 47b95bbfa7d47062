"""The limits every content folder is held to, in one place.

A content folder can be chosen in the settings or with ``--content``, so it may be
damaged by accident or on purpose. These limits keep ``handbook check`` and the
app's loading within seconds and a few hundred MB on any input; each one that is
exceeded gives a Norwegian problem naming the file (and the line) and the limit.
The README's content section and ``content/README.md`` state the same numbers.
"""

from __future__ import annotations

KIB = 1024
MIB = 1024 * KIB

# Files ---------------------------------------------------------------------------
MAX_FILE_BYTES = 512 * KIB  # one Markdown or YAML file (the largest shipped one is ~9 KB)
MAX_TOTAL_BYTES = 4 * MIB  # every file the loader reads, together (the shipped folder: ~100 KB)
MAX_PAGES_PER_FOLDER = 300  # .md files in plan/ or veileder/
MAX_SECTIONS_PER_FILE = 300  # headings in one page (shipped maximum: 23, the flowchart's steps)
MAX_SECTIONS_TOTAL = 3000  # headings in all pages together (shipped: 139); each is rendered and indexed
MAX_IMAGE_BYTES = 2 * MIB  # one image of the content's own (PNG or JPEG)
MAX_IMAGE_PIXELS = 4000 * 4000  # width × height of one image

# Markdown -----------------------------------------------------------------------
MAX_MARKDOWN_NESTING = 20  # lists and block quotes inside each other
MAX_BLOCK_CHARS = 20_000  # one paragraph, list or table (text between blank lines)
MAX_BRACKET_DEPTH = 4  # [ inside [ … (a link around an image is 2)
MAX_MARKUP_TOTAL = 20_000  # the same in all files together (shipped: ~500): Markdown formatting is slow to render
MAX_MARKUP_PER_BLOCK = 400  # * _ [ ` < & in one paragraph (the shipped maximum is 86): each costs a pass

# YAML ---------------------------------------------------------------------------
MAX_YAML_DEPTH = 30  # lists and mappings inside each other (the shipped files use 5)


def size_text(n: int) -> str:
    """A byte count for a coordinator: '512 KB', '4 MB'."""
    if n >= MIB and n % MIB == 0:
        return f"{n // MIB} MB"
    if n >= KIB:
        return f"{n // KIB} KB"
    return f"{n} byte"
