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
    :mod:`build`     A pack from a content folder that passes ``handbook check``.
    :mod:`changes`   What changes between two handbooks, in words a worker reads (app and ``pack diff``).
    :mod:`store`     Installed packs: prepare beside the current content, swap in one step, undo.
    :mod:`lock`      The file lock around the swap (released by the OS when a process dies).
    :mod:`startup`   At start: the installed pack, when usable and newer than the shipped content.
    :mod:`folder`    The newest pack in a folder the coordinator named (USB stick, shared drive).
    :mod:`age`       How old the content is; the calm notice after too long without an update.
    :mod:`cli`       ``handbook pack keygen | build | verify | diff | install | undo``.

Nothing is imported here: the window imports none of this before it is shown.
"""
