"""A scenario: the TOML text of a scenario file, validated, with the file it came from."""

from __future__ import annotations

import copy as _copy
import json
import os
from pathlib import Path
from typing import Any, Dict, List, Optional, Union

from . import _staffsim

PathLike = Union[str, "os.PathLike[str]"]

#: The name a scenario given as text or as a dict takes when it has no ``name``.
DEFAULT_NAME = "scenario"

#: What names a scenario that came from no file in messages (as the command line's ``<input>``).
TEXT_FILE = "<string>"


class Scenario:
    """A validated scenario, the same as a scenario file for ``staffsim run``.

    Build one with :meth:`load` (a file), :meth:`from_toml` (text) or :meth:`from_dict` (the
    tables as nested dicts); change a setting with :meth:`set`, by the key paths the sweeps
    use (``"intents.refund.ai.containment"``, ``"pools.chat_agents.agents"``); write it back
    with :meth:`to_toml` or :meth:`save`. Every change is validated at once: a bad value raises
    :class:`staffsim.ScenarioError` naming the key.

    Durations and rates in the scenario carry their units as in the file (``"4m30s"``,
    ``"2880/h"``); shares are fractions in [0, 1]. Relative file names in the scenario (a rates
    file, a pool's schedule file) are found from the folder of :attr:`file`.
    """

    __slots__ = ("_text", "_file", "_default_name", "_name", "_pristine")

    def __init__(
        self,
        text: str,
        file: Optional[PathLike] = None,
        default_name: str = DEFAULT_NAME,
    ) -> None:
        """Validates scenario ``text``; ``file`` names it in errors and is the folder its
        relative file names start from (the working directory when ``None``)."""
        self._text = str(text)
        self._file = TEXT_FILE if file is None else os.fspath(file)
        self._default_name = default_name
        self._name = _staffsim.validate(self._text, self._file, self._default_name)
        # Still the file on disk, unchanged: commands then read the file itself.
        self._pristine = False

    @classmethod
    def load(cls, path: PathLike) -> "Scenario":
        """Reads and validates the scenario file at ``path``; named after the file's stem unless
        the file has a ``name``. Raises :class:`OSError` if the file cannot be read and
        :class:`staffsim.ScenarioError` (file, line, column, key) if it is not valid."""
        file = os.fspath(path)
        with open(file, encoding="utf-8") as f:
            text = f.read()
        scenario = cls(text, file, Path(file).stem)
        scenario._pristine = True
        return scenario

    @classmethod
    def from_toml(cls, text: str, file: Optional[PathLike] = None) -> "Scenario":
        """The scenario in TOML ``text`` (see :class:`Scenario`)."""
        return cls(text, file)

    @classmethod
    def from_dict(cls, tables: Dict[str, Any], file: Optional[PathLike] = None) -> "Scenario":
        """The scenario whose tables are the nested dicts and lists of ``tables``, as
        ``tomllib`` would read the file: ``{"simulation": {"horizon": "1d"}, "intents": [...]}``.
        """
        text = _staffsim.toml_from_json(json.dumps(tables, allow_nan=False))
        return cls(text, file)

    @property
    def name(self) -> str:
        """The scenario's name (its ``name``, or the file's stem)."""
        return self._name

    @property
    def file(self) -> str:
        """The file the scenario came from as given, or ``"<string>"``."""
        return self._file

    @property
    def warnings(self) -> List[str]:
        """Settings that are allowed but probably not meant, as the command line warns."""
        return list(_staffsim.warnings(self._text, self._file, self._default_name))

    def set(self, path: str, value: Any) -> None:
        """Sets the setting at key ``path`` to ``value`` in place and validates the result.

        ``path`` is a sweep's key path: tables by key, the arrays of tables ``intents`` and
        ``pools`` by the ``name`` of their element (``"intents.refund.ai.containment"``,
        ``"pools.chat_agents.agents"``). ``value``
        is a number, a string with its unit (``"4m30s"``, ``"2880/h"``), a bool, a list or a
        dict. The TOML text is written anew, without the file's comments. Raises
        :class:`staffsim.ScenarioError` if the path names nothing or the value is refused; the
        scenario is then unchanged.
        """
        self.update({path: value})

    def update(self, settings: Dict[str, Any]) -> None:
        """Sets every ``path: value`` of ``settings`` at once (see :meth:`set`): a change that is
        valid only together with another (two shares that must add up to 1) is made whole."""
        pairs = [[p, v] for p, v in settings.items()]
        text = _staffsim.edit(self._text, self._file, json.dumps(pairs, allow_nan=False))
        name = _staffsim.validate(text, self._file, self._default_name)
        self._text, self._name, self._pristine = text, name, False

    def to_toml(self) -> str:
        """The scenario as TOML text, as :func:`staffsim.run` reads it."""
        return self._text

    def to_dict(self) -> Dict[str, Any]:
        """The scenario's tables as nested dicts and lists (the inverse of :meth:`from_dict`)."""
        return json.loads(_staffsim.json_from_toml(self._text))

    def save(self, path: PathLike) -> None:
        """Writes the scenario as a TOML file at ``path`` (through a temporary file, renamed,
        so a failure leaves no half-written file). Relative file names in the scenario are
        written relative to the new file's folder."""
        target = Path(path)
        write_atomic(target, self._relative_to(target.parent))

    def copy(self) -> "Scenario":
        """An independent copy, to change without changing this one."""
        return _copy.copy(self)

    def _relative_to(self, folder: PathLike) -> str:
        """The text with its relative file names rewritten for a file in ``folder``."""
        return _staffsim.rebase(self._text, self._file, os.fspath(folder))

    def __copy__(self) -> "Scenario":
        other = Scenario.__new__(Scenario)
        for slot in Scenario.__slots__:
            setattr(other, slot, getattr(self, slot))
        return other

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, Scenario)
            and self._text == other._text
            and self._file == other._file
        )

    def __hash__(self) -> int:
        return hash((self._text, self._file))

    def __repr__(self) -> str:
        return f"Scenario(name={self._name!r}, file={self._file!r})"


def write_atomic(path: Path, text: str) -> None:
    """Writes ``text`` to ``path`` through a temporary name in the same folder, renamed into
    place: a failure leaves the old file or none, never half of the new one."""
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()
