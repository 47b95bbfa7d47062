"""Build hook: ship the top-level content/ and resources/ folders inside the wheel.

The coordinator edits ``content/`` at the top of the repository; an installed
wheel must carry it, so ``build_py`` copies both folders to ``handbook/_data/``.
It also compiles Qt's bokmål catalogue (``resources/translations/*.ts``) with
PySide6's lrelease: ``pyproject.toml`` puts PySide6-Essentials in the build requirements, so
pip's isolated build has it and the wheel ships ``qtbase_nb.qm`` as the frozen bundle does.
A build without it (no isolation, no PySide6) leaves the .ts only, and the app compiles it at
first start (handbook/translations.py).
"""

import shutil
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).parent
SHIPPED = ("content", "resources")


class BuildWithData(build_py):
    def run(self):
        super().run()
        target = Path(self.build_lib) / "handbook" / "_data"
        for name in SHIPPED:
            if not (ROOT / name).is_dir():
                continue
            dest = target / name
            if dest.exists():
                shutil.rmtree(dest)
            shutil.copytree(ROOT / name, dest, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        compile_translations(target / "resources" / "translations")


def compile_translations(folder: Path) -> None:
    sys.path.insert(0, str(ROOT))
    from handbook.translations import compile_catalogue, lrelease_program

    if lrelease_program() is None:
        print("setup.py: PySide6 is not in the build environment; the app compiles its Qt catalogue on first start")
        return
    for ts in sorted(folder.glob("*.ts")):
        compile_catalogue(ts, ts.with_suffix(".qm"))


# setuptools' own build files go to an ignored cache folder: build/ holds only packaging config.
setup(cmdclass={"build_py": BuildWithData}, options={"build": {"build_base": ".cache/setuptools-build"}})
