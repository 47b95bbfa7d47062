"""Why a pack is not used: one exception, a stable reason code and a message in bokmål.

Every refusal leaves the installed content as it was; the message says what is wrong and what to
do, in words a worker reads (the coordinator's role is named, never a person).
"""

from __future__ import annotations

from typing import Sequence

ASK = "Spør koordinatoren for vold i nære relasjoner i kommunen."

# The reasons, for tests and for the code that reacts to them (not shown to users).
UNREADABLE = "unreadable"
NOT_A_PACK = "not_a_pack"
TOO_LARGE = "too_large"
TRUNCATED = "truncated"
UNSIGNED = "unsigned"
UNKNOWN_KEY = "unknown_key"
TAMPERED = "tampered"
INVALID = "invalid"  # the archive breaks a limit or a rule (paths, links, sizes, member count)
PRODUCT = "product"
FORMAT = "format"
ROLLBACK = "rollback"
SAME_VERSION = "same_version"
CHECK = "check"  # the content fails handbook check
BUSY = "busy"
DISK = "disk"
NOTHING_TO_UNDO = "nothing_to_undo"


class PackRefused(Exception):
    """A pack (or an update step) that is refused.

    Attributes:
        reason: one of the codes above.
        message: what is wrong and what to do, in bokmål.
        problems: for ``check``: every content problem as ``file:line: message``.
    """

    def __init__(self, reason: str, message: str, problems: Sequence[str] = ()) -> None:
        self.reason = reason
        self.message = message
        self.problems = list(problems)
        super().__init__(self.text())

    def text(self, max_problems: int = 20) -> str:
        """The message and the first problems, one per line."""
        lines = [self.message]
        lines += [f"  {p}" for p in self.problems[:max_problems]]
        if len(self.problems) > max_problems:
            lines.append(f"  … og {len(self.problems) - max_problems} feil til.")
        return "\n".join(lines)
