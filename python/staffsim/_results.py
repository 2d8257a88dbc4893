"""Results as pandas tables: a run's, a sweep's, a planning command's."""

from __future__ import annotations

import io
import json
from functools import cached_property
from pathlib import Path
from typing import Any, Dict, List, Optional

import pandas as pd

from . import _staffsim
from ._scenario import Scenario

#: Columns of a table of estimates, in order.
ESTIMATE_COLUMNS = ["label", "mean", "ci_low", "ci_high", "std_dev", "n", "unit"]


def _measure_info() -> Dict[str, tuple]:
    return {key: (label, unit) for key, label, unit, _ in _staffsim.measures()}


_MEASURES = _measure_info()


def _unit(key: str) -> str:
    """The unit of measure ``key``, from the library's list of measures (or the key's suffix)."""
    if key in _MEASURES:
        return _MEASURES[key][1]
    if key.endswith("_seconds"):
        return "seconds"
    return ""


def _label(key: str) -> str:
    return _MEASURES.get(key, (key, ""))[0]


def _estimate_row(key: str, est: Dict[str, Any]) -> Dict[str, Any]:
    ci = est.get("ci95") or [None, None]
    return {
        "label": _label(key),
        "mean": est.get("mean"),
        "ci_low": ci[0],
        "ci_high": ci[1],
        "std_dev": est.get("std_dev"),
        "n": est.get("n"),
        "unit": _unit(key),
    }


def estimates_table(estimates: Dict[str, Any]) -> pd.DataFrame:
    """A ``{measure: {mean, ci95, std_dev, n}}`` object as a table indexed by measure."""
    rows = [_estimate_row(k, v) for k, v in estimates.items()]
    frame = pd.DataFrame(rows, index=pd.Index(list(estimates), name="measure"))
    return frame.reindex(columns=ESTIMATE_COLUMNS)


def grouped_table(groups: Dict[str, Dict[str, Any]], level: str) -> pd.DataFrame:
    """A ``{group: {measure: estimate}}`` object as a table indexed by (group, measure)."""
    rows, index = [], []
    for group, estimates in groups.items():
        for key, est in estimates.items():
            rows.append(_estimate_row(key, est))
            index.append((group, key))
    frame = pd.DataFrame(
        rows, index=pd.MultiIndex.from_tuples(index, names=[level, "measure"])
    )
    return frame.reindex(columns=ESTIMATE_COLUMNS)


def read_csv_text(text: str) -> pd.DataFrame:
    """A CSV text as a table."""
    return pd.read_csv(io.StringIO(text))


class RunResult:
    """What :func:`staffsim.run` returns: the command line's ``summary.json``,
    ``timeseries.csv``, ``monthly.csv`` (and ``windows.csv``) as tables.

    Estimates are means over the replications with 95 % confidence intervals (``ci_low``,
    ``ci_high``), their standard deviation over replications (``std_dev``), the number of
    replications (``n``) and the measure's ``unit``: ``share`` is a fraction in [0, 1],
    ``seconds`` and ``hours`` are durations, ``count`` is contacts (or agents, problems),
    ``currency`` is the scenario's cost unit, ``score 1-5`` a survey score.
    """

    def __init__(
        self,
        summary_json: str,
        timeseries_csv: str,
        monthly_csv: str,
        windows_csv: Optional[str],
        warnings: List[str],
        contacts: int,
        seconds: float,
    ) -> None:
        self._json = summary_json
        self._timeseries = timeseries_csv
        self._monthly = monthly_csv
        self._windows = windows_csv
        #: Warnings about the scenario and the run (a backlog at the end), as the command
        #: line prints them.
        self.warnings = list(warnings)
        #: Contacts simulated, over all replications (warm-up included).
        self.contacts = contacts
        #: Wall-clock time of the simulation, in seconds.
        self.seconds = seconds

    def to_json(self) -> str:
        """The run as ``staffsim run --json`` prints it, byte for byte."""
        return self._json

    def save(self, folder: str) -> None:
        """Writes ``summary.json``, ``timeseries.csv``, ``monthly.csv`` (and ``windows.csv``)
        into ``folder`` as ``staffsim run --out`` does: locked against another writer, each
        file atomically, and ``outputs.json`` last, so ``staffsim report`` reads it."""
        files = [
            ("summary.json", self._json),
            ("timeseries.csv", self._timeseries),
            ("monthly.csv", self._monthly),
        ]
        if self._windows is not None:
            files.append(("windows.csv", self._windows))
        _staffsim.save_outputs(str(folder), "run", files)

    @cached_property
    def summary(self) -> Dict[str, Any]:
        """``summary.json`` as a dict."""
        return json.loads(self._json)

    @property
    def kpis(self) -> pd.DataFrame:
        """The whole centre's measures over the measurement window, indexed by measure key."""
        return estimates_table(self.summary["kpis"])

    @property
    def by_intent(self) -> pd.DataFrame:
        """The measures of each intent, indexed by (intent, measure)."""
        return grouped_table(self.summary["by_intent"], "intent")

    @property
    def by_channel(self) -> pd.DataFrame:
        """The measures of each channel, indexed by (channel, measure)."""
        return grouped_table(self.summary["by_channel"], "channel")

    @property
    def by_pool(self) -> pd.DataFrame:
        """The measures of each pool of agents, indexed by (pool, measure)."""
        return grouped_table(self.summary["by_pool"], "pool")

    @property
    def replications(self) -> pd.DataFrame:
        """One row per replication: its value of every measure (no intervals)."""
        return pd.DataFrame(self.summary["replications"]).set_index("replication")

    @property
    def timeseries(self) -> pd.DataFrame:
        """``timeseries.csv``: each reporting interval's measures, averaged over replications
        (``start_seconds`` from the start of the run)."""
        return read_csv_text(self._timeseries)

    @property
    def monthly(self) -> pd.DataFrame:
        """``monthly.csv``: each report month's measures (the mean, then ``_ci_low`` and
        ``_ci_high`` columns), calendar months when the scenario has a ``start``."""
        return read_csv_text(self._monthly)

    @property
    def windows(self) -> Optional[pd.DataFrame]:
        """``windows.csv``: the measures of each of the scenario's ``[[windows]]``, or ``None``."""
        return None if self._windows is None else read_csv_text(self._windows)

    @property
    def targets(self) -> pd.DataFrame:
        """The scenario's targets and whether each is met."""
        return pd.DataFrame(self.summary["targets"])

    def __repr__(self) -> str:
        name = self.summary["scenario"]["name"]
        n = self.summary["scenario"]["replications"]
        return f"<RunResult {name!r}: {n} replications, {self.contacts} contacts>"


