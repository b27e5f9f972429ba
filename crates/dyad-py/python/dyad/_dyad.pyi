"""Type stubs of dyad's native module (crates/dyad-py/src/lib.rs)."""

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

import pyarrow

__version__: str

class DyadError(Exception):
    """The pipeline did not load, or an output could not be built."""

class Pipeline:
    """dyad's pipeline (loaded once per process) with a pool of worker threads.

    :param threads: worker threads of ``code_batch`` and ``code_arrow`` (default: every core).
    :param max_bytes: longest text accepted, in UTF-8 bytes (default 16 MiB); longer texts
        raise ``ValueError``.
    :param targetless: also return records with no coded target whose act is directed at
        someone (``dyad code --targetless``).
    :param hypothetical: also return acts only asked for, conditional or alleged
        (``dyad code --hypothetical``).
    :param dyadic: return only events with a coded target (``dyad code --dyadic``).
    """

    def __init__(
        self,
        threads: int | None = None,
        max_bytes: int = 16777216,
        targetless: bool = False,
        hypothetical: bool = False,
        dyadic: bool = False,
    ) -> None: ...
    @property
    def threads(self) -> int:
        """Number of worker threads."""
    @property
    def max_bytes(self) -> int:
        """Longest text accepted, in bytes."""
    def code(
        self,
        text: str,
        date: str | datetime.date | None = None,
        doc_id: str | None = None,
    ) -> list[dict[str, Any]]:
        """The events of one text, as dicts with the fields of ``dyad code``'s JSON Lines."""
    def annotate(
        self,
        text: str,
        date: str | datetime.date | None = None,
        doc_id: str | None = None,
    ) -> dict[str, Any]:
        """Every layer of one text, as the dict ``dyad annotate`` prints."""
    def code_batch(
        self, docs: Iterable[str | Mapping[str, Any]]
    ) -> list[list[dict[str, Any]]]:
        """The events of many documents, coded on every worker thread without the GIL.

        Each document is a ``str`` or a dict with ``text`` and optional ``id``, ``date``,
        ``title``, ``url``, ``source``; ids default to ``doc:N`` (1-based position).
        Returns one list of events per document, in input order.
        """
    def code_arrow(
        self, batch: pyarrow.RecordBatch, strict: bool = False
    ) -> pyarrow.RecordBatch:
        """The events of a batch of articles, as a batch in the schema of ``event_schema()``.

        Columns read: ``text`` (required), ``id``, ``date`` (string or date32), ``title``,
        ``url``, ``source``; others are ignored. Rows whose text is null or blank, or whose
        date cannot be read, have no events, or raise ``ValueError`` when ``strict``.
        """

def event_schema() -> pyarrow.Schema:
    """The schema of dyad's event Parquet files (``dyad export --format parquet``)."""
