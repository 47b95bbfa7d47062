"""Content: loading, validating and rendering the handbook's Markdown and YAML. No Qt.

The names below are loaded on first use (PEP 562), so that importing a light submodule
(``handbook.content.model``, ``limits``, ``phones``) does not import Markdown and YAML: the
window imports those before it is shown, and the loader only after.
"""

from __future__ import annotations

from importlib import import_module

_EXPORTS = {
    "ContentError": "handbook.content.errors",
    "Problem": "handbook.content.errors",
    "load_handbook": "handbook.content.loader",
    "Handbook": "handbook.content.model",
    "Page": "handbook.content.model",
    "Section": "handbook.content.model",
    "Contact": "handbook.content.model",
    "ViolenceForm": "handbook.content.model",
}

__all__ = list(_EXPORTS)


def __getattr__(name: str):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))
