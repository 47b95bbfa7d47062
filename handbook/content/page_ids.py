"""The ids of the pages generated from data files, declared once. No Qt, no imports.

The window uses them before any content is loaded (the help-list button, the
sidebar's groups), so this module imports nothing.
"""

from __future__ import annotations

HELP_LIST = "hjelpeliste"  # from hjelpeliste.yaml: «Hvem kan hjelpe?»
VIOLENCE_FORMS = "voldsformer"  # from voldsformer.yaml: «Former for vold»
FLOW = "flyt"  # from flyt.yaml: «Hva gjør jeg nå?»


def section_id(page: str, anchor: str = "") -> str:
    """``page#anchor``, or ``page`` for a page's top."""
    return f"{page}#{anchor}" if anchor else page
