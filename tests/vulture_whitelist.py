"""Names the dead-code finder cannot see being used (tests/test_dead_code.py passes this file to vulture).

Each line uses a name the way vulture's own ``--make-whitelist`` writes it; the comment says who
uses it. Add a line only for a name that something outside our code calls; dead code is deleted.
"""

# ruff: noqa
# mypy: ignore-errors

_ = object()

# PEP 562: Python calls a package's module-level __getattr__ / __dir__ (handbook/content, handbook/search).
__getattr__
__dir__

# Qt calls these virtual overrides.
_.eventFilter  # QObject.installEventFilter: quick_hide.HideKeys, shortcuts.MouseNavigation, sidebar_toggle
_.hasHeightForWidth  # QLayout / QWidget: wrap_layout.WrapLayout, flow/wrap_button.WrapButton
_.expandingDirections  # QLayout: wrap_layout.WrapLayout
_.minimumSizeHint  # QWidget: home, flow/wrap_button

# Python-Markdown and html.parser call these.
_.extendMarkdown  # markdown.Extension: content/render.py
_.handle_starttag  # html.parser.HTMLParser: content/render.py
_.handle_endtag
_.handle_data

# Whoosh reads these.
_.urlretrieve  # whoosh.compat's import of it, stood in for by search/lean_whoosh.py
_.open_file  # whoosh Storage.open_file: search/store.py _MemoryStorage
_.subset  # whoosh BufferFile.subset (CompoundStorage calls it): search/byte_files.py
_._buf  # whoosh BufferFile.get reads it: search/byte_files.py
_.is_real  # whoosh StructFile reads these: search/byte_files.py
_.is_closed
_.boost  # whoosh.analysis.Token attributes, set by search/analysis.py's analyzer
_.stopped
_.startchar
_.endchar
_.temp_storage  # whoosh FileStorage: search/store.py keeps a build's temporary segments in memory

# Content the loader reads and checks, kept in the model so the data is whole though no view shows it yet.
_.period  # tiltak.yaml 'period' (Measures.period)
_.update_note  # meta.yaml 'update_note' (Meta.update_note)

# Keeps the Python wrapper of a Qt-parented helper alive with the window.
_.sidebar_toggle  # ui/main_window.py

# Keeps bytes alive that Qt reads without copying.
_._data  # translations.install: QTranslator.load(bytes) keeps a pointer to the catalogue's bytes

# zipfile writes it: packs/archive.py marks pack members as made on Unix, so their mode bits mean what they say.
_.create_system

# Design tokens recorded with where they came from (ui/tokens.py); the type scale is recorded, not
# applied: text sizes follow the zoom (ui/zoom.py), headings are relative to it (ui/fonts.py).
_.SOURCE
_.FONT_PX
_.LINE_HEIGHT
