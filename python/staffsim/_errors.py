"""The exceptions staffsim raises."""

from __future__ import annotations

from typing import Any, Optional


class StaffsimError(Exception):
    """Base class of staffsim's own errors."""


class ScenarioError(StaffsimError, ValueError):
    """A scenario that cannot be used, located as the command line locates it.

    ``str(error)`` is the command line's message (``desk.toml:3:1: `simulation.horizn`: ...``,
    followed by the offending line). The parts are attributes:

    - ``file``: the scenario file as given (``"<string>"`` for text), or ``None``;
    - ``line``, ``column``: where the problem is, from 1 (``None`` if the file could not be
      read);
    - ``key``: the key path, such as ``intents[0] (general).handle_time.cv`` (an element of
      a list of tables by its index and name);
    - ``message``: what is wrong and what was expected.
    """

    def __init__(
        self,
        text: str,
        file: Optional[str],
        line: Optional[int],
        column: Optional[int],
        key: Optional[str],
        message: str,
    ) -> None:
        super().__init__(text)
        self.file = file
        self.line = line
        self.column = column
        self.key = key
        self.message = message


class InputError(StaffsimError, ValueError):
    """An option that the command refuses (the command line's exit status 2)."""


class CommandError(StaffsimError, RuntimeError):
    """A command that failed while doing its work (the command line's exit status 1), such as
    an output folder that cannot be written."""


class Infeasible(StaffsimError):
    """A search that ran and found no plan within its bounds meeting the targets (the command
    line's exit status 3). What it found is in ``result``, as the command line writes it."""

    def __init__(self, message: str, result: Any) -> None:
        super().__init__(message)
        self.result = result
