"""staffsim: a discrete-event simulator of customer-support operations in which an AI
assistant and human agents share the work, from Python.

    >>> import staffsim
    >>> desk = staffsim.Scenario.load("scenarios/erlang_a.toml")
    >>> desk.set("pools.agents.agents", 52)
    >>> result = staffsim.run(desk, replications=5, seed=1)
    >>> result.kpis.loc["service_level", ["mean", "ci_low", "ci_high"]]

Results are pandas tables with 95 % confidence intervals over independent replications and
the unit of each measure; they equal the command line's for the same scenario and seed, byte
for byte (:meth:`RunResult.to_json`). Time in the engine is in seconds; scenarios carry
their units as in the file ("4m30s", "2880/h").
"""

from __future__ import annotations

from typing import Dict, List, Optional, Tuple

from . import _staffsim, erlang
from ._commands import command, fit, forecast, frontier, run, schedule, staff, sweep
from ._errors import CommandError, Infeasible, InputError, ScenarioError, StaffsimError
from ._results import OutputFolder, RunResult, SweepResult
from ._scenario import Scenario

#: The version of staffsim (the Rust library's).
__version__: str = _staffsim.VERSION


def measures() -> List[Tuple[str, str, str, Optional[bool]]]:
    """Every measure staffsim reports: (key, label, unit, whether more is better; ``None`` for
    a volume). The keys are the JSON and CSV names and the index of the result tables."""
    return [tuple(m) for m in _staffsim.measures()]  # type: ignore[misc]


def parse_duration(text: str) -> float:
    """A duration as a scenario writes it ("4m30s", "2h", "1d") in seconds."""
    return _staffsim.parse_duration(text)


def parse_rate(text: str) -> float:
    """A rate as a scenario writes it ("2880/h", "48/min") in contacts per second."""
    return _staffsim.parse_rate(text)


__all__ = [
    "CommandError",
    "Infeasible",
    "InputError",
    "OutputFolder",
    "RunResult",
    "Scenario",
    "ScenarioError",
    "StaffsimError",
    "SweepResult",
    "command",
    "erlang",
    "fit",
    "forecast",
    "frontier",
    "measures",
    "parse_duration",
    "parse_rate",
    "run",
    "schedule",
    "staff",
    "sweep",
]
