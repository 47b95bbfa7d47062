"""The coordinator's commands (``handbook pack …``), the change summary, and the folder check.

The commands run in-process through ``handbook.cli.main`` with real files and real keys; the
summary is compared between ``pack diff`` and the module the app renders (one module for both).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from handbook import paths
from handbook.cli import main
from handbook.content import load_handbook
from handbook.packs import archive, errors, keys
from handbook.packs.changes import compare, render_html, render_text
from handbook.packs.folder import newest_pack
from packs_helpers import CONTENT, KISIF, NEW_KISIF, content_version, new_key, write_pack


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def coordinator(tmp_path, capsys):
    """A coordinator's key pair made with the command, as the README says."""
    (tmp_path / "nokler").mkdir()
    code, out, _ = run(capsys, "pack", "keygen", "--out", str(tmp_path / "nokler" / "koordinator"), "--comment",
                       "koordinator 2027")
    assert code == 0 and "nøkkel-id" in out
    return tmp_path / "nokler" / "koordinator"


def test_keygen_never_overwrites_a_key(coordinator, capsys):
    before = coordinator.with_suffix(".key").read_bytes()
    code, _, err = run(capsys, "pack", "keygen", "--out", str(coordinator))
    assert code == 1 and "finnes fra før" in err
    assert coordinator.with_suffix(".key").read_bytes() == before


def test_build_verify_and_diff_as_the_coordinator_runs_them(coordinator, tmp_path, capsys):
    key, pub = str(coordinator.with_suffix(".key")), str(coordinator.with_suffix(".pub"))
    out_dir = tmp_path / "ut"
    out_dir.mkdir()
    code, out, err = run(capsys, "pack", "build", "--content", str(CONTENT), "--key", key, "--out", str(out_dir))
    assert code == 0, err
    old = out_dir / "innhold-1.0.0.handbok"
    assert out.startswith(f"Skrev {old}: innholdsversjon 1.0.0 (26.11.2026), ")
    assert "programmet kjenner ikke nøkkel" in err  # the public key is not in resources/keys yet

    new_dir = content_version(tmp_path, "1.1.0", "2027-01-15", kisif=NEW_KISIF)
    code, out, err = run(capsys, "pack", "build", "--content", str(new_dir), "--key", key, "--out", str(out_dir),
                         "--replaces", str(old))
    assert code == 0, err
    new = out_dir / "innhold-1.1.0.handbok"
    assert "Erstatter 1.0.0 (26.11.2026)." in out

    code, out, err = run(capsys, "pack", "verify", str(new))
    assert code == 1 and "nøkkel programmet ikke kjenner" in err
    code, out, err = run(capsys, "pack", "verify", str(new), "--key", pub)
    assert code == 0, err
    assert out.startswith("OK: innhold-1.1.0.handbok: innholdsversjon 1.1.0 (15.01.2027), 24 filer, signert med nøkkel ")
    assert "innholdet består kontrollen (18 sider" in out

    code, out, err = run(capsys, "pack", "diff", str(old), str(new))
    assert code == 0, err
    assert out == render_text(compare(load_handbook(CONTENT), load_handbook(new_dir)))
    assert "Nummer endret: 64 97 23 00 → 64 97 23 99 (telefon)." in out
    assert out.splitlines()[0] == "Innholdsversjon 1.0.0 (26.11.2026) → 1.1.0 (15.01.2027)"


def test_build_refuses_broken_content_with_file_and_line(coordinator, tmp_path, capsys):
    folder = content_version(tmp_path, "1.1.0", "2027-01-15", kisif="12")
    code, out, err = run(capsys, "pack", "build", "--content", str(folder), "--key", str(coordinator.with_suffix(".key")),
                         "--out", str(tmp_path / "x.handbok"))
    assert code == 1 and out == ""
    assert err.startswith("Pakken ble ikke laget. Innholdet har feil (")
    assert "\n  hjelpeliste.yaml:" in err
    assert not (tmp_path / "x.handbok").exists()


