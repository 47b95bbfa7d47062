"""Which Python distributions a frozen bundle holds, found from the bundle itself (JSON on stdout).

    <build environment's python> tests/bundle_scan.py dist/handbook

Run by tests/test_packaging.py with the Python of the build environment (the
lock), whose installed distributions made the bundle. Independent of how the
build chose the licences (build/bundle_licenses.py reads PyInstaller's tables):
this reads what ended up in the bundle, the module archive inside the executable
(PyInstaller's own reader) and the files in ``_internal/``, and traces each back
to a distribution through its top-level modules and its RECORD.
"""

from __future__ import annotations

import json
import re
import sys
from importlib import metadata
from pathlib import Path

from PyInstaller.archive.readers import CArchiveReader


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def scan(bundle: Path) -> dict:
    internal = bundle / "_internal"
    executable = bundle / ("handbook.exe" if sys.platform == "win32" else "handbook")
    reader = CArchiveReader(str(executable))
    modules = set(reader.toc)
    for name, entry in reader.toc.items():
        if entry[-1] == "z":  # the PYZ archive with every pure-Python module
            modules |= set(reader.open_embedded_archive(name).toc)
    files = {p.relative_to(internal).as_posix() for p in internal.rglob("*") if p.is_file() or p.is_symlink()}
    top_level = metadata.packages_distributions()
    found: dict[str, dict] = {}
    owned: set[str] = set()

    def add(dist: metadata.Distribution, evidence: str) -> None:
        found.setdefault(canonical(dist.metadata["Name"]), {
            "name": dist.metadata["Name"], "version": dist.version, "evidence": evidence})

    for module in sorted(modules):
        for name in top_level.get(module.split(".")[0], []):
            add(metadata.distribution(name), f"module {module}")
    for dist in metadata.distributions():
        record = {f.as_posix() for f in dist.files or []}
        hits = files & record
        if hits:
            add(dist, f"file {sorted(hits)[0]}")
            owned |= hits
    return {"distributions": found, "owned_files": sorted(owned), "modules": len(modules)}


if __name__ == "__main__":
    print(json.dumps(scan(Path(sys.argv[1])), indent=1))
