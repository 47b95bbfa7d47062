"""``handbook pack …``: the coordinator's commands, and install/undo for IT.

- ``keygen --out STEM``: a key pair, ``STEM.key`` (private, stays with the coordinator) and ``STEM.pub``.
- ``build [--content DIR] --key KEY --out FILE|DIR [--replaces OLD.handbok]``: check the folder, sign a pack.
- ``verify FILE [--key PUB …]``: would the app take it? (signature, limits, ``handbook check``)
- ``diff OLD NEW``: what changes, as the app shows it (packs or content folders).
- ``install FILE [--yes]`` / ``undo``: apply a pack for this user, or go back (IT, scripts).

Messages are bokmål; exit code 0 (done), 1 (refused or content problems), 2 (wrong arguments).
"""

from __future__ import annotations

import sys
from pathlib import Path

from handbook.packs import errors
from handbook.packs.errors import PackRefused


def add_commands(sub, add_parser) -> None:
    """Add ``pack`` and its sub-commands to the main parser's sub-parsers."""
    p = sub.add_parser("pack", help="innholdspakker: lag nøkler, bygg, kontroller, sammenlign, installer")
    pack_sub = p.add_subparsers(dest="pack_command", title="kommandoer", required=True)
    q = add_parser(pack_sub, "keygen", "lag et nøkkelpar for å signere pakker (én gang, hos koordinatoren)")
    q.add_argument("--out", required=True, metavar="STI", help="filnavn uten endelse: STI.key og STI.pub lages")
    q.add_argument("--comment", default="", help="en merknad i den offentlige nøkkelen (f.eks. rolle og år)")
    q.set_defaults(func=cmd_keygen)
    q = add_parser(pack_sub, "build", "bygg og signer en pakke av innholdsmappen")
    q.add_argument("--content", metavar="DIR", help="innholdsmappen (standard: content/ i programmet)")
    q.add_argument("--key", required=True, metavar="FIL", help="den private nøkkelen (.key)")
    q.add_argument("--out", required=True, metavar="FIL", help="pakken som skal lages (.handbok), eller en mappe")
    q.add_argument("--replaces", metavar="FIL", help="den forrige pakken; versjonen må være høyere enn dens")
    q.set_defaults(func=cmd_build)
    q = add_parser(pack_sub, "verify", "kontroller en pakke slik programmet gjør: signatur, grenser, innhold")
    q.add_argument("file", metavar="FIL")
    q.add_argument("--key", action="append", default=[], metavar="PUB", help="stol også på denne offentlige nøkkelen")
    q.set_defaults(func=cmd_verify)
    q = add_parser(pack_sub, "diff", "vis hva som endres fra GAMMEL til NY (pakker eller innholdsmapper)")
    q.add_argument("old", metavar="GAMMEL")
    q.add_argument("new", metavar="NY")
    q.set_defaults(func=cmd_diff)
    q = add_parser(pack_sub, "install", "ta i bruk en pakke for denne brukeren (vis endringene først)")
    q.add_argument("file", metavar="FIL")
    q.add_argument("--yes", action="store_true", help="ikke spør (for skript)")
    q.set_defaults(func=cmd_install)
    q = add_parser(pack_sub, "undo", "angre siste oppdatering for denne brukeren")
    q.set_defaults(func=cmd_undo)


def _fail(text: str) -> int:
    print(text, file=sys.stderr)
    return 1


def _size(n: int) -> str:
    return f"{n / 1024:.0f} KB" if n >= 1024 else f"{n} byte"


# -- keygen -------------------------------------------------------------------------------


def cmd_keygen(args) -> int:
    from handbook.packs import keys

    try:
        private, public, key = keys.generate(Path(args.out), args.comment)
    except FileExistsError as exc:
        return _fail(f"{exc}: filen finnes fra før. Velg et annet navn; en nøkkel skrives aldri over.")
    except OSError as exc:
        return _fail(f"{args.out}: nøkkelen kunne ikke skrives ({exc.strerror or exc}).")
    print(f"Laget et nøkkelpar (nøkkel-id {key.id}):")
    print(f"  privat:    {private}")
    print("             Hold den hemmelig: aldri i git, på en fellesdisk eller i e-post. Ta en sikkerhetskopi")
    print("             på en minnepinne som låses inn. Den som har den, kan signere innhold til alle PC-ene.")
    print(f"  offentlig: {public}")
    print("             Gi den til den som bygger programmet: den legges i resources/keys/ (eller i programmets")
    print("             resources/keys/ på PC-ene), og da godtar programmet pakker signert med den private.")
    return 0


# -- build ----------------------------------------------------------------------------------


