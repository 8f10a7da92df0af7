"""Errors a user can act on. Each message names what was wrong and what to do next."""


class ExlibError(Exception):
    """Base of every error exlib reports to a user; the message is meant to be shown as is."""


class InvalidExampleError(ExlibError):
    """An example folder or stored version cannot be accepted (bad meta.yaml, unsafe files, ...)."""


class UnsafePathError(InvalidExampleError):
    """A path would escape its folder, hide in `.git/`, or is otherwise not a plain relative path."""


class ExampleTooLargeError(InvalidExampleError):
    """A file or a whole example is over the configured size limit."""


class InvalidVersionError(ExlibError):
    """A version tag or a version constraint cannot be parsed."""


class NotFoundError(ExlibError):
    """An example, version, course or content that was named does not exist."""


class VersionConflictError(ExlibError):
    """A version tag already exists with different content; versions are immutable."""


class DependencyError(ExlibError):
    """A dependency is unknown or the dependencies form a cycle."""


class StorageError(ExlibError):
    """The example storage refused or failed an operation."""


class DatabaseNotReadyError(ExlibError):
    """The application database has no schema, or an older one, than this code needs."""


class GitHostError(ExlibError):
    """A course repository could not be created, reached, fetched or pushed; never holds credentials."""