def test_verify_names_the_reason_for_a_damaged_file(coordinator, tmp_path, capsys):
    key = str(coordinator.with_suffix(".key"))
    run(capsys, "pack", "build", "--content", str(CONTENT), "--key", key, "--out", str(tmp_path / "a.handbok"))
    data = (tmp_path / "a.handbok").read_bytes()
    (tmp_path / "kort.handbok").write_bytes(data[: len(data) // 2])
    code, _, err = run(capsys, "pack", "verify", str(tmp_path / "kort.handbok"), "--key", str(coordinator.with_suffix(".pub")))
    assert code == 1 and "Filen er ufullstendig" in err


@pytest.fixture
def app_keys(tmp_path, monkeypatch, coordinator):
    """The app's resources/keys holding the coordinator's public key (as a release would)."""
    resources = tmp_path / "resources"
    shutil.copytree(paths.resources_dir(), resources, ignore=shutil.ignore_patterns("icons", "translations"))
    (resources / "keys").mkdir(exist_ok=True)
    shutil.copy(coordinator.with_suffix(".pub"), resources / "keys" / "koordinator.pub")
    monkeypatch.setattr(paths, "resources_dir", lambda: resources)
    return coordinator


def test_install_and_undo_for_this_user(app_keys, tmp_path, capsys):
    key = str(app_keys.with_suffix(".key"))
    folder = content_version(tmp_path, "1.1.0", "2027-01-15", kisif=NEW_KISIF)
    run(capsys, "pack", "build", "--content", str(folder), "--key", key, "--out", str(tmp_path / "ny.handbok"))
    code, out, err = run(capsys, "pack", "install", str(tmp_path / "ny.handbok"), "--yes")
    assert code == 0, err
    assert "Nummer endret: 64 97 23 00 → 64 97 23 99" in out
    assert out.rstrip().endswith("Tatt i bruk: innholdsversjon 1.1.0 (15.01.2027). Programmet viser det ved neste start.")
    code, _, err = run(capsys, "pack", "install", str(tmp_path / "ny.handbok"), "--yes")
    assert code == 1 and "den samme som du allerede har" in err
    code, out, _ = run(capsys, "pack", "undo")
    assert code == 0 and "innholdet som fulgte med programmet" in out
    code, _, err = run(capsys, "pack", "undo")
    assert code == 1 and "Det er ingen oppdatering å angre." in err


def test_install_without_a_terminal_asks_for_yes(app_keys, tmp_path, capsys, monkeypatch):
    import io

    folder = content_version(tmp_path, "1.1.0", "2027-01-15")
    run(capsys, "pack", "build", "--content", str(folder), "--key", str(app_keys.with_suffix(".key")),
        "--out", str(tmp_path / "ny.handbok"))
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    code, _, err = run(capsys, "pack", "install", str(tmp_path / "ny.handbok"))
    assert code == 1 and "--yes" in err
    assert not paths.packs_dir().exists() or list(paths.packs_dir().glob("1.*")) == []


# -- the summary -----------------------------------------------------------------------------


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_summary_names_each_kind_of_change_in_words(tmp_path):
    folder = content_version(tmp_path, "1.1.0", "2027-01-15")
    help_list = folder / "hjelpeliste.yaml"
    _edit(help_list, "hours: mandag–fredag kl. 09.00–15.00", "hours: mandag–fredag kl. 08.00–15.30")
    _edit(help_list, f'{{number: "{KISIF}", label: telefon}}', f'{{number: "{KISIF}", label: "telefon, hele døgnet"}}')
    _edit(folder / "flyt.yaml", "contacts: [kisif, politiet]", "contacts: [kisif]")
    _edit(folder / "plan" / "04-plikt-til-a-handle.md", "Alle som jobber i Ås kommune", "Alle som arbeider i Ås kommune")
    # The edition before had one number more for KISIF (test data), so this one removes it.
    before = content_version(tmp_path, "1.0.1", "2026-12-01", name="before")
    _edit(before / "hjelpeliste.yaml", f'      - {{number: "{KISIF}", label: telefon}}\n',
          f'      - {{number: "{KISIF}", label: telefon}}\n      - {{number: "02800", label: test}}\n')
    old, new = load_handbook(before), load_handbook(folder)
    summary = compare(old, new)
    text = render_text(summary)
    kisif = next(g for g in summary.numbers if g.title == old.contact("kisif").name)
    assert "Nummer fjernet: 02800 (test)." in kisif.lines
    assert "Nummeret 64 97 23 00 heter nå «telefon, hele døgnet» (før «telefon»)." in kisif.lines
    hours = [line for g in summary.numbers for line in g.lines if line.startswith("Åpningstider endret")]
    assert hours and "mandag–fredag kl. 09.00–15.00 → mandag–fredag kl. 08.00–15.30" in hours[0]
    [step] = summary.flow  # the first step that sent the worker to KISIF and the police
    assert step.title.startswith("Endret steg: «")
    assert step.lines == [f"Ikke lenger kontakt: {old.contact('politiet').name}."]
    page = next(g for g in summary.pages if "Plikt til å handle" in g.title)
    assert page.title.startswith("Endret side: 4. Plikt til å handle")
    assert summary.counts().startswith("Endret: ")
    # The app's HTML says the same lines.
    html_text = render_html(summary)
    for group in summary.numbers + summary.flow + summary.pages:
        assert group.title in html_text and all(line in html_text for line in group.lines if "«" not in line)
    assert "Nummer endret" not in text


def test_no_change_says_so_for_each_part():
    hb = load_handbook(CONTENT)
    text = render_text(compare(hb, hb))
    assert "Ingen numre eller åpningstider er endret." in text
    assert "Ingen steg er endret." in text and "Ingen sider er endret." in text


def test_a_renamed_service_and_the_summary_the_other_way(tmp_path):
    folder = content_version(tmp_path, "1.1.0", "2027-01-15")
    shipped = load_handbook(CONTENT)
    name = shipped.contact("kisif").name
    _edit(folder / "hjelpeliste.yaml", f"name: {name}", f"name: {name} og omegn")
    summary = compare(shipped, load_handbook(folder))
    assert any(f"Nytt navn (før «{name}»)." in g.lines for g in summary.numbers)
    reverse = compare(load_handbook(folder), shipped)
    assert reverse.heading() == "Innholdsversjon 1.1.0 (15.01.2027) → 1.0.0 (26.11.2026)"


# -- the folder the coordinator names ----------------------------------------------------------


def test_the_newest_good_pack_in_a_folder_is_found(tmp_path):
    key = new_key()
    shelf = tmp_path / "minnepinne"
    shelf.mkdir()
    write_pack(content_version(tmp_path, "1.1.0", "2027-01-15"), key, shelf / "innhold-1.1.0.handbok")
    write_pack(content_version(tmp_path, "1.2.0", "2027-03-01"), key, shelf / "innhold-1.2.0.handbok")
    write_pack(content_version(tmp_path, "1.4.0", "2027-05-01"), new_key(), shelf / "innhold-1.4.0.handbok")
    data = bytearray(write_pack(content_version(tmp_path, "1.3.0", "2027-04-01"), key, tmp_path / "t.handbok").read_bytes())
    data[100] ^= 1
    (shelf / "innhold-1.3.0.handbok").write_bytes(bytes(data))
    (shelf / "notater.txt").write_text("ikke en pakke")
    found = newest_pack(shelf, key.trusted, ("1.0.0",))
    assert found is not None and found.path.name == "innhold-1.2.0.handbok"
    assert newest_pack(shelf, key.trusted, ("1.0.0", "1.2.0")) is None  # in use, or undone: not offered again
    assert newest_pack(tmp_path / "finnes-ikke", key.trusted) is None


def test_errors_module_names_every_reason_once():
    reasons = [v for k, v in vars(errors).items() if k.isupper() and isinstance(v, str) and k != "ASK"]
    assert len(reasons) == len(set(reasons))
    assert archive.SUFFIX == ".handbok"


def test_the_readme_walks_from_a_changed_number_to_every_laptop_in_five_commands(app_keys, tmp_path, capsys,
                                                                                monkeypatch):
    """The README's coordinator block, run as written (paths moved into a temporary folder)."""
    import re
    import shlex

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Nytt innhold til alle PC-ene", 1)[1]
    block = section.split("```sh", 1)[1].split("```", 1)[0]
    commands = [re.sub(r"\s+#.*$", "", c).strip()
                for c in block.replace("\\\n", " ").splitlines() if c.strip() and not c.lstrip().startswith("#")]
    assert 1 <= len(commands) <= 5, commands
    work = tmp_path / "koordinator"
    work.mkdir()
    content_version(work, "1.1.0", "2027-01-15", kisif=NEW_KISIF, name="content")
    (tmp_path / "nokler" / "koordinator.key").rename(work / "koordinator.key")
    share = tmp_path / "fellesdisk"
    share.mkdir()
    code, _, err = run(capsys, "pack", "build", "--content", str(CONTENT), "--key", str(work / "koordinator.key"),
                       "--out", str(work / "innhold-1.0.0.handbok"))
    assert code == 0, err
    monkeypatch.chdir(work)
    outputs = []
    for command in commands:
        argv = shlex.split(command.replace("~/handbok-nokkel/koordinator.key", "koordinator.key")
                           .replace("/mnt/fellesdisk/handbok/", str(share) + "/"))
        if argv[0] == "cp":
            shutil.copy(argv[1], argv[2])
            continue
        assert argv[0] == "handbook", command
        code, out, err = run(capsys, *argv[1:])
        assert code == 0, (command, err)
        outputs.append(out)
    assert "Nummer endret: 64 97 23 00 → 64 97 23 99 (telefon)." in "".join(outputs)
    found = newest_pack(share, keys.trusted_keys(), ("1.0.0",))
    assert found is not None and found.pack.manifest.content_version == "1.1.0"  # what every laptop is offered
