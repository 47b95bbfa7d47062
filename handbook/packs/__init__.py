"""Signed content packs: one ``.handbok`` file that carries a content folder to laptops without network.

The coordinator makes a pack from a content folder and signs it (``handbook pack build``); the app
checks the signature against the public keys it ships with, checks the content with the same loader
and limits as ``handbook check``, shows what changes, and swaps the new content in atomically,
keeping the previous one for «Angre oppdatering». No Qt here.

Modules:
    :mod:`errors`    PackRefused: every refusal, with its reason in bokmål.
    :mod:`keys`      Ed25519 key pairs (PyNaCl/libsodium): make, read, the trusted public keys.
    :mod:`manifest`  What a pack says about itself: product, versions, plan, what it replaces, file hashes.
    :mod:`archive`   The file format: a zip whose every byte is signed; reading it within limits.
    :mod:`changes`   What changes between two handbooks, in words a worker reads (app and ``pack diff``).
    :mod:`store`     Installed packs: prepare beside the current content, swap in one step, undo.
    :mod:`folder`    The newest pack in a folder the coordinator named (USB stick, shared drive).
    :mod:`cli`       ``handbook pack keygen | build | verify | diff | install``.

Nothing is imported here: the window imports none of this before it is shown.
"""
