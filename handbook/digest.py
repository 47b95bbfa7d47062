"""SHA-256 without loading OpenSSL: CPython's own implementation.

``import hashlib`` loads OpenSSL's libcrypto (about 3.5 MB resident here), while the app hashes
only its own few megabytes at start (content files, the index, the translation catalogue).
CPython's built-in SHA-256 (``_sha256``; ``_sha2`` from 3.12) gives the same digests, about six
times slower: some 5 ms for the index's 1.4 MB. ``hashlib`` is the fallback where the built-in is
missing. The content packs' signatures go through PyNaCl and are not affected.
"""

from __future__ import annotations

try:
    from _sha2 import sha256  # CPython 3.12+
except ImportError:
    try:
        from _sha256 import sha256  # CPython 3.11
    except ImportError:  # another Python: OpenSSL's
        from hashlib import sha256

__all__ = ["sha256"]
