"""Shared fixtures: a small desk, a history file, and the command line to compare with."""

from __future__ import annotations

import os
import random
import subprocess
from datetime import date, timedelta
from pathlib import Path
from typing import List

import pytest

#: The repository (the scenarios the README ships are read from it).
REPO = Path(__file__).resolve().parents[2]

#: A desk small enough to run in a fraction of a second, with a per-interval target.
DESK = """\
name = "small desk"
[simulation]
horizon = "2d"
warmup = "1h"
interval = "1h"
replications = 3
seed = 5
[arrivals]
rate = "120/h"
daily_profile = [0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 1, 1, 1.5, 1.5, 1.5, 1.5,
                 1.5, 1.5, 1.5, 1.5, 1, 1, 1, 1, 0.5, 0.5, 0.5, 0.5]
[[intents]]
name = "general"
share = 1.0
handle_time = { dist = "exponential", mean = "4m" }
patience = { dist = "exponential", mean = "3m" }
[[pools]]
name = "agents"
agents = 12
shrinkage = 0.3
hourly_cost = 30.0
[targets.interval]
service_level = { min = 0.8 }
abandonment_rate = { max = 0.05 }
"""


@pytest.fixture
def desk_file(tmp_path: Path) -> Path:
    """The small desk as a file."""
    path = tmp_path / "desk.toml"
    path.write_text(DESK, encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def cli() -> List[str]:
    """The command line to compare with: $STAFFSIM_BIN (set by .ci/run), or the release
    build in the repository's target folder."""
    binary = os.environ.get("STAFFSIM_BIN") or str(REPO / "target" / "release" / "staffsim")
    if not Path(binary).exists():
        pytest.fail(
            f"no staffsim binary at {binary}: build it (cargo build --release) or set STAFFSIM_BIN"
        )
    return [binary]


def run_cli(cli: List[str], *args: str, cwd: Path = REPO) -> subprocess.CompletedProcess:
    """Runs the command line and returns what it did."""
    return subprocess.run(cli + list(args), cwd=cwd, capture_output=True, text=True)


@pytest.fixture(scope="session")
def history(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Ten weeks of 15-minute interval history as a WFM tool exports it (date, interval,
    offered), open 08:00-20:00, Sunday closed, Poisson counts with a daily and weekly
    profile, a fixed seed."""
    rng = random.Random(11)
    weekly = [1.2, 1.1, 1.0, 1.0, 0.9, 0.6, 0.0]  # Monday first
    start = date(2024, 1, 1)  # a Monday
    lines = ["date,interval,offered"]
    for d in range(70):
        day = start + timedelta(days=d)
        if weekly[day.weekday()] == 0.0:
            continue
        for i in range(32, 80):
            hour = i / 4
            shape = 1.0 + 0.5 * (1 - abs(hour - 13) / 5) if 8 <= hour < 18 else 0.7
            mean = 30 * weekly[day.weekday()] * shape
            # A Poisson count by inversion (small means).
            u, k, p = rng.random(), 0, pow(2.718281828459045, -mean)
            cum = p
            while u > cum and k < 1000:
                k += 1
                p *= mean / k
                cum += p
            lines.append(f"{day.isoformat()},{i // 4:02d}:{i % 4 * 15:02d},{k}")
    path = tmp_path_factory.mktemp("history") / "history.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
