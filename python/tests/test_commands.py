"""sweep, staff, schedule, frontier, fit, forecast, erlang and command: the command line's
commands from Python, their files as tables."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import staffsim
from conftest import DESK, REPO, run_cli

SHIFTS = """
[[shifts]]
name = "day"
pool = "agents"
length = "8h"
starts = { earliest = "0h", latest = "16h", every = "2h" }
"""


def test_a_sweep_over_axes_gives_results_pareto_and_differences() -> None:
    sc = staffsim.Scenario.from_toml(DESK)
    result = staffsim.sweep(
        sc, {"pools.agents.agents": [8, 10, 12, 14]}, replications=3, quality="service_level"
    )
    assert isinstance(result, staffsim.SweepResult)
    assert list(result.results["pools.agents.agents"]) == [8, 10, 12, 14]
    sl = result.results["service_level_mean"]
    assert sl.is_monotonic_increasing  # more agents, better service (common random numbers)
    assert set(result.pareto["point"]) <= set(result.results["point"])
    base = result.differences.loc[result.differences["point"] == 0]
    assert float(base["service_level_diff"].iloc[0]) == 0.0
    assert len(result.replications) == 4 * 3
    assert result.manifest["points"] == 4
    assert result.sensitivity is None
    # The scenario itself is not changed by the sweep.
    assert "sweep" not in sc.to_dict()


def test_a_sweep_from_the_scenarios_own_table_equals_the_command_lines(tmp_path: Path, cli) -> None:
    text = DESK + (
        "[sweep]\nmode = \"zip\"\n[[sweep.axes]]\npath = \"pools.agents.agents\"\nvalues = [9, 13]\n"
        "[[sweep.axes]]\npath = \"pools.agents.hourly_cost\"\nvalues = [25.0, 35.0]\n"
    )
    file = tmp_path / "zip.toml"
    file.write_text(text, encoding="utf-8")
    mine = staffsim.sweep(staffsim.Scenario.load(file), replications=2, seed=4)
    assert len(mine.results) == 2
    done = run_cli(cli, "sweep", str(file), "--replications", "2", "--seed", "4", "-q", "--out", str(tmp_path / "cli"))
    assert done.returncode == 0, done.stderr
    for name in ["results.csv", "pareto.csv", "differences.csv", "replications.csv"]:
        assert (mine.folder / name).read_bytes() == (tmp_path / "cli" / name).read_bytes(), name


def test_a_latin_hypercube_sweep_ranks_its_settings() -> None:
    sc = staffsim.Scenario.from_toml(DESK)
    result = staffsim.sweep(
        sc,
        [
            {"path": "pools.agents.agents", "from": 8, "to": 16, "integer": True},
            {"path": "pools.agents.hourly_cost", "from": 20.0, "to": 40.0},
        ],
        design="lhs",
        samples=12,
        replications=1,
    )
    assert len(result.results) == 12
    sens = result.sensitivity
    assert sens is not None and "pools.agents.agents" in set(sens.iloc[:, 1]) | set(sens.columns)


def test_sweep_options_are_checked_like_the_command_lines() -> None:
    sc = staffsim.Scenario.from_toml(DESK)
    with pytest.raises(staffsim.InputError, match="quality"):
        staffsim.sweep(sc, {"pools.agents.agents": [8, 9]}, quality="nonsense")
    with pytest.raises(staffsim.InputError):
        staffsim.sweep(sc, mode="zip")
    # A path that names nothing is located at the axis that gives it.
    with pytest.raises(staffsim.ScenarioError, match="nobody") as caught:
        staffsim.sweep(sc, {"pools.nobody.agents": [8, 9]})
    assert caught.value.key == "sweep.axes[0].path" and caught.value.line is not None
    # A located error in the sweep's table is a ScenarioError with its parts.
    with pytest.raises(staffsim.ScenarioError) as caught:
        staffsim.sweep(sc, [{"path": "pools.agents.agents", "from": "8", "to": 12, "step": 1}])
    assert caught.value.key == "sweep.axes[0].from" and caught.value.line is not None


def test_staff_finds_a_staffing_and_a_scenario_that_runs(tmp_path: Path) -> None:
    sc = staffsim.Scenario.from_toml(DESK)
    found = staffsim.staff(sc, cycle="day", max_iterations=4)
    staffing = found.tables["staffing"]
    assert len(staffing) == 24 and (staffing["agents"] > 0).all()
    assert "fresh-seed validation" in found.output
    assert found.scenario is not None
    assert staffsim.run(found.scenario, replications=2).kpis.loc["service_level", "mean"] > 0.7
    # With out=, the files stay where asked.
    kept = staffsim.staff(sc, cycle="day", max_iterations=2, out=tmp_path / "staffed")
    assert (tmp_path / "staffed" / "staffing.csv").exists() and kept.folder == tmp_path / "staffed"


def test_a_target_no_staffing_meets_raises_infeasible_with_what_was_found() -> None:
    sc = staffsim.Scenario.from_toml(DESK)
    sc.set("targets.interval.service_level", {"min": 0.999})
    with pytest.raises(staffsim.Infeasible) as caught:
        staffsim.staff(sc, cycle="day", max_agents=6, max_iterations=3)
    assert "staffing" in caught.value.result.tables


def test_schedule_finds_shifts(tmp_path: Path) -> None:
    sc = staffsim.Scenario.from_toml(DESK.replace("shrinkage = 0.3\n", "") + SHIFTS)
    found = staffsim.schedule(sc, cycle="day", time_limit="5s", max_iterations=2)
    assert {"schedule", "two_step_schedule", "coverage"} <= set(found.tables)
    assert found.documents["schedule"]
    assert found.scenario is not None
    staffsim.run(found.scenario, replications=1)


def test_frontier_finds_the_least_cost_per_level() -> None:
    sc = staffsim.Scenario.from_toml(DESK)
    found = staffsim.frontier(
        sc, "0.9:0.98:0.04", "pools.agents.agents=5:30", quality="service_level", max_evaluations=20
    )
    frontier = found.tables["frontier"]
    assert len(frontier) == 3
    assert "frontier" in found.documents


def test_fit_and_forecast_read_a_history(history: Path) -> None:
    # Without handle times in the history, the fitted scenario is a draft that says what to add.
    draft = staffsim.fit(history)
    assert "fit" in draft.documents and "[arrivals]" in (draft.scenario_text or "")
    with pytest.raises(staffsim.ScenarioError, match="handle_time"):
        draft.scenario
    into = staffsim.fit(history, into=staffsim.Scenario.from_toml(DESK))
    assert into.scenario is not None and into.scenario.to_dict()["pools"][0]["name"] == "agents"
    assert into.documents["fit"]
    staffsim.run(into.scenario, replications=1, scale=0.2)
    fc = staffsim.forecast(history, "2w")
    assert {"forecast", "rates"} <= set(fc.tables)
    assert "forecast" in fc.documents


def test_a_bad_history_raises_with_its_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("date,interval,offered\n2024-01-01,08:00,12\n2024-01-01,08:15,x\n")
    with pytest.raises(staffsim.InputError, match="bad.csv:3"):
        staffsim.forecast(bad, "1w")


def test_erlang_answers_as_the_command_line(cli) -> None:
    c = staffsim.erlang.c("2880/h", "1m", 50)
    assert c["offered_load_erlangs"] == 48.0
    assert c["probability_of_wait"] == pytest.approx(0.6945, abs=1e-4)
    done = run_cli(cli, "erlang", "--rate", "2880/h", "--aht", "1m", "--agents", "50", "--json")
    assert json.loads(done.stdout) == c
    a = staffsim.erlang.a("2880/h", 60, 50, "2m")
    assert a["abandonment_rate"] > 0 and a["service_level"] > c["service_level"]
    assert staffsim.erlang.b("2880/h", "1m", 50)["blocking_probability"] == pytest.approx(0.0833, abs=1e-4)
    s = staffsim.erlang.staffing("2880/h", "1m", "80/20", shrinkage=0.3)
    assert s["agents"] == 52 and s["fte_scheduled"] == pytest.approx(52 / 0.7)
    with pytest.raises(staffsim.InputError, match="unit"):
        staffsim.erlang.c(2880, "1m", 50)  # type: ignore[arg-type]
    with pytest.raises(staffsim.InputError):
        staffsim.erlang.c("2880/h", "1m", 40)  # unstable: 48 erlangs on 40 agents


def test_command_runs_any_command_and_help_is_not_an_error() -> None:
    assert "Usage: staffsim erlang" in staffsim.command(["erlang", "--help"])
    assert staffsim.command(["erlang", "--rate", "120/h", "--aht", "4m", "--agents", "10"]).startswith("Erlang C")
    with pytest.raises(staffsim.InputError, match="unrecognized|unexpected"):
        staffsim.command(["run", "--no-such-flag"])


def test_the_measures_list_names_keys_units_and_directions() -> None:
    keys = {m[0]: m for m in staffsim.measures()}
    assert keys["service_level"][2] == "share" and keys["service_level"][3] is True
    assert keys["asa_seconds"][2] == "seconds" and keys["asa_seconds"][3] is False
    assert staffsim.parse_duration("4m30s") == 270.0
    assert staffsim.parse_rate("2880/h") == pytest.approx(0.8)
