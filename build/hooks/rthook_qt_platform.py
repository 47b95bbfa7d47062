"""PyInstaller run-time hook: on Linux, use the Qt platform plugin that ships (xcb).

The bundle leaves out Qt's Wayland plugin (build/bundle_rules.py). In a Wayland
session Qt would look for it first and print a warning before falling back to
X11 through XWayland; naming xcb avoids both. QT_QPA_PLATFORM set by the user
(or by tests: offscreen) still wins.
"""

import os
import sys

if sys.platform.startswith("linux"):
    os.environ.setdefault("QT_QPA_PLATFORM", "xcb")
