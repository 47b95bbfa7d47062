"""Content: loading, validating and rendering the handbook's Markdown and YAML. No Qt.

The names below are loaded on first use (PEP 562), so that importing a light submodule
(``handbook.content.model``, ``limits``) does not import Markdown and YAML with it: the window
uses the light ones before it is shown, the loader runs after.
"""

from __future__ import annotations

__all__ = ["ContentError", "Problem", "load_handbook", "Handbook", "Page", "Section", "Contact", "ViolenceForm"]


def __getattr__(name: str):
    # Plain import statements, not importlib with a string: PyInstaller follows these.
    if name in ("ContentError", "Problem"):
        from handbook.content import errors as module
    elif name == "load_handbook":
        from handbook.content import loader as module
    elif name in ("Handbook", "Page", "Section", "Contact", "ViolenceForm"):
        from handbook.content import model as module
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(module, name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
