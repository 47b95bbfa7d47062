"""Build hook: ship the top-level content/ and resources/ folders inside the wheel.

The coordinator edits ``content/`` at the top of the repository; an installed
wheel must carry it, so ``build_py`` copies both folders to ``handbook/_data/``.
"""

import shutil
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


# setuptools' own build files go to an ignored cache folder: build/ holds only packaging config.
setup(cmdclass={"build_py": BuildWithData}, options={"build": {"build_base": ".cache/setuptools-build"}})
