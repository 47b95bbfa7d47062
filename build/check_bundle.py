"""Check a built bundle the way a release pipeline must: run the frozen program, not the source.

    python build/check_bundle.py [--dist dist]

Runs the console executable for this OS (``bundle_rules.frozen_executables``) with a
fresh home folder, an empty cache and Qt's offscreen platform:

1. ``--version`` names the version in handbook/__init__.py;
2. ``--smoke-test`` opens the window, searches, opens a page and the help list, exits 0;
3. ``search krisesenter --json`` finds the crisis centre with its number from the plan,
   from the index shipped in the bundle (the cache stays empty).

Any line on stderr that is not known to be harmless fails the check. Exit code 0 when
all pass. CI runs it on Windows, macOS and Linux after ``build.py``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bundle_rules  # noqa: E402 - build/ holds the rules

ROOT = Path(__file__).resolve().parent.parent
QUERY, EXPECTED_DIGITS = "krisesenter", "64972300"  # KISIF's number in the plan's help list (kap. 5)
HARMLESS_STDERR = (
    r"^QStandardPaths: XDG_RUNTIME_DIR not set, defaulting to ",  # no desktop session on a CI runner
    r"^QStandardPaths: runtime directory '.*' is not owned by UID ",  # CI runs as root in a container
)


def clean_env(tmp: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HANDBOOK_", "PYTHON", "QT_"))}
    home = tmp / "home"
    home.mkdir(parents=True, exist_ok=True)
    env.update(HOME=str(home), USERPROFILE=str(home), APPDATA=str(home / "AppData" / "Roaming"),
               LOCALAPPDATA=str(home / "AppData" / "Local"), XDG_CONFIG_HOME=str(home / ".config"),
               XDG_CACHE_HOME=str(home / ".cache"), QT_QPA_PLATFORM="offscreen", HANDBOOK_CACHE_DIR=str(tmp / "cache"),
               PYTHONUTF8="1")
    return env


def unexpected(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines()
            if line.strip() and not any(re.search(p, line) for p in HARMLESS_STDERR)]


def run(exe: Path, args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    result = subprocess.run([str(exe), *args], env=env, capture_output=True, text=True, encoding="utf-8",
                            errors="replace", timeout=300)
    print(f"$ {exe.name} {' '.join(args)}  → exit {result.returncode}")
    return result


def check(dist: Path, system: str = sys.platform) -> list[str]:
    """Run the three checks; returns the failures (empty when the bundle works)."""
    exe = bundle_rules.frozen_executables(dist, system)[0]
    if not exe.is_file():
        return [f"{exe} does not exist: was build.py run?"]
    failures: list[str] = []
    with tempfile.TemporaryDirectory(prefix="handbook-check-") as tmp:
        env = clean_env(Path(tmp))

        version = run(exe, ["--version"], env)
        wanted = f"handbook {bundle_rules.app_version(ROOT)}"
        if version.returncode != 0 or version.stdout.strip() != wanted:
            failures.append(f"--version said {version.stdout.strip()!r}, not {wanted!r}")

        smoke = run(exe, ["--smoke-test"], env)
        print(smoke.stdout.strip())
        if smoke.returncode != 0 or "smoke test OK" not in smoke.stdout:
            failures.append(f"--smoke-test failed (exit {smoke.returncode}):\n{smoke.stdout}{smoke.stderr}")
        failures += [f"--smoke-test stderr: {line}" for line in unexpected(smoke.stderr)]

        found = run(exe, ["search", QUERY, "--json", "--limit", "3"], env)
        try:
            hits = json.loads(found.stdout)["hits"]
        except (ValueError, KeyError):
            hits = []
        texts = [re.sub(r"\s", "", h.get("text", "")) for h in hits]
        print(f"search «{QUERY}»: {[h.get('id') for h in hits]}")
        if found.returncode != 0 or not texts or EXPECTED_DIGITS not in texts[0]:
            failures.append(f"search «{QUERY}» did not find {EXPECTED_DIGITS} first:\n{found.stdout}{found.stderr}")
        failures += [f"search stderr: {line}" for line in unexpected(found.stderr)]
        cache = Path(env["HANDBOOK_CACHE_DIR"])
        if cache.exists() and any(cache.rglob("*")):
            failures.append("the frozen search rebuilt the index instead of using the shipped one")
    return failures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="the build's output folder (default: dist/)")
    args = parser.parse_args(argv)
    failures = check(args.dist.resolve())
    for failure in failures:
        print(f"FAILED: {failure}", file=sys.stderr)
    print("bundle check OK" if not failures else f"bundle check: {len(failures)} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
