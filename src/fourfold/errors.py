"""Error types a user can cause, each mapped to an exit code from SPEC.md.

Every error carries a message that names the file (row, field) at fault and what
to do. The CLI prints ``str(error)`` and exits with ``error.exit_code``; it shows
a traceback only with ``--debug``.
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2
EXIT_DATA = 3


class FourfoldError(Exception):
    """Base of fourfold's expected errors. Exit code 1."""

    exit_code = EXIT_FAILURE


class UsageError(FourfoldError):
    """Bad command-line usage. Exit code 2."""

    exit_code = EXIT_USAGE


class RecipeError(UsageError):
    """A recipe that does not validate (unknown key, wrong type). Exit code 2."""


class DataError(FourfoldError):
    """Bad or missing data: a file that fails validation or cannot be found. Exit code 3."""

    exit_code = EXIT_DATA


class RunFolderError(FourfoldError):
    """A run folder that is missing, incomplete or cannot be written. Exit code 1."""


class TrainingError(FourfoldError):
    """Training that cannot go on (for example a NaN loss). Exit code 1."""
