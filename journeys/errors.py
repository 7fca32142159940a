"""One exception tree for everything journeys reports to a user.

Every error a user can cause derives from :class:`JourneysError`, so the command-line tool can turn
any of them into one clean message instead of a traceback. Errors about a record carry the file,
line and column, because a record is written by hand and the fix is always an edit at a place.
"""

from __future__ import annotations

from pathlib import Path


class JourneysError(Exception):
    """Base class of all errors journeys raises for bad input or an impossible request."""


class RecordError(JourneysError, ValueError):
    """A journey record that cannot be used, located at a line and column of its file.

    ``line`` and ``column`` count from 1, as editors do.
    """

    def __init__(self, path: Path | str, line: int, column: int, problem: str, fix: str) -> None:
        self.path = Path(path)
        self.line = line
        self.column = column
        self.problem = problem
        self.fix = fix
        super().__init__(f"{self.path}:{line}:{column}: {problem}. Fix: {fix}")

    def __reduce__(self) -> tuple[type, tuple[object, ...]]:  # made again from its parts in another process
        return type(self), (self.path, self.line, self.column, self.problem, self.fix)


class RecordProblem(ValueError):
    """A problem found in a parsed record, located by its path of keys and indexes.

    The record loader turns it into a :class:`RecordError` with the line and column of that path.
    """

    def __init__(self, loc: tuple[str | int, ...], problem: str, fix: str) -> None:
        self.loc = loc
        self.problem = problem
        self.fix = fix
        super().__init__(f"{problem}. Fix: {fix}")

    def __reduce__(self) -> tuple[type, tuple[object, ...]]:
        return type(self), (self.loc, self.problem, self.fix)


class TimeFormatError(JourneysError, ValueError):
    """A reported time that does not follow the time grammar of docs/records.md."""


class GeocodeError(JourneysError, LookupError):
    """A place name that cannot be resolved, or resolves to several places.

    ``problem`` and ``fix`` are kept apart so that a record error can show them in its own form.
    """

    def __init__(self, problem: str, fix: str = "") -> None:
        self.problem = problem
        self.fix = fix
        super().__init__(f"{problem}. {fix}" if fix else problem)

    def __reduce__(self) -> tuple[type, tuple[object, ...]]:
        return type(self), (self.problem, self.fix)

    def __str__(self) -> str:  # LookupError would quote the message
        return str(self.args[0])


class AmbiguousPlaceError(GeocodeError):
    """A name that several places share, which the stop's country and neighbours cannot settle."""


class RoutingError(JourneysError):
    """A leg that cannot be routed on the rail network."""


class NetworkFileError(JourneysError, ValueError):
    """A network file that cannot be read or has no usable line geometry."""


class UnknownJourneyError(JourneysError, KeyError):
    """A journey id that no record folder holds."""

    def __str__(self) -> str:  # KeyError would quote the whole message
        return str(self.args[0])
