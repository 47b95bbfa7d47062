"""Entry point of the frozen app: PyInstaller runs this file as ``__main__``.

It is the same as ``python -m handbook``; it lives here so that PyInstaller
does not put the ``handbook/`` package folder itself on the module path.
"""

import sys

from handbook.cli import main

if __name__ == "__main__":
    sys.exit(main())
