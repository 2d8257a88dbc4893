"""Scenario: load, from_toml, from_dict, set, to_toml, located errors."""

from __future__ import annotations

from pathlib import Path

import pytest

import staffsim
from conftest import DESK, REPO, run_cli


def test_load_names_the_scenario_after_its_name_or_stem(desk_file: Path) -> None:
    assert staffsim.Scenario.load(desk_file).name == "small desk"
    nameless = desk_file.with_name("nameless.toml")
    nameless.write_text(DESK.replace('name = "small desk"\n', ""), encoding="utf-8")
    sc = staffsim.Scenario.load(nameless)
    assert sc.name == "nameless"
    assert sc.file == str(nameless)


def test_from_toml_and_from_dict_give_the_same_scenario() -> None:
    a = staffsim.Scenario.from_toml(DESK)
    b = staffsim.Scenario.from_dict(a.to_dict())
    assert b.to_dict() == a.to_dict()
    assert b.name == "small desk"
    ra = staffsim.run(a, replications=2)
    rb = staffsim.run(b, replications=2)
    assert ra.kpis["mean"].equals(rb.kpis["mean"])


def test_set_changes_a_setting_by_key_path_and_to_toml_carries_it() -> None:
    sc = staffsim.Scenario.from_toml(DESK)
    before = staffsim.run(sc, replications=2).kpis.loc["service_level", "mean"]
    sc.set("pools.agents.agents", 6)
    assert "agents = 6" in sc.to_toml()
    assert sc.to_dict()["pools"][0]["agents"] == 6
    after = staffsim.run(sc, replications=2).kpis.loc["service_level", "mean"]
    assert after < before
    # A duration with its unit.
    sc.set("intents.general.handle_time.mean", "5m")
    assert sc.to_dict()["intents"][0]["handle_time"]["mean"] == "5m"


def test_a_refused_setting_raises_a_located_error_and_changes_nothing() -> None:
    sc = staffsim.Scenario.from_toml(DESK)
    text = sc.to_toml()
    with pytest.raises(staffsim.ScenarioError) as caught:
        sc.set("intents.general.share", 1.5)
    err = caught.value
    assert err.key == "intents[0] (general).share"
    assert err.line is not None and err.line > 0
    assert "share" in err.message
    assert sc.to_toml() == text
    with pytest.raises(staffsim.ScenarioError) as caught:
        sc.set("pools.nobody.agents", 3)
    assert "nobody" in str(caught.value)


def test_update_makes_changes_that_are_valid_only_together() -> None:
    two = DESK.replace(
        'name = "general"\nshare = 1.0',
        'name = "general"\nshare = 0.5',
    ).replace(
        "[[pools]]",
        '[[intents]]\nname = "other"\nshare = 0.5\n'
        'handle_time = { dist = "exponential", mean = "4m" }\n[[pools]]',
    )
    sc = staffsim.Scenario.from_toml(two)
    with pytest.raises(staffsim.ScenarioError):
        sc.set("intents.general.share", 0.7)
    sc.update({"intents.general.share": 0.7, "intents.other.share": 0.3})
    assert sc.to_dict()["intents"][1]["share"] == 0.3


def test_a_bad_file_raises_the_command_lines_located_error(tmp_path: Path, cli) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(DESK.replace('horizon = "2d"', 'horizn = "2d"'), encoding="utf-8")
    with pytest.raises(staffsim.ScenarioError) as caught:
        staffsim.Scenario.load(bad)
    err = caught.value
    assert (err.file, err.line, err.column, err.key) == (str(bad), 3, 1, "simulation.horizn")
    assert "unknown field `horizn`" in err.message
    # The command line says the same, in the same words.
    done = run_cli(cli, "run", str(bad))
    assert done.returncode == 2
    assert done.stderr.strip() == f"Error: {err}".strip()


def test_an_unreadable_file_raises_oserror(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        staffsim.Scenario.load(tmp_path / "missing.toml")


def test_save_writes_a_file_that_loads_and_keeps_relative_files_working(tmp_path: Path) -> None:
    sc = staffsim.Scenario.load(REPO / "scenarios" / "weekday_voice_desk.toml")
    sc.set("simulation.replications", 2)
    sub = tmp_path / "elsewhere" / "deeper"
    sub.mkdir(parents=True)
    sc.save(sub / "copy.toml")
    again = staffsim.Scenario.load(sub / "copy.toml")
    assert again.to_dict()["simulation"]["replications"] == 2
    assert not list(sub.glob(".*tmp*"))


def test_warnings_and_copy(desk_file: Path) -> None:
    sc = staffsim.Scenario.load(desk_file)
    other = sc.copy()
    other.set("pools.agents.agents", 20)
    assert sc.to_dict()["pools"][0]["agents"] == 12
    assert isinstance(sc.warnings, list)
    assert repr(sc).startswith("Scenario(name='small desk'")


def test_the_readme_example_runs(capsys: pytest.CaptureFixture) -> None:
    """The README's Python example, as written, from the repository's root."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    block = readme.split("```python\n", 1)[1].split("```", 1)[0]
    here = Path.cwd()
    import os

    os.chdir(REPO)
    try:
        exec(compile(block, "README.md", "exec"), {})
    finally:
        os.chdir(here)
    printed = capsys.readouterr().out
    assert "service_level" in printed and "'agents': 52" in printed
