"""What can stop papi-xl, as a small hierarchy (the texts are in :mod:`papi_xl.messages`).

* :class:`InputError` — an input cannot be used at all:
  :class:`UnreadableInput` (missing, not a spreadsheet, corrupt, password, no task table),
  :class:`HostileInput` (zip bomb, XML entities), :class:`InputTooLarge` (over a limit);
* :class:`UsageError` — a wrong argument or option;
* :class:`OutputError` — a result cannot be written (no permission, file open in Excel, more rows
  than a sheet holds).

Everything else a file can be wrong about is a finding (:mod:`papi_xl.registry`), not an error.
The command line maps these classes to exit codes, the Excel buttons to a message box; a merge turns
an :class:`InputError` into a rejected register entry.  ``code`` is a short machine-readable reason.
"""

from __future__ import annotations


class PapiError(Exception):
    """Base class: ``message`` is Vietnamese and says what to do; ``code`` is machine-readable."""

    default_code = "error"

    def __init__(self, message: str, code: str | None = None):
        super().__init__(message)
        self.message = message
        self.code = code or self.default_code


class InputError(PapiError):
    """An input file cannot be used."""

    default_code = "unreadable"


class UnreadableInput(InputError):
    """Missing, not a spreadsheet / Word document, corrupt, password-protected, or without a task table."""


class HostileInput(InputError):
    """Built to exhaust memory or time (zip bomb, XML entity declarations)."""

    default_code = "hostile"


class InputTooLarge(InputError):
    """Over a resource limit (file size, rows, columns, parts)."""

    default_code = "too-large"


class UsageError(PapiError):
    """A wrong argument or option."""

    default_code = "bad-argument"


class OutputError(PapiError):
    """A result cannot be written."""

    default_code = "cannot-write"
