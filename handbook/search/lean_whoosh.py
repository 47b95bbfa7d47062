"""Import Whoosh without the network, asyncio and OpenSSL modules it drags in for nothing.

Whoosh-Reloaded 2.7.5 loads two things at import that this app never uses:

- ``whoosh.compat`` re-exports ``urllib.request.urlretrieve`` (no Whoosh code calls it), and
  ``urllib.request`` loads ``http.client``, ``email``, ``socket`` and ``ssl`` (OpenSSL's libssl);
- ``whoosh.reading`` takes one decorator from the ``cached-property`` package, whose module imports
  ``asyncio`` (for coroutine support Whoosh does not use): ``asyncio`` loads ``ssl`` and
  ``socket`` too, and some thirty modules of its own;
- ``whoosh.filedb.filetables`` takes ``md5`` from ``hashlib``, which loads OpenSSL's libcrypto
  (3.5 MB resident; see :mod:`handbook.digest`);
- ``whoosh.lang.snowball`` is a package whose ``__init__`` imports the stemmers of all fourteen
  languages, when this app imports Norwegian's alone (about 0.7 MB of code that stays loaded).

While exactly those Whoosh modules execute, a finder on ``sys.meta_path`` puts stand-ins under
those names in ``sys.modules``, and takes them out again right after, so anything imported
later gets the real modules. The stand-ins: ``functools.cached_property``, which does what the
package's does for a plain method (computes once, stores in the instance's ``__dict__``); an
``urlretrieve`` that refuses (this app never reaches for the network); CPython's own ``md5``.
The Snowball package is made without running its ``__init__``: its submodules import as
usual, and the first use of a name it defines (``classes``, which Whoosh's own language lookup
reads) runs it then. If Whoosh is already imported, or another version names other modules,
nothing changes but the memory. Installed by :mod:`handbook.search` before any of its modules imports Whoosh.
"""

from __future__ import annotations

import functools
import sys
import types

try:
    from _md5 import md5 as _md5  # CPython's own
except ImportError:  # a build without it: Whoosh gets hashlib's
    _md5 = None
from importlib.abc import Loader, MetaPathFinder

# The Whoosh modules that import them, and which names each gets a stand-in for.
_MODULES = {"whoosh.compat": ("urllib.request",), "whoosh.reading": ("cached_property",),
            "whoosh.filedb.filetables": ("hashlib",)}


def _urlretrieve(*args, **kwargs):
    raise OSError("Håndboka henter ingenting fra nettet (urlretrieve er slått av)")


def _stand_ins() -> dict[str, types.ModuleType]:
    cached = types.ModuleType("cached_property", "Stand-in for the cached-property package while Whoosh imports.")
    cached.cached_property = functools.cached_property
    request = types.ModuleType("urllib.request", "Stand-in while whoosh.compat imports: no network here.")
    request.urlretrieve = _urlretrieve
    stand_ins = {"cached_property": cached, "urllib.request": request}
    if _md5 is not None:
        stand_ins["hashlib"] = types.ModuleType("hashlib", "Stand-in while whoosh.filedb.filetables imports.")
        stand_ins["hashlib"].md5 = _md5
    return stand_ins


class _StandInLoader(Loader):
    """Runs the real loader with the stand-ins in ``sys.modules``, then takes them out."""

    def __init__(self, loader: Loader, names: tuple[str, ...]):
        self.loader, self.names = loader, names

    def create_module(self, spec):
        return self.loader.create_module(spec)

    def exec_module(self, module) -> None:
        placed = {name: stand_in for name, stand_in in _stand_ins().items()
                  if name in self.names and name not in sys.modules}
        sys.modules.update(placed)
        try:
            self.loader.exec_module(module)
        finally:
            for name, stand_in in placed.items():
                if sys.modules.get(name) is stand_in:
                    del sys.modules[name]

    def __getattr__(self, name):  # get_code, get_source, is_package… for tools that ask the loader
        return getattr(self.loader, name)


class _OnFirstUseLoader(Loader):
    """Makes a package without running its ``__init__``; the first name asked of it that is not
    there (a submodule imported meanwhile is) runs it, then answers."""

    def __init__(self, loader: Loader):
        self.loader = loader

    def create_module(self, spec):
        return self.loader.create_module(spec)

    def exec_module(self, module) -> None:
        loader = self.loader

        def on_first_use(name: str):
            del module.__getattr__  # once: the real __init__ defines what it defines
            loader.exec_module(module)
            return getattr(module, name)

        module.__getattr__ = on_first_use

    def __getattr__(self, name):
        return getattr(self.loader, name)


_ON_FIRST_USE = frozenset({"whoosh.lang.snowball"})


class _LeanWhooshFinder(MetaPathFinder):
    """Finds the Whoosh modules named here with the finders after it, and wraps their loader."""

    def find_spec(self, fullname, path, target=None):
        if fullname not in _MODULES and fullname not in _ON_FIRST_USE:
            return None
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, "find_spec"):
                continue
            spec = finder.find_spec(fullname, path, target)
            if spec is not None:
                if spec.loader is not None and hasattr(spec.loader, "exec_module"):
                    if fullname in _ON_FIRST_USE:
                        spec.loader = _OnFirstUseLoader(spec.loader)
                    else:
                        spec.loader = _StandInLoader(spec.loader, _MODULES[fullname])
                return spec
        return None


def install() -> None:
    """Put the finder first on ``sys.meta_path`` (once)."""
    if not any(isinstance(finder, _LeanWhooshFinder) for finder in sys.meta_path):
        sys.meta_path.insert(0, _LeanWhooshFinder())