class OutputFolder:
    """The files a command line command wrote into its output folder, as tables.

    ``tables`` holds every CSV file as a table (by file stem: ``results``, ``plan``, ...),
    ``documents`` every JSON file as a dict (``manifest``, ``staff``, ...), and
    :attr:`scenario` the scenario the command derived (``staffed.toml``, ``scheduled.toml``,
    ``fitted.toml``), if any. ``folder`` is where the files are; ``output`` what the command
    printed.
    """

    def __init__(self, folder: Path, output: str, base: Optional[Scenario]) -> None:
        #: The folder the command wrote (a temporary one unless ``out`` was given).
        self.folder = folder
        #: What the command printed: its table, as on the terminal.
        self.output = output
        self._base = base
        self.tables: Dict[str, pd.DataFrame] = {}
        self.documents: Dict[str, Any] = {}
        #: The text of the scenario the command derived, or ``None``.
        self.scenario_text: Optional[str] = None
        self._derived_path: Optional[Path] = None
        self._scenario: Optional[Scenario] = None
        for path in sorted(folder.iterdir()):
            if path.name.startswith("."):
                continue
            if path.suffix == ".csv":
                self.tables[path.stem] = pd.read_csv(path)
            elif path.suffix == ".json":
                self.documents[path.stem] = json.loads(path.read_text(encoding="utf-8"))
            elif path.suffix == ".toml":
                self.scenario_text = path.read_text(encoding="utf-8")
                self._derived_path = path

    @property
    def scenario(self) -> Optional[Scenario]:
        """The scenario the command derived (``staffed.toml``, ``scheduled.toml``,
        ``fitted.toml``), or ``None``. A draft that needs more (a fit from a history without
        handle times) raises :class:`staffsim.ScenarioError` saying what to add."""
        if self._scenario is None and self._derived_path is not None:
            self._scenario = self._derived(self._derived_path)
        return self._scenario

    def _derived(self, path: Path) -> Scenario:
        """The scenario a command wrote, its relative file names made to work from the base
        scenario's folder (the output folder may be temporary)."""
        text = self.scenario_text or ""
        if self._base is None:
            return Scenario(text, str(path), path.stem)
        file = self._base.file
        folder = str(Path(file).parent) if file != "<string>" else "."
        rebased = _staffsim.rebase(text, str(path), folder)
        return Scenario(rebased, file, path.stem)

    def __getitem__(self, name: str) -> Any:
        """A table (CSV) or document (JSON) by file stem."""
        if name in self.tables:
            return self.tables[name]
        return self.documents[name]

    def __repr__(self) -> str:
        names = sorted(list(self.tables) + list(self.documents))
        return f"<{type(self).__name__}: {', '.join(names)}>"


class SweepResult(OutputFolder):
    """What :func:`staffsim.sweep` returns: the sweep's files as tables (see
    :class:`OutputFolder`); each point's settings are columns named by key path."""

    @property
    def results(self) -> pd.DataFrame:
        """``results.csv``: one row per point, each measure's ``_mean``, ``_sd``, ``_ci_low``
        and ``_ci_high``."""
        return self.tables["results"]

    @property
    def pareto(self) -> pd.DataFrame:
        """``pareto.csv``: the points on the cost–quality frontier."""
        return self.tables["pareto"]

    @property
    def differences(self) -> pd.DataFrame:
        """``differences.csv``: each point minus the baseline point, paired by replication
        (common random numbers), with 95 % intervals (``_diff``, ``_diff_ci_low``,
        ``_diff_ci_high``)."""
        return self.tables["differences"]

    @property
    def replications(self) -> pd.DataFrame:
        """``replications.csv``: every replication of every point."""
        return self.tables["replications"]

    @property
    def sensitivity(self) -> Optional[pd.DataFrame]:
        """``sensitivity.csv`` of a Latin-hypercube sweep (rank regression coefficients with
        intervals), or ``None``."""
        return self.tables.get("sensitivity")

    @property
    def manifest(self) -> Dict[str, Any]:
        """``manifest.json``: the sweep's axes, points, seed and files."""
        return self.documents["manifest"]

