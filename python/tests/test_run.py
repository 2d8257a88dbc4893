"""run: pandas tables, byte-identical to the command line, threads, Ctrl-C, the GIL."""

from __future__ import annotations

import json
import os
import signal
import threading
import time
from pathlib import Path

import pytest

import staffsim
from conftest import DESK, REPO, run_cli


def test_the_tables_hold_estimates_with_intervals_and_units(desk_file: Path) -> None:
    result = staffsim.run(staffsim.Scenario.load(desk_file), replications=4, seed=3)
    kpis = result.kpis
    assert list(kpis.columns) == ["label", "mean", "ci_low", "ci_high", "std_dev", "n", "unit"]
    sl = kpis.loc["service_level"]
    assert sl["ci_low"] <= sl["mean"] <= sl["ci_high"]
    assert sl["n"] == 4 and sl["unit"] == "share"
    assert kpis.loc["asa_seconds", "unit"] == "seconds"
    assert kpis.loc["offered", "unit"] == "count"
    assert result.by_intent.loc[("general", "offered"), "mean"] == kpis.loc["offered", "mean"]
    assert result.by_channel.index.names == ["channel", "measure"]
    assert ("agents", "headcount") in result.by_pool.index
    reps = result.replications
    assert len(reps) == 4
    assert reps["offered"].mean() == pytest.approx(kpis.loc["offered", "mean"])
    ts = result.timeseries
    assert len(ts) == 47 and "offered" in ts.columns  # 2 days of 1 h, less the 1 h warm-up
    monthly = result.monthly
    assert {"month", "offered", "offered_ci_low", "offered_ci_high"} <= set(monthly.columns)
    assert result.windows is None
    targets = result.targets
    assert set(targets["measure"]) == {"service_level", "abandonment_rate"}
    assert result.contacts > 0 and result.seconds > 0


def test_windows_are_a_table_when_the_scenario_has_them() -> None:
    sc = staffsim.Scenario.from_toml(
        DESK.replace('warmup = "1h"', 'warmup = "1h"\nstart = "2024-03-04"')
        + '[[windows]]\nname = "tuesday"\nfrom = "2024-03-05"\nto = "2024-03-06"\n'
    )
    windows = staffsim.run(sc, replications=2).windows
    assert windows is not None and list(windows["window"]) == ["tuesday"]


