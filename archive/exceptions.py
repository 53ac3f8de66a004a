"""The archive's exceptions.

Every error the archive raises on purpose is an ``ArchiveError``, so the CLI can
turn it into one line on stderr::

    ArchiveError
    ├── ConfigError          bad database URL, unusable data directory
    ├── DatabaseError        the database refused or failed an operation
    │   ├── SchemaError      the schema is missing, newer than this code, or broken
    │   └── StorageError     it cannot write: disk full, I/O error, read-only
    ├── NotFound             no article or version for the URL or id asked for
    └── QueryError           a search query that cannot be run
"""

from __future__ import annotations

__all__ = [
    "ArchiveError",
    "ConfigError",
    "DatabaseError",
    "NotFound",
    "QueryError",
    "SchemaError",
    "StorageError",
]


class ArchiveError(Exception):
    """Base class of every error the archive raises on purpose."""


class ConfigError(ArchiveError):
    """The archive's configuration (URL, data directory) is unusable."""


class DatabaseError(ArchiveError):
    """The database refused or failed an operation."""


class SchemaError(DatabaseError):
    """The database schema is missing, newer than this code, or broken."""


class StorageError(DatabaseError):
    """The database cannot write at all: its disk is full, an I/O error, or it
    is read-only. Nothing was written; retrying before that is fixed is futile."""


class NotFound(ArchiveError):
    """No article or version matches what was asked for."""


class QueryError(ArchiveError):
    """A search query that cannot be run, with the reason."""
