"""Norwegian phone numbers: validation, canonical storage and grouped display.

Uses the ``phonenumbers`` library (Google's libphonenumber metadata), which
knows Norwegian number plans and short numbers better than a regex would.
"""

from __future__ import annotations

import re

import phonenumbers
from phonenumbers import shortnumberinfo

from handbook.content.model import EMERGENCY

REGION = "NO"


def canonical(raw: str) -> str:
    """Digits only: '64 97 23 00' → '64972300', '+47 64972300' → '64972300'."""
    digits = re.sub(r"\D", "", str(raw))
    if str(raw).strip().startswith("+47") or (len(digits) == 10 and digits.startswith("47")):
        digits = digits[2:]
    return digits


def is_valid(digits: str) -> bool:
    """A valid Norwegian number, or a known Norwegian short number (112, 116 117…)."""
    if not digits.isdigit():
        return False
    try:
        parsed = phonenumbers.parse(digits, REGION)
    except phonenumbers.NumberParseException:
        return False
    if len(digits) >= 8:
        return phonenumbers.is_valid_number(parsed)
    return shortnumberinfo.is_valid_short_number_for_region(parsed, REGION) or phonenumbers.is_valid_number(parsed)


def display(digits: str) -> str:
    """Group the Norwegian way: 64 97 23 00, 800 40 008, 116 117, 02800, 112."""
    if len(digits) == 6 and digits.startswith("116"):
        return f"{digits[:3]} {digits[3:]}"
    try:
        parsed = phonenumbers.parse(digits, REGION)
    except phonenumbers.NumberParseException:
        return digits
    if len(digits) >= 8 and phonenumbers.is_valid_number(parsed):
        return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL)
    return digits


def variants(digits: str) -> list[str]:
    """Ways a user may type a number, for search: whole, grouped, 3-2-3."""
    out = {digits, display(digits)}
    if len(digits) == 8:
        out.add(f"{digits[:2]} {digits[2:4]} {digits[4:6]} {digits[6:]}")
        out.add(f"{digits[:3]} {digits[3:5]} {digits[5:]}")
    return sorted(out)
