"""The ``handbook`` command: the app, and check / export / search / index / flow / pack.

Content problems are printed as ``file:line: message`` with exit code 1, never
as a traceback.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from handbook import __version__, terminal

MAX_LIMIT = 1000


def _content_dir(args) -> Path:
    from handbook import paths

    return Path(args.content) if args.content else paths.default_content_dir()


def _load(args):
    from handbook.content import ContentError, load_handbook

    try:
        return load_handbook(_content_dir(args))
    except ContentError as exc:
        print(f"Innholdet har feil ({len(exc.problems)}):", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        return None


def cmd_check(args) -> int:
    hb = _load(args)
    if hb is None:
        return 1
    print(f"OK: {len(hb.pages)} sider, {len(hb.sections)} seksjoner, {len(hb.contacts)} oppføringer i hjelpelisten")
    return 0


def cmd_export(args) -> int:
    import json

    from handbook.content.export import export_jsonl

    hb = _load(args)
    if hb is None:
        return 1
    out = sys.stdout
    ascii_only = not terminal.unicode_stream(out)
    for line in export_jsonl(hb):
        if ascii_only:  # the same JSON, with \u escapes a terminal without UTF-8 can take
            line = json.dumps(json.loads(line))
        out.write(line + "\n")
    return 0


def cmd_flow(args) -> int:
    """Print the flowchart for review: every path as text (--paths) or the graph as JSON (--json)."""
    from handbook.flowchart.report import graph, paths_text

    hb = _load(args)
    if hb is None:
        return 1
    if hb.flow is None:
        print("Innholdet har ikke noe flytskjema (flyt.yaml mangler).", file=sys.stderr)
        return 1
    contacts = {c.id: c for c in hb.contacts}
    if args.json:
        sys.stdout.write(terminal.dumps(graph(hb.flow, contacts), indent=2) + "\n")
    else:
        sys.stdout.write(paths_text(hb.flow, contacts))
    return 0


def cmd_search(args) -> int:
    from handbook.search.commands import run_search

    hb = _load(args)
    if hb is None:
        return 1
    return run_search(hb, args)


def cmd_index(args) -> int:
    from handbook.search.commands import run_index

    hb = _load(args)
    if hb is None:
        return 1
    return run_index(hb, args)


class _Help(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, "bruk: " if prefix is None else prefix)


class _Parser(argparse.ArgumentParser):
    """argparse in bokmål: its headings, -h and the error line (argparse's own error details stay English)."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("formatter_class", _Help)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = "argumenter"
        self._optionals.title = "valg"
        self.add_argument("-h", "--help", action="help", help="vis denne hjelpen og avslutt")

    def error(self, message: str):
        self.print_usage(sys.stderr)
        ours = re.fullmatch(r"argument (\S+?)(?:/\S+)?: (\1 .*)", message, flags=re.S)
        self.exit(2, f"{self.prog}: feil: {ours.group(2) if ours else message}\n")


def _limit(text: str) -> int:
    """``--limit``: a count of hits, 1 to MAX_LIMIT (a negative one used to mean «Ingen treff»)."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if not 1 <= value <= MAX_LIMIT:
        raise argparse.ArgumentTypeError(f"--limit må være et helt tall fra 1 til {MAX_LIMIT}, ikke «{text[:40]}».")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="handbook", description="Håndbok – vold i nære relasjoner")
    parser.add_argument("--version", action="version", version=f"handbook {__version__}",
                        help="vis versjonsnummeret og avslutt")
    parser.add_argument("--content", metavar="DIR", help="bruk denne innholdsmappen i stedet for den som følger med")
    parser.add_argument("--smoke-test", action="store_true", help="åpne vinduet, søk, åpne sider og avslutt (selvtest)")
    sub = parser.add_subparsers(dest="command", title="kommandoer")

    def add(name: str, help_text: str):
        p = sub.add_parser(name, help=help_text)
        p.add_argument("--content", metavar="DIR", default=argparse.SUPPRESS, help="innholdsmappe")
        return p

    add("check", "kontroller innholdsmappen").set_defaults(func=cmd_check)
    p = add("export", "skriv ut hver seksjon som JSON-linjer")
    p.add_argument("--jsonl", action="store_true", required=True, help="ett JSON-objekt per linje")
    p.set_defaults(func=cmd_export)
    p = add("search", "søk i håndboka")
    p.add_argument("query", nargs="*", help="hva du søker etter (flere ord er ett søk; skriv '--' først når søket "
                                           "begynner med '-')")
    p.add_argument("--limit", type=_limit, default=10, metavar="N", help=f"høyst N treff, 1–{MAX_LIMIT} (standard 10)")
    p.add_argument("--json", action="store_true", help="skriv JSON: {query, took_ms, hits}")
    p.add_argument("--batch", metavar="FILE", help="ett søk per linje i FILE ('-' for standard inn); ett resultat per linje")
    p.set_defaults(func=cmd_search)
    p = add("flow", "skriv ut flytskjemaet til gjennomgang: alle veier, eller grafen som JSON")
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--paths", action="store_true", help="hver vei fra start til et siste steg: svarene, så numrene")
    which.add_argument("--json", action="store_true", help="grafen som JSON (numre som sifre)")
    p.set_defaults(func=cmd_flow)
    from handbook.packs.cli import add_commands

    add_commands(sub, lambda parent, name, help_text: parent.add_parser(name, help=help_text))
    p = add("index", "bygg søkeindeksen (pakken har den ferdig bygd)")
    p.add_argument("--out", metavar="DIR", help="skriv indeksen til DIR (standard: brukerens hurtigbuffer)")
    p.set_defaults(func=cmd_index)
    return parser


def main(argv: list[str] | None = None) -> int:
    from handbook import paths

    paths.settle_home()  # before anything asks Qt or platformdirs where the home folder is
    terminal.prepare()  # an ASCII-only terminal gets '?' for æøå, never a UnicodeEncodeError
    parser = build_parser()
    argv = list(sys.argv[1:] if argv is None else argv)
    args = parser.parse_args(argv)
    if not hasattr(args, "content"):
        args.content = None
    if args.command == "search" and not args.query and argv and argv[-1] == "--":
        args.query = ["--"]  # 'handbook search --': argparse takes the lone '--' as its separator
    if args.command is None:
        from handbook.app import run

        return run(args)
    try:
        return args.func(args)
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
