"""Errors a user can cause: each has its own type; the CLI prints them as one line (exit 2)."""


class UserError(Exception):
    """Base of every error caused by user input; `str(err)` is the one-line message."""

    exit_code = 2


class BadArgument(UserError):
    """A command-line value that cannot be used (URL, date, format, path)."""


class DataDirError(UserError):
    """The data directory is missing, not writable, or not an archive."""


class StoreError(UserError):
    """The archive database cannot be opened or is not an archive."""


class QueryError(UserError):
    """A search query that cannot be parsed."""


class IndexMissing(UserError):
    """There is no search index yet (run a crawl or `reindex`)."""


class IndexCorrupt(UserError):
    """The search index cannot be read (damaged files, unknown format)."""


class IndexBusy(UserError):
    """Another process holds the index write lock longer than we wait."""


class CrawlError(UserError):
    """A crawl that cannot start (unreachable start URL, robots.txt forbids everything, ...)."""
