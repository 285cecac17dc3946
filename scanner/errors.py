"""One exception tree for everything the scanner reports to a user.

::

    ScannerError (exit 1 unless a subclass says otherwise)
    ├── UsageError            2  bad flags, unknown module, bad list file
    ├── InputError            3  missing file, not a PDF, encrypted, no text layer, not an id
    ├── FetchError            4  arXiv not found / withdrawn / unreachable
    ├── EngineError           5  the LLM engine never produced an answer
    ├── RubricError           2  broken rubric file, duplicate id, unknown detector
    ├── PolicyError           2  broken policy file (a *failed* policy is exit 1, not an error)
    └── OutputError           1  scan failed schema validation or could not be written

Every error carries the context a user needs (path, url, attempt, question id) in its message
and says what to do next; the CLI prints ``str(error)`` on one line and returns ``exit_code``.
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_POLICY_FAILED = 1
EXIT_USAGE = 2
EXIT_UNREADABLE = 3
EXIT_FETCH = 4
EXIT_ENGINE = 5
EXIT_BATCH_PARTIAL = 6


class ScannerError(Exception):
    """Base of every error the scanner raises on purpose."""

    exit_code = EXIT_POLICY_FAILED

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        self.message = message
        self.hint = hint
        super().__init__(self.one_line())

    def one_line(self) -> str:
        """The message and the hint as a single line for the terminal."""
        text = " ".join(self.message.split())
        if self.hint:
            text += f" ({' '.join(self.hint.split())})"
        return text


class UsageError(ScannerError):
    """The command line or a list/config file is malformed."""

    exit_code = EXIT_USAGE


class InputError(ScannerError):
    """The paper cannot be read: missing, not a PDF, encrypted, no text, not an id."""

    exit_code = EXIT_UNREADABLE


class FetchError(ScannerError):
    """A remote paper could not be fetched (not found, withdrawn, network)."""

    exit_code = EXIT_FETCH


class EngineError(ScannerError):
    """The answer engine (LLM) failed for good."""

    exit_code = EXIT_ENGINE


class RubricError(ScannerError):
    """A rubric file is broken, an id is duplicated or a detector is unknown."""

    exit_code = EXIT_USAGE


class PolicyError(ScannerError):
    """A policy file is malformed (unknown item id, bad waiver)."""

    exit_code = EXIT_USAGE


class OutputError(ScannerError):
    """The scan could not be validated or written."""

    exit_code = EXIT_POLICY_FAILED
