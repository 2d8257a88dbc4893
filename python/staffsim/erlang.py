"""Closed-form answers for one queue, as ``staffsim erlang`` gives them.

Rates carry their unit as text (``"2880/h"``, ``"48/min"``); durations are text with a unit
(``"1m"``, ``"4m30s"``) or a number of seconds. Each function returns a dict with the
command line's ``--json`` keys: shares are fractions in [0, 1], ``*_seconds`` are seconds,
``*_erlangs`` offered load in erlangs, ``*_per_hour`` rates per hour.
"""

from __future__ import annotations

import json
from typing import Any, Dict, List, Optional, Union

from ._commands import command
from ._errors import InputError

Duration = Union[str, float, int]


def _duration(name: str, value: Duration) -> str:
    if isinstance(value, bool):
        raise InputError(f"{name}: expected a duration such as '4m30s' or seconds")
    if isinstance(value, (int, float)):
        return f"{float(value)!r}s"
    return str(value)


def _rate(name: str, value: str) -> str:
    if not isinstance(value, str):
        raise InputError(
            f"{name}: give the rate with its unit, such as '2880/h' (found {value!r})"
        )
    return value


def _ask(
    rate: str,
    aht: Duration,
    extra: List[str],
    sl_threshold: Optional[Duration] = None,
    ai_share: float = 0.0,
    shrinkage: float = 0.0,
    concurrency: int = 1,
    concurrency_stretch: float = 0.0,
) -> Dict[str, Any]:
    args = ["erlang", "--rate", _rate("rate", rate), "--aht", _duration("aht", aht)]
    args += extra
    if sl_threshold is not None:
        args += ["--sl-threshold", _duration("sl_threshold", sl_threshold)]
    if ai_share:
        args += ["--ai-share", repr(float(ai_share))]
    if shrinkage:
        args += ["--shrinkage", repr(float(shrinkage))]
    if concurrency != 1:
        args += ["--concurrency", str(int(concurrency))]
    if concurrency_stretch:
        args += ["--concurrency-stretch", repr(float(concurrency_stretch))]
    return json.loads(command(args + ["--json"]))


def c(
    rate: str,
    aht: Duration,
    agents: int,
    sl_threshold: Duration = "20s",
    **options: Any,
) -> Dict[str, Any]:
    """Erlang C (customers never abandon) for ``agents`` agents: probability of wait, service
    level within ``sl_threshold``, average speed of answer, occupancy. Options: ``ai_share``,
    ``shrinkage``, ``concurrency``, ``concurrency_stretch``."""
    return _ask(rate, aht, ["--agents", str(int(agents))], sl_threshold, **options)


def a(
    rate: str,
    aht: Duration,
    agents: int,
    patience: Duration,
    sl_threshold: Duration = "20s",
    **options: Any,
) -> Dict[str, Any]:
    """Erlang A (exponential patience with mean ``patience``) for ``agents`` agents: as
    :func:`c`, plus the abandonment rate."""
    extra = ["--agents", str(int(agents)), "--patience", _duration("patience", patience)]
    return _ask(rate, aht, extra, sl_threshold, **options)


def b(rate: str, aht: Duration, lines: int, ai_share: float = 0.0) -> Dict[str, Any]:
    """Erlang B for ``lines`` lines with no queue: the blocking probability (the share of
    contacts that find every line busy and are lost) and the carried load."""
    return _ask(rate, aht, ["--lines", str(int(lines))], ai_share=ai_share)


def staffing(
    rate: str,
    aht: Duration,
    target_sl: Union[str, float],
    patience: Optional[Duration] = None,
    sl_threshold: Optional[Duration] = None,
    max_agents: Optional[int] = None,
    **options: Any,
) -> Dict[str, Any]:
    """The fewest agents that meet a service-level target, by Erlang C (or Erlang A with
    ``patience``). ``target_sl`` is a share (0.8), a percentage ("80%"), or as planners write
    it, "80/20": 80 % answered within 20 s (which sets the threshold; otherwise
    ``sl_threshold``, 20 s by default). The answer's ``fte_scheduled`` adds ``shrinkage``."""
    extra = ["--target-sl", str(target_sl)]
    if patience is not None:
        extra += ["--patience", _duration("patience", patience)]
    if max_agents is not None:
        extra += ["--max-agents", str(int(max_agents))]
    return _ask(rate, aht, extra, sl_threshold, **options)
