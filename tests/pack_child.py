"""A separate process that imports one pack into a store, printing each stage as it reaches it.

    python tests/pack_child.py STORE PUBLIC_KEY PACK

Used by tests/test_pack_kill.py: killed with SIGKILL at chosen stages, and run twice at once. Prints
``stage NAME`` (flushed) at every stage, then ``applied VERSION`` (exit 0) or ``refused REASON``
(exit 3). The real code path of the app: open_pack → prepare → commit.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

T0 = time.perf_counter()


def stage(name: str) -> None:
    print(f"stage {name} {time.perf_counter() - T0:.4f}", flush=True)


def main() -> int:
    root, public, pack_path = (Path(a) for a in sys.argv[1:4])
    stage("start")
    from handbook.packs import archive, keys
    from handbook.packs.errors import PackRefused
    from handbook.packs.startup import read_edition
    from handbook.packs.store import PackStore

    key = keys.read_public(public)
    store = PackStore(root, {key.id: key.raw}, read_edition(Path(__file__).resolve().parent.parent / "content"))
    try:
        pack = archive.open_pack(pack_path, store.trusted)
        stage("verified")
        prepared = store.prepare(pack, progress=stage)
        installed = store.commit(prepared, progress=stage)
    except PackRefused as exc:
        print(f"refused {exc.reason}", flush=True)
        return 3
    print(f"applied {installed.manifest.content_version}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
