"""An installed package carries content/ and resources/ and runs from any folder."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_built_package_ships_content_and_runs_from_anywhere(tmp_path):
    lib = tmp_path / "lib"
    subprocess.run(
        [sys.executable, "setup.py", "-q", "build_py", "--build-lib", str(lib)],
        cwd=ROOT, check=True, capture_output=True, timeout=120,
    )
    data = lib / "handbook" / "_data"
    assert (data / "content" / "meta.yaml").is_file()
    assert (data / "content" / "plan").is_dir()
    assert (data / "resources" / "handbok.desktop").is_file()
    assert (data / "resources" / "translations" / "qtbase_nb.qm").stat().st_size > 10_000  # compiled at build

    env = {**os.environ, "PYTHONPATH": str(lib), "HANDBOOK_CACHE_DIR": str(tmp_path / "cache")}
    env.pop("HANDBOOK_CONTENT", None)
    where = tmp_path / "elsewhere"
    where.mkdir()
    origin = subprocess.run([sys.executable, "-c", "import handbook; print(handbook.__file__)"], cwd=where,
                            env=env, capture_output=True, text=True, timeout=60)
    assert origin.stdout.strip().startswith(str(lib)), origin.stdout
    check = subprocess.run([sys.executable, "-m", "handbook", "check"], cwd=where, env=env,
                           capture_output=True, text=True, timeout=120)
    assert check.returncode == 0, check.stderr
    assert check.stdout.startswith("OK: ")
    found = subprocess.run([sys.executable, "-m", "handbook", "search", "krisesenter", "--json"], cwd=where,
                           env=env, capture_output=True, text=True, timeout=120)
    assert found.returncode == 0, found.stderr
    hits = json.loads(found.stdout)["hits"]
    assert hits and "64972300" in hits[0]["text"].replace(" ", "")


def test_the_wheel_carries_the_programs_own_licence(tmp_path):
    """PEP 639: LICENSE.txt in the wheel's .dist-info/licenses/, named in its metadata; the texts the
    third-party wheels lack (resources/licenses/) ride along for «Om» → «Lisenser» from an installed copy."""
    import zipfile

    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
                    "--wheel-dir", str(tmp_path), str(ROOT)], check=True, capture_output=True, timeout=300)
    [wheel] = tmp_path.glob("handbok_vold-*.whl")
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        info = next(n.split("/")[0] for n in names if n.endswith(".dist-info/METADATA"))
        meta = zf.read(f"{info}/METADATA").decode("utf-8")
        own = zf.read(f"{info}/licenses/LICENSE.txt").decode("utf-8")
    assert "License-Expression: LicenseRef-Proprietary" in meta.splitlines()
    assert "License-File: LICENSE.txt" in meta.splitlines()
    assert own == (ROOT / "LICENSE.txt").read_text(encoding="utf-8") and "Alle rettigheter forbeholdt" in own
    for text in ("LGPL-3.0.txt", "GPL-3.0.txt", "qt6-base-debian-copyright.txt"):
        assert f"handbook/_data/resources/licenses/{text}" in names


@pytest.mark.packaging
def test_a_wheel_built_the_way_pip_builds_it_ships_the_compiled_catalogue(tmp_path):
    """pip's isolated build (what `pip install .` does): the wheel carries qtbase_nb.qm, whole and loadable.

    Before, that build environment had no PySide6, so the wheel had only the .ts and Qt's dialogs
    depended on compiling it into a writable cache at first start.
    """
    import zipfile

    from PySide6.QtCore import QTranslator

    from handbook import translations

    done = subprocess.run([sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "-q", "-w", str(tmp_path)],
                          capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-3000:]
    wheel = next(tmp_path.glob("*.whl"))
    with zipfile.ZipFile(wheel) as archive:
        data = archive.read("handbook/_data/resources/translations/qtbase_nb.qm")
    assert translations.is_catalogue(data)
    translator = QTranslator()
    assert translator.load(data)
    assert translator.translate("QPlatformTheme", "Cancel") == "Avbryt"
