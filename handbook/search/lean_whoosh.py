"""Import Whoosh without the network and asyncio modules it drags in for nothing (about 7 MB RSS).

Whoosh-Reloaded 2.7.5 loads two things at import that this app never uses:

- ``whoosh.compat`` re-exports ``urllib.request.urlretrieve`` (no Whoosh code calls it), and
  ``urllib.request`` loads ``http.client``, ``email``, ``socket`` and ``ssl`` (OpenSSL's libssl);
- ``whoosh.reading`` takes one decorator from the ``cached-property`` package, whose module imports
  ``asyncio`` (for coroutine support Whoosh does not use): ``asyncio`` loads ``ssl`` and
  ``socket`` too, and some thirty modules of its own.

While exactly those two Whoosh modules execute, a finder on ``sys.meta_path`` puts stand-ins
under those two names in ``sys.modules``, and takes them out again right after, so anything
imported later gets the real modules. The stand-ins: ``functools.cached_property``, which does
what the package's does for a plain method (computes once, stores in the instance's
``__dict__``), and an ``urlretrieve`` that refuses (this app never reaches for the network).
If Whoosh is already imported, or another version names other modules, nothing changes but the
memory. Installed by :mod:`handbook.search` before any of its modules imports Whoosh.
"""

from __future__ import annotations

import functools
import sys
import types
from importlib.abc import Loader, MetaPathFinder

_MODULES = ("whoosh.compat", "whoosh.reading")  # the two Whoosh modules that import them


def _urlretrieve(*args, **kwargs):
    raise OSError("Håndboka henter ingenting fra nettet (urlretrieve er slått av)")


def _stand_ins() -> dict[str, types.ModuleType]:
    cached = types.ModuleType("cached_property", "Stand-in for the cached-property package while Whoosh imports.")
    cached.cached_property = functools.cached_property
    request = types.ModuleType("urllib.request", "Stand-in while whoosh.compat imports: no network here.")
    request.urlretrieve = _urlretrieve
    return {"cached_property": cached, "urllib.request": request}


class _StandInLoader(Loader):
    """Runs the real loader with the stand-ins in ``sys.modules``, then takes them out."""

    def __init__(self, loader: Loader):
        self.loader = loader

    def create_module(self, spec):
        return self.loader.create_module(spec)

    def exec_module(self, module) -> None:
        placed = {name: stand_in for name, stand_in in _stand_ins().items() if name not in sys.modules}
        sys.modules.update(placed)
        try:
            self.loader.exec_module(module)
        finally:
            for name, stand_in in placed.items():
                if sys.modules.get(name) is stand_in:
                    del sys.modules[name]

    def __getattr__(self, name):  # get_code, get_source, is_package… for tools that ask the loader
        return getattr(self.loader, name)


class _LeanWhooshFinder(MetaPathFinder):
    """Finds the two Whoosh modules with the finders after it, and wraps their loader."""

    def find_spec(self, fullname, path, target=None):
        if fullname not in _MODULES:
            return None
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, "find_spec"):
                continue
            spec = finder.find_spec(fullname, path, target)
            if spec is not None:
                if spec.loader is not None and hasattr(spec.loader, "exec_module"):
                    spec.loader = _StandInLoader(spec.loader)
                return spec
        return None


def install() -> None:
    """Put the finder first on ``sys.meta_path`` (once)."""
    if not any(isinstance(finder, _LeanWhooshFinder) for finder in sys.meta_path):
        sys.meta_path.insert(0, _LeanWhooshFinder())
