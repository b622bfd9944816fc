"""The one exception hierarchy of spacekg; the CLI turns it into messages and exit codes."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """Documented process exit codes (README, "Exit codes")."""

    OK = 0
    INTERNAL = 1
    USAGE = 2
    INPUT = 3
    QUERY = 4
    LIMIT = 5
    FINDINGS = 6
    REMOTE = 7
    """remote service error: Wikidata, a Graph Store or a SPARQL endpoint"""
    INTERRUPTED = 130


class SpaceKGError(Exception):
    """Base class for spacekg errors: one readable line, no traceback needed."""

    exit_code: ExitCode = ExitCode.INTERNAL


class UsageError(SpaceKGError):
    """A command was given a value it cannot use: an unknown name, an unresolvable date, a duplicate,
    options that cannot work together, or a malformed URL."""

    exit_code = ExitCode.USAGE


class InputError(SpaceKGError):
    """A data, ontology or article file is missing, unreadable or malformed."""

    exit_code = ExitCode.INPUT


class OutputError(InputError):
    """An output cannot be written: a closed standard output, a full disk, a read-only directory,
    or a target that is one of the project's own inputs. Exit code 3, like input errors."""


class QueryError(SpaceKGError):
    """A query is malformed, refused, unknown, or given a bad parameter."""

    exit_code = ExitCode.QUERY


class QueryNotFoundError(QueryError):
    """No stored query has the requested name."""


class LimitError(SpaceKGError):
    """A time, size or row limit was reached."""

    exit_code = ExitCode.LIMIT


class InconsistencyError(SpaceKGError):
    """The reasoner found facts that contradict the ontology."""

    exit_code = ExitCode.FINDINGS


class RemoteError(SpaceKGError):
    """A remote service could not be reached, refused the request, or answered with an error."""

    exit_code = ExitCode.REMOTE


class WikidataError(RemoteError):
    """Wikidata could not be reached, refused the request, or answered with an error or bad JSON."""


class UnsupportedConstruct(SpaceKGError):
    """The ontology uses an OWL construct the chosen reasoner does not implement."""

    exit_code = ExitCode.FINDINGS


class MissingExtraError(UsageError):
    """A feature needs an optional dependency that is not installed (``pip install 'spacekg[EXTRA]'``)."""


class WorkerFailure(RuntimeError):
    """A bug met in a worker process (not a :class:`SpaceKGError`): the message names the
    exception, ``details`` holds the worker's traceback, which ``--debug`` shows."""

    def __init__(self, message: str, details: str = "") -> None:
        super().__init__(message)
        self.details = details

    def __reduce__(self) -> tuple[type[WorkerFailure], tuple[str, str]]:
        return type(self), (str(self), self.details)

    @classmethod
    def caught(cls, exc: BaseException) -> WorkerFailure:
        """``exc``, just caught in a worker, as its kind and message, with its traceback."""
        import traceback

        return cls(f"{type(exc).__name__}: {exc}", "".join(traceback.format_exception(exc)))

    def reached(self, what: str) -> WorkerFailure:
        """This failure as the parent raises it: what failed, then the worker's exception."""
        return WorkerFailure(f"{what}: {self}", self.details)
