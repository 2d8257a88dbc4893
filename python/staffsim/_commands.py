"""The command line's commands, run in this process on a scenario."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import time
import weakref
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Type, TypeVar, Union

from . import _staffsim
from ._errors import CommandError, Infeasible, InputError, ScenarioError
from ._results import OutputFolder, RunResult, SweepResult
from ._scenario import Scenario, PathLike

R = TypeVar("R", bound=OutputFolder)


def run(
    scenario: Union[Scenario, PathLike],
    replications: Optional[int] = None,
    seed: Optional[int] = None,
    threads: Optional[int] = None,
    scale: Optional[float] = None,
) -> RunResult:
    """Simulates ``scenario`` as ``staffsim run`` does and returns its measures as tables.

    ``replications`` and ``seed`` override the scenario's; ``threads`` is the number of worker
    threads (default: one per core; the result does not depend on it); ``scale`` runs at that
    fraction of the volume and headcount (0.1: a tenth) for a quick look. The same scenario
    and seed give the same result as the command line, byte for byte
    (:meth:`RunResult.to_json`). The GIL is released while the model runs; Ctrl-C stops it and
    raises :class:`KeyboardInterrupt`. A run that would need more memory than the machine has
    (a queue that grows without bound, too many replications) raises :class:`MemoryError`
    with the reason before it starts, as the command line refuses it.
    """
    sc = _scenario(scenario)
    started = time.perf_counter()
    texts = _staffsim.run(
        sc.to_toml(), sc.file, sc._default_name, replications, seed, threads, scale
    )
    seconds = time.perf_counter() - started
    return RunResult(*texts, seconds=seconds)


def sweep(
    scenario: Union[Scenario, PathLike],
    axes: Union[None, Dict[str, Sequence[Any]], List[Dict[str, Any]]] = None,
    *,
    mode: Optional[str] = None,
    design: Optional[str] = None,
    samples: Optional[int] = None,
    out: Optional[PathLike] = None,
    **options: Any,
) -> SweepResult:
    """Runs a sweep of ``scenario`` as ``staffsim sweep`` does: every point with common random
    numbers, and the cost–quality frontier.

    The axes are the scenario's ``[sweep]`` table, or ``axes``: a dict of key path to values
    (``{"pools.chat_agents.agents": [20, 25, 30]}``) or a list of axis tables as in the file
    (``[{"path": ..., "from": 0.5, "to": 0.9, "step": 0.1}]``, ``also``, ``integer``, ...);
    ``mode`` ("grid" or "zip"), ``design`` ("lhs" for a Latin hypercube) and ``samples`` go
    with them. Other keyword arguments are the command's options by name (``replications``,
    ``seed``, ``threads``, ``quality``, ``cost``, ``baseline``, ``independent_streams``,
    ``max_points``, ...; see ``staffsim sweep --help``). With ``out`` the files stay in that
    folder; otherwise in a temporary one removed with the result.
    """
    sc = _scenario(scenario)
    if axes is not None:
        sc = sc.copy()
        if isinstance(axes, dict):
            tables = [{"path": p, "values": list(v)} for p, v in axes.items()]
        else:
            tables = [dict(a) for a in axes]
        table: Dict[str, Any] = {"axes": tables}
        for key, value in (("mode", mode), ("design", design), ("samples", samples)):
            if value is not None:
                table[key] = value
        sc.update({"sweep": table})
    elif mode is not None or design is not None or samples is not None:
        raise InputError("mode, design and samples go with axes; or set them in [sweep]")
    return _in_folder("sweep", sc, [], options, out, SweepResult)


def staff(scenario: Union[Scenario, PathLike], *, out: Optional[PathLike] = None, **options: Any) -> OutputFolder:
    """The agents on duty per interval that meet the scenario's per-interval targets, found by
    simulation (Feldman et al.'s iterative staffing) and checked on fresh seeds, as
    ``staffsim staff`` finds them. Keyword arguments are its options (``pool``, ``cycle``,
    ``replications``, ``max_iterations``, ...). The result's ``tables`` hold ``staffing``
    and the other files; ``scenario`` is the staffed scenario. Raises
    :class:`staffsim.Infeasible` (with the result) if no plan within the bounds meets the
    targets."""
    return _in_folder("staff", _scenario(scenario), [], options, out, OutputFolder)


def schedule(scenario: Union[Scenario, PathLike], *, out: Optional[PathLike] = None, **options: Any) -> OutputFolder:
    """The shifts that meet the scenario's per-interval targets at least cost, as
    ``staffsim schedule`` finds them (a requirement then a covering integer program, and
    cutting planes on the simulation), checked on a fresh seed. Keyword arguments are its
    options (``pool``, ``cycle``, ``requirement``, ``time_limit``, ...); ``scenario`` of the
    result is the scheduled scenario."""
    return _in_folder("schedule", _scenario(scenario), [], options, out, OutputFolder)


def frontier(
    scenario: Union[Scenario, PathLike],
    levels: str,
    decide: Union[str, Sequence[str]],
    *,
    out: Optional[PathLike] = None,
    **options: Any,
) -> OutputFolder:
    """The cost–quality frontier found by optimisation, as ``staffsim frontier`` finds it: for
    each of ``levels`` (such as ``"0.90:0.98:0.02"``) of the quality measure, the least cost
    over the ``decide`` settings (``"pools.chat_agents.agents=10:40"``) that meets it and the
    scenario's targets, checked on a fresh seed. Keyword arguments are its other options
    (``quality``, ``cost``, ``replications``, ``max_evaluations``, ...)."""
    decisions = [decide] if isinstance(decide, str) else list(decide)
    return _in_folder(
        "frontier",
        _scenario(scenario),
        ["--levels", levels] + [a for d in decisions for a in ("--decide", d)],
        options,
        out,
        OutputFolder,
    )


def fit(
    history: PathLike,
    *,
    into: Union[None, Scenario, PathLike] = None,
    out: Optional[PathLike] = None,
    **options: Any,
) -> OutputFolder:
    """A scenario's arrivals and intents fitted to interval history (CSV) as ``staffsim fit``
    fits them; with ``into``, written into that scenario. The result's ``scenario`` is the
    fitted scenario, ``documents["fit"]`` what was fitted and set aside."""
    extra: List[str] = []
    base: Optional[Scenario] = None
    holder: Optional[tempfile.TemporaryDirectory] = None
    if into is not None:
        base = _scenario(into)
        path, holder = _on_disk(base)
        extra = ["--into", path]
    try:
        return _in_folder_history("fit", history, extra, options, out, base)
    finally:
        if holder is not None:
            holder.cleanup()


def forecast(
    history: PathLike,
    horizon: Union[str, float],
    *,
    out: Optional[PathLike] = None,
    **options: Any,
) -> OutputFolder:
    """The interval volumes of the next ``horizon`` (a duration such as ``"2w"``, or seconds)
    forecast from an interval history (CSV) as ``staffsim forecast`` forecasts them, checked
    against the seasonal naive forecast on a held-out stretch (``holdout``). The result's
    ``tables`` hold ``forecast`` and ``rates`` (what a scenario reads),
    ``documents["forecast"]`` the method and its accuracy."""
    if isinstance(horizon, bool) or not isinstance(horizon, (str, int, float)):
        raise InputError(f"horizon: expected a duration such as '2w', found {horizon!r}")
    text = horizon if isinstance(horizon, str) else f"{float(horizon)!r}s"
    return _in_folder_history("forecast", history, ["--horizon", text], options, out, None)


def _scenario(scenario: Union[Scenario, PathLike]) -> Scenario:
    return scenario if isinstance(scenario, Scenario) else Scenario.load(scenario)


def _flags(options: Dict[str, Any]) -> List[str]:
    """Keyword options as command-line flags: ``max_iterations=5`` is ``--max-iterations 5``,
    ``True`` a bare flag, ``False`` or ``None`` nothing, a list the flag once per value."""
    args: List[str] = []
    for key, value in options.items():
        flag = "--" + key.replace("_", "-")
        if value is None or value is False:
            continue
        if value is True:
            args.append(flag)
        elif isinstance(value, (list, tuple)):
            for v in value:
                args += [flag, str(v)]
        else:
            args += [flag, str(value)]
    return args


def _on_disk(scenario: Scenario) -> "tuple[str, Optional[tempfile.TemporaryDirectory]]":
    """A file the command line can read holding ``scenario``: the file itself when unchanged,
    else a temporary copy (its relative file names rewritten to work from there)."""
    if scenario._pristine:
        return scenario.file, None
    holder = tempfile.TemporaryDirectory(prefix="staffsim-")
    name = Path(scenario.file).name if scenario.file != "<string>" else "scenario.toml"
    if not name.endswith(".toml"):
        name += ".toml"
    path = Path(holder.name) / name
    path.write_text(scenario._relative_to(holder.name), encoding="utf-8")
    return str(path), holder


def _in_folder(
    name: str,
    scenario: Scenario,
    extra: List[str],
    options: Dict[str, Any],
    out: Optional[PathLike],
    kind: Type[R],
) -> R:
    path, holder = _on_disk(scenario)
    try:
        return _execute(name, [path] + extra, options, out, scenario, kind)
    finally:
        if holder is not None:
            holder.cleanup()


def _in_folder_history(
    name: str,
    history: PathLike,
    extra: List[str],
    options: Dict[str, Any],
    out: Optional[PathLike],
    base: Optional[Scenario],
) -> OutputFolder:
    return _execute(name, [os.fspath(history)] + extra, options, out, base, OutputFolder)


def _execute(
    name: str,
    positional: List[str],
    options: Dict[str, Any],
    out: Optional[PathLike],
    base: Optional[Scenario],
    kind: Type[R],
) -> R:
    if "out" in options:
        raise InputError("give the output folder as out=")
    if out is None:
        folder = Path(tempfile.mkdtemp(prefix=f"staffsim-{name}-"))
        temporary = True
    else:
        folder = Path(out)
        temporary = False
    if name != "fit":
        # The command's progress and "wrote ..." lines on standard error are for a terminal.
        options = {"quiet": True, **options}
    args = [name] + positional + ["--out", str(folder)] + _flags(options)
    try:
        code, printed, message, located = _staffsim.command(args)
    except BaseException:
        if temporary:
            shutil.rmtree(folder, ignore_errors=True)
        raise
    if code in (0, 3):
        result = kind(folder, printed, base)
        if temporary:
            # The files live as long as the result.
            weakref.finalize(result, shutil.rmtree, str(folder), True)
        if code == 3:
            raise Infeasible(message or "no plan meets the targets", result)
        return result
    if temporary:
        shutil.rmtree(folder, ignore_errors=True)
    _raise(code, message, located)
    raise AssertionError("unreachable")


#: A located message as the command line writes it: ``file:line:column: `key`: message``.
_LOCATED = re.compile(r"^(?P<file>.+?):(?P<line>\d+):(?P<column>\d+): `(?P<key>[^`]*)`: (?P<message>.*)$")


def _raise(code: int, message: Optional[str], located: Optional[BaseException]) -> None:
    """Raises the error that exit status ``code`` means: a scenario error with its parts where
    the message is located in a file, else :class:`InputError` (2) or :class:`CommandError`."""
    if located is not None:
        raise located
    text = message or ""
    if code == 2:
        first = text.splitlines()[0] if text else ""
        match = _LOCATED.match(first)
        if match:
            raise ScenarioError(
                text,
                match["file"],
                int(match["line"]),
                int(match["column"]),
                match["key"],
                match["message"],
            )
        raise InputError(text)
    raise CommandError(text)


def command(args: Sequence[str]) -> str:
    """Runs ``staffsim ARGS...`` in this process and returns what it printed; a failure raises
    the error the exit status means (:class:`staffsim.InputError` for 2,
    :class:`staffsim.CommandError` for 1, :class:`staffsim.Infeasible` for 3)."""
    code, printed, message, located = _staffsim.command([str(a) for a in args])
    if code == 0:
        return printed
    if code == 3:
        raise Infeasible(message or "no plan meets the targets", printed)
    _raise(code, message, located)
    raise AssertionError("unreachable")