@pytest.mark.parametrize(
    "file, flags",
    [
        ("scenarios/erlang_a.toml", ["--replications", "3", "--seed", "7"]),
        ("scenarios/hybrid_with_ai.toml", ["--replications", "2", "--scale", "0.25"]),
        ("scenarios/weekday_voice_desk.toml", ["--replications", "2"]),
    ],
)
def test_the_same_scenario_and_seed_give_the_command_lines_bytes(
    file: str, flags: list, cli, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    done = run_cli(cli, "run", file, "--json", "-q", "--out", str(out), *flags)
    assert done.returncode == 0, done.stderr
    options = dict(zip(flags[::2], flags[1::2]))
    result = _run_from_repo(file, options)
    assert result.to_json() == done.stdout
    assert result.to_json() == (out / "summary.json").read_text()
    mine = tmp_path / "mine"
    result.save(str(mine))
    for name in ["summary.json", "timeseries.csv", "monthly.csv", "outputs.json"]:
        assert (mine / name).read_bytes() == (out / name).read_bytes(), name
    # A saved run is a whole output folder: the command line's report reads it.
    assert run_cli(cli, "report", "-q", str(mine)).returncode == 0


def _run_from_repo(file: str, options: dict) -> staffsim.RunResult:
    """Runs ``file`` named as the command line got it (relative to the repository), so that the
    summary's ``file`` is the same string."""
    here = os.getcwd()
    os.chdir(REPO)
    try:
        return staffsim.run(
            staffsim.Scenario.load(file),
            replications=int(options["--replications"]),
            seed=int(options["--seed"]) if "--seed" in options else None,
            scale=float(options["--scale"]) if "--scale" in options else None,
        )
    finally:
        os.chdir(here)


def test_one_thread_and_two_give_the_same_result(desk_file: Path) -> None:
    sc = staffsim.Scenario.load(desk_file)
    assert staffsim.run(sc, threads=1).to_json() == staffsim.run(sc, threads=2).to_json()


def test_bad_overrides_are_refused() -> None:
    sc = staffsim.Scenario.from_toml(DESK)
    with pytest.raises(ValueError, match="replications"):
        staffsim.run(sc, replications=0)
    with pytest.raises(ValueError, match="scale"):
        staffsim.run(sc, scale=0.0)
    with pytest.raises(ValueError, match="threads"):
        staffsim.run(sc, threads=0)


def test_a_run_the_machine_cannot_hold_raises_memory_error_at_once() -> None:
    """A billion contacts an hour for 100 agents, customers who never abandon: a billion
    contacts queue by the end of the hour (about 256 GB), refused before it simulates."""
    sc = staffsim.Scenario.load(REPO / "scenarios" / "erlang_c.toml")
    sc.update(
        {
            "arrivals.rate": "1e9/h",
            "simulation.horizon": "1h",
            "simulation.warmup": "0s",
        }
    )
    started = time.monotonic()
    with pytest.raises(MemoryError, match="billion contacts are in the system"):
        staffsim.run(sc)
    assert time.monotonic() - started < 10


def test_a_queue_the_estimate_did_not_foresee_stops_at_the_memory(monkeypatch) -> None:
    """The file's rate is stable; the timeline multiplies it by 60 after an hour, for
    customers who never abandon. With 100 MB stated (STAFFSIM_MEMORY) the run stops when its
    contacts in the system pass 312,500 and raises MemoryError; with the real memory it runs."""
    sc = staffsim.Scenario.from_toml(
        """
[simulation]
horizon = "3h"
warmup = "0s"
replications = 1
[arrivals]
rate = "6000/h"
[[intents]]
name = "general"
share = 1.0
handle_time = { dist = "exponential", mean = "1m" }
[[pools]]
name = "agents"
agents = 110
[[timeline]]
at = "1h"
set = { "arrivals.rate" = "360000/h" }
"""
    )
    monkeypatch.setenv("STAFFSIM_MEMORY", "100e6")
    with pytest.raises(MemoryError, match="passed 312500"):
        staffsim.run(sc, threads=1)
    monkeypatch.delenv("STAFFSIM_MEMORY")
    assert staffsim.run(sc, threads=1).kpis.loc["offered", "mean"] > 0


def _long_run() -> staffsim.Scenario:
    """The Erlang A desk for a long time: minutes of work on two cores."""
    sc = staffsim.Scenario.load(REPO / "scenarios" / "erlang_a.toml")
    sc.update({"simulation.horizon": "400d", "simulation.replications": 4})
    return sc


def test_ctrl_c_stops_a_long_run_and_raises_keyboard_interrupt() -> None:
    sc = _long_run()
    timer = threading.Timer(0.5, os.kill, (os.getpid(), signal.SIGINT))
    started = time.perf_counter()
    timer.start()
    with pytest.raises(KeyboardInterrupt):
        staffsim.run(sc)
    stopped = time.perf_counter() - started
    timer.cancel()
    print(f"\nCtrl-C at 0.5 s: the run stopped after {stopped:.2f} s")
    # Much less than the run's length (minutes): the runs stopped, not the waiting.
    assert stopped < 10.0
    # The request is withdrawn: the next run goes to its horizon, as one never interrupted.
    small = staffsim.Scenario.from_toml(DESK)
    first = staffsim.run(small).to_json()
    assert json.loads(first)["kpis"]["offered"]["n"] == 3
    assert staffsim.run(small).to_json() == first


def test_the_gil_is_released_while_the_model_runs() -> None:
    sc = staffsim.Scenario.load(REPO / "scenarios" / "erlang_a.toml")
    sc.update({"simulation.horizon": "20d", "simulation.replications": 1})
    # A Python thread counts while a run holds the calling thread.
    ticks = 0
    done = threading.Event()

    def count() -> None:
        nonlocal ticks
        while not done.is_set():
            ticks += 1
            time.sleep(0.001)

    counter = threading.Thread(target=count)
    counter.start()
    started = time.perf_counter()
    staffsim.run(sc, threads=1)
    one = time.perf_counter() - started
    done.set()
    counter.join()
    assert ticks > 10, f"only {ticks} ticks in {one:.2f} s: the GIL was held"
    # Two runs on two threads against one after the other (reported, not asserted: wall
    # times depend on the machine's other work).
    started = time.perf_counter()
    workers = [threading.Thread(target=staffsim.run, args=(sc,), kwargs={"threads": 1}) for _ in range(2)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    two = time.perf_counter() - started
    print(f"\none run {one:.2f} s; two runs on two Python threads {two:.2f} s "
          f"({two / one:.2f}x of one; {os.cpu_count()} cores)")
