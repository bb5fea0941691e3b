"""The one exception tree of truce.

Every error a user can cause is a ``TruceError``; the CLI maps the tree once to exit codes
(``truce.cli``) and the API maps it once to HTTP statuses (``truce.api.errors``). Anything
that is not a ``TruceError`` is a bug: exit status 1, HTTP 500, never a traceback shown.

    TruceError
    ├── InvalidInput          a value a user gave is wrong (names the field)      exit 2, HTTP 422
    │   └── ScenarioError     an agreement file is wrong (names file and field)    exit 2, HTTP 422
    ├── NotFound              the thing named does not exist                       exit 2, HTTP 404
    ├── Conflict              the request contradicts what is stored               exit 2, HTTP 409
    ├── NotPermitted          the rules forbid this action for this user/state     exit 2, HTTP 403
    │   └── NotAuthenticated  no valid credentials (token, password) were given    exit 2, HTTP 401
    ├── TooLarge              a request body or file is over the configured limit  exit 2, HTTP 413
    ├── RateLimited           too many attempts (logins); says when to retry       exit 2, HTTP 429
    └── StoreUnavailable      the database cannot be opened or reached             exit 1, HTTP 503
"""

from __future__ import annotations


class TruceError(Exception):
    """Base of every error truce reports to a user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class InvalidInput(TruceError):
    """A value given by a user is wrong; ``field`` is its dotted path (``actors.0.role``)."""

    def __init__(self, field: str, problem: str) -> None:
        self.field = field
        self.problem = problem
        super().__init__(f"{field}: {problem}" if field else problem)


class ScenarioError(InvalidInput):
    """A scenario file is wrong: names the file, the field path and what is wrong."""

    def __init__(self, path: str, field: str, problem: str) -> None:
        self.path = path
        super().__init__(field, problem)
        location = f"{path}: {field}" if field else path
        self.message = f"{location}: {problem}"


class NotFound(TruceError):
    """The thing named (an incident, an agreement, an actor) does not exist."""


class Conflict(TruceError):
    """The request contradicts what is already stored (a second agreement, a stale version)."""


class NotPermitted(TruceError):
    """The rules forbid this action for this user or in this state."""


class NotAuthenticated(NotPermitted):
    """No valid credentials: a missing, unknown, expired or revoked token, or a wrong password."""


class TooLarge(TruceError):
    """A request body or an uploaded file is larger than the configured limit."""


class RateLimited(TruceError):
    """Too many attempts in a short time; ``retry_after`` is the wait in whole seconds."""

    def __init__(self, message: str, *, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class StoreUnavailable(TruceError):
    """The database cannot be opened or reached."""
