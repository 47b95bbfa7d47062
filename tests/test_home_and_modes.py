"""Where the app writes under an odd environment, and who may read it (issue 19, defect 8).

- HOME unset: Qt took the home folder to be "/", so the settings went to ``/.config/…`` at the root
  of the disk. The real ``handbook --smoke-test`` runs under strace with HOME unset; no path it
  touches may lie under "/." (when root may mount, the real home's .config, .cache and .local are
  hidden under tmpfs in a private mount namespace, so nothing of the test reaches them).
- Files under HOME are hers alone: the real app session (tests/app_session.py, the discretion
  session: search, read, filter, save a PDF, print dialog, hide) leaves every file it wrote under
  the settings and cache folders ``0600`` and every folder ``0700``, with the usual umask 022.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from faults import can_mount

ROOT = Path(__file__).resolve().parent.parent


def _home_of_this_user() -> str:
    import pwd

    return pwd.getpwuid(os.getuid()).pw_dir


@pytest.mark.skipif(shutil.which("strace") is None or os.name != "posix", reason="needs strace (Linux)")
def test_an_unset_home_never_sends_the_app_to_the_root_of_the_disk(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "HOME" and not k.startswith(("XDG_", "HANDBOOK_"))}
    env.update(PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen", HANDBOOK_CACHE_DIR=str(tmp_path / "cache"))
    log = tmp_path / "strace.log"
    command = ["strace", "-f", "-qq", "-e", "trace=%file", "-o", str(log), sys.executable, "-m", "handbook",
               "--smoke-test"]
    if can_mount():  # the real home's settings and caches are hidden behind tmpfs: the test writes nothing there
        home = Path(_home_of_this_user())
        hidden = [str(home / name) for name in (".config", ".cache", ".local") if (home / name).is_dir()]
        mounts = "".join(f' && mount -t tmpfs tmpfs "{folder}"' for folder in hidden)
        command = ["unshare", "-m", "sh", "-c", f'mount --make-rprivate /{mounts} && exec "$@"', "sh", *command]
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-3000:]
    probes = {"/.flatpak-info"}  # Qt asks whether it runs in a Flatpak: a fixed path, not a home folder
    rooted = sorted({m.group(1) for m in re.finditer(r'"(/\.[^"/]+(?:/[^"]*)?|//[^"]*)"', log.read_text())} - probes)
    assert rooted == [], f"paths at the root of the disk: {rooted[:10]}"


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


def test_what_a_session_leaves_under_home_is_hers_alone(tmp_path):
    home = tmp_path / "home"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HANDBOOK_", "XDG_"))}
    env.update(HOME=str(home), TMPDIR=str(tmp_path / "tmp"), PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen")
    (tmp_path / "tmp").mkdir()
    old_conf = home / ".config" / "Aas kommune" / "handbok-vold.conf"  # settings to move: the new file is written
    old_conf.parent.mkdir(parents=True)
    old_conf.write_text("[General]\nzoom=130\nsettings_version=2\n", encoding="utf-8")
    (home / ".config" / "Aas kommune").chmod(0o755)
    out = tmp_path / "saved"
    out.mkdir()
    done = subprocess.run([sys.executable, str(ROOT / "tests" / "app_session.py"), str(out)], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=300, preexec_fn=lambda: os.umask(0o022))
    assert done.returncode == 0, done.stdout + done.stderr[-3000:]
    ours = [home / ".config" / "Aas kommune", home / ".cache" / "handbok"]
    written = [p for folder in ours for p in [folder, *folder.rglob("*")]]
    assert any(p.name == "handbok.conf" for p in written) and any(p.suffix == ".qm" for p in written), written
    loose = [f"{p.relative_to(home)} {oct(_mode(p))}" for p in written
             if _mode(p) != (0o700 if p.is_dir() else 0o600) and not (p == ours[0])]
    assert loose == [], loose
    assert _mode(home / ".cache" / "handbok") == 0o700


def test_a_settings_file_is_created_0600_in_a_0700_folder(tmp_path):
    from handbook.settings import Settings
    from windows import settings_store

    conf = tmp_path / "new" / "Aas kommune" / "handbok.conf"
    old = os.umask(0o022)
    try:
        settings = Settings(settings_store(conf.parent, conf.name))
        settings.set("favourites", ["plan/4-plikt-til-a-handle"])
    finally:
        os.umask(old)
    assert _mode(conf) == 0o600
    assert _mode(conf.parent) == 0o700 and _mode(conf.parent.parent) == 0o700
