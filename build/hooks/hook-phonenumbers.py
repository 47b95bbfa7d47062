"""PyInstaller hook for phonenumbers, replacing pyinstaller-hooks-contrib's.

phonenumbers loads each region's metadata by name (``phonenumbers.data.region_NO``),
so its submodules are hidden imports. The contrib hook takes all of them; the app
only parses, validates and formats Norwegian numbers, so the geocoder, carrier and
time-zone tables (45 MB of Python source) stay out.
"""

from PyInstaller.utils.hooks import collect_submodules

UNUSED = ("phonenumbers.geodata", "phonenumbers.carrierdata", "phonenumbers.tzdata",
          "phonenumbers.geocoder", "phonenumbers.carrier", "phonenumbers.timezone")

hiddenimports = collect_submodules("phonenumbers", filter=lambda name: not name.startswith(UNUSED))
