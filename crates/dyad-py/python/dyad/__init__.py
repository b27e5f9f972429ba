"""dyad: political event data (CAMEO / PLOVER) from news text.

The engine is dyad's Rust core; this package is a thin binding of it.

>>> import dyad
>>> events = dyad.code("Japan urged North Korea to return to talks.", date="2014-03-14")
>>> [(e["source"]["code"], e["cameo"], e["target"]["code"]) for e in events]  # doctest: +SKIP
[('JPN', '...', 'PRK')]

* :func:`code` -- the events of one text, as dicts with the fields of ``dyad code``'s JSON Lines.
* :func:`annotate` -- every layer of one text, as the dict ``dyad annotate`` prints.
* :class:`Pipeline` -- the pipeline with its worker threads: ``code_batch`` codes many
  documents on every core without holding the GIL, ``code_arrow`` codes a pyarrow
  ``RecordBatch`` of articles into a ``RecordBatch`` of events.
* :func:`event_schema` -- the pyarrow schema of dyad's event Parquet files.
* ``python -m dyad.spark`` -- the same engine on Apache Spark (see :mod:`dyad.spark`).
"""

from __future__ import annotations

import datetime as _dt
import threading as _threading
from typing import Any

from dyad._dyad import DyadError, Pipeline, __version__, event_schema

__all__ = ["DyadError", "Pipeline", "__version__", "annotate", "code", "event_schema"]

_default: Pipeline | None = None
_default_lock = _threading.Lock()


def _pipeline() -> Pipeline:
    """The process-wide pipeline of :func:`code` and :func:`annotate`, made on first use."""
    global _default
    if _default is None:
        with _default_lock:
            if _default is None:
                _default = Pipeline()
    return _default


def code(
    text: str,
    date: str | _dt.date | None = None,
    doc_id: str | None = None,
) -> list[dict[str, Any]]:
    """The events of one text.

    Each event is a dict with the fields of ``dyad code``'s JSON Lines records (``doc_id``,
    ``event_id``, ``date``, ``source``, ``target``, ``cameo``, ``plover``, ``evidence``, ...;
    see ``docs/formats.md``).

    :param text: the article text. Blank text has no events.
    :param date: the publication date (``"2014-03-14"``, an ISO 8601 timestamp, an RFC 2822
        date, or a ``datetime.date``); without it, a dateline in the text is used if any.
    :param doc_id: the document id written in each event (default ``"doc"``); it also enters
        the stable ``event_id``.
    :raises TypeError: when ``text`` is not a ``str``.
    :raises ValueError: for a date that cannot be read, or a text over 16 MiB.
    """
    return _pipeline().code(text, date=date, doc_id=doc_id)


def annotate(
    text: str,
    date: str | _dt.date | None = None,
    doc_id: str | None = None,
) -> dict[str, Any]:
    """Every layer of one text: the dict ``dyad annotate`` prints.

    Keys: the metadata (``id``, ``date``, ...), ``text``, ``tokens`` (with tags, lemmas and
    dependency heads), ``sentences``, ``entities``, ``actors``, ``dates``, ``places``,
    ``quotes`` and ``events``. Arguments and errors as for :func:`code`.
    """
    return _pipeline().annotate(text, date=date, doc_id=doc_id)