def cmd_build(args) -> int:
    from handbook import paths
    from handbook.packs import archive, keys
    from handbook.packs.build import BuildError, build

    folder = Path(args.content) if args.content else paths.default_content_dir()
    try:
        signing_key = keys.read_private(Path(args.key))
    except keys.KeyFileError as exc:
        return _fail(str(exc))
    replaces = None
    if args.replaces:
        try:
            replaces = archive.open_pack(Path(args.replaces), None).manifest.edition
        except PackRefused as exc:
            return _fail(f"{args.replaces}: {exc.message}")
    try:
        data, manifest = build(folder, signing_key, replaces)
    except BuildError as exc:
        print(f"Pakken ble ikke laget. Innholdet har feil ({len(exc.problems)}):", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    out = Path(args.out)
    if out.is_dir():
        out = out / f"innhold-{manifest.content_version}{archive.SUFFIX}"
    elif out.suffix != archive.SUFFIX:
        return _fail(f"{out}: en pakke må ha endelsen {archive.SUFFIX}.")
    public = keys.public_of(signing_key)
    archive.open_bytes(data, {public.id: public.raw})  # what was signed reads back
    from handbook import atomic

    try:
        atomic.write_bytes(out, data)
    except atomic.WriteError as exc:
        return _fail(f"{out}: pakken kunne ikke skrives. {exc.message()}")
    print(f"Skrev {out}: innholdsversjon {manifest.edition.text()}, {len(manifest.files)} filer, {_size(len(data))}, "
          f"signert med nøkkel {public.id}.")
    if replaces is not None:
        print(f"Erstatter {replaces.text()}.")
    if public.id not in keys.trusted_keys():
        print(f"Merk: programmet kjenner ikke nøkkel {public.id} ennå. Legg den offentlige nøkkelen i "
              "resources/keys/ før programmet bygges (eller i programmets resources/keys/ på PC-ene); "
              "ellers avviser PC-ene pakken.", file=sys.stderr)
    return 0


# -- verify and diff ------------------------------------------------------------------------


def _trusted(extra: list[str]) -> dict[str, bytes]:
    from handbook.packs import keys

    trusted = keys.trusted_keys()
    for path in extra:
        key = keys.read_public(Path(path))
        trusted[key.id] = key.raw
    return trusted


def load_pack_content(pack, folder: Path):
    """Write a pack's files into ``folder`` and load them with the checks of ``handbook check``.

    Raises:
        PackRefused: ``check``, with every problem.
    """
    from handbook.content import ContentError, load_handbook

    for rel, body in pack.files.items():
        target = folder / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(body)
    try:
        return load_handbook(folder)
    except ContentError as exc:
        raise PackRefused(errors.CHECK, "Innholdet i pakken har feil, så den brukes ikke:",
                          [str(p) for p in exc.problems]) from None


def cmd_verify(args) -> int:
    from handbook.packs import archive, keys

    try:
        trusted = _trusted(args.key)
    except keys.KeyFileError as exc:
        return _fail(str(exc))
    try:
        pack = archive.open_pack(Path(args.file), trusted)
        import tempfile

        with tempfile.TemporaryDirectory(prefix="handbok-verify-") as tmp:
            hb = load_pack_content(pack, Path(tmp))
    except PackRefused as exc:
        return _fail(f"{args.file}: {exc.text()}")
    m = pack.manifest
    print(f"OK: {Path(args.file).name}: innholdsversjon {m.edition.text()}, {len(m.files)} filer, signert med "
          f"nøkkel {pack.key_id}; innholdet består kontrollen ({len(hb.pages)} sider, {len(hb.sections)} seksjoner, "
          f"{len(hb.contacts)} oppføringer i hjelpelisten).")
    if m.replaces is not None:
        print(f"Erstatter {m.replaces.text()}.")
    return 0


def _load_any(path: Path, tmp: Path):
    """A content folder, or a pack (its signature is not checked: ``pack verify`` does that)."""
    from handbook.content import ContentError, load_handbook
    from handbook.packs import archive

    if path.is_dir():
        try:
            return load_handbook(path)
        except ContentError as exc:
            raise PackRefused(errors.CHECK, f"{path}: innholdsmappen har feil:", [str(p) for p in exc.problems]) from None
    pack = archive.open_pack(path, None)
    return load_pack_content(pack, tmp)


def cmd_diff(args) -> int:
    from handbook.packs.changes import compare, render_text

    import tempfile

    with tempfile.TemporaryDirectory(prefix="handbok-diff-") as tmp:
        try:
            old = _load_any(Path(args.old), Path(tmp) / "old")
            new = _load_any(Path(args.new), Path(tmp) / "new")
        except PackRefused as exc:
            return _fail(exc.text())
        sys.stdout.write(render_text(compare(old, new)))
    return 0


# -- install and undo (this user's store, as the app uses it) -----------------------------


def in_use_handbook(store):
    """The content the app would show now (an installed pack newer than the shipped one, or the shipped)."""
    from handbook import paths
    from handbook.content import ContentError, load_handbook
    from handbook.packs.startup import content_order

    for folder, _installed in content_order(store, paths.default_content_dir()):
        try:
            return load_handbook(folder)
        except ContentError:
            continue
    return None


def cmd_install(args) -> int:
    from handbook.packs import archive
    from handbook.packs.changes import compare, render_text

    from handbook.packs.startup import user_store

    store = user_store()
    try:
        pack = archive.open_pack(Path(args.file), store.trusted)
        store.check_newer(pack.manifest)
        prepared = store.prepare(pack)
    except PackRefused as exc:
        return _fail(f"{Path(args.file).name}: {exc.text()}")
    sys.stdout.write(render_text(compare(in_use_handbook(store), prepared.handbook)))
    if not args.yes:
        if not sys.stdin.isatty():
            store.discard(prepared)
            return _fail("Ikke tatt i bruk: bekreft med --yes når kommandoen ikke kjøres i en terminal.")
        answer = input("Ta i bruk dette innholdet? [j/N] ").strip().lower()
        if answer not in ("j", "ja", "y", "yes"):
            store.discard(prepared)
            print("Ikke tatt i bruk. Ingenting er endret.")
            return 1
    try:
        installed = store.commit(prepared)
    except PackRefused as exc:
        return _fail(exc.text())
    print(f"Tatt i bruk: innholdsversjon {installed.edition.text()}. Programmet viser det ved neste start.")
    return 0


def cmd_undo(args) -> int:
    from handbook.packs.startup import user_store

    store = user_store()
    try:
        state = store.undo()
    except PackRefused as exc:
        return _fail(exc.text())
    now = store.current() if state.current else None
    print("Oppdateringen er angret. I bruk nå: "
          + (f"innholdsversjon {now.edition.text()}." if now else "innholdet som fulgte med programmet."))
    return 0
