"""Allow ``python -m handbook``."""

import sys

from handbook.cli import main

if __name__ == "__main__":
    sys.exit(main())
