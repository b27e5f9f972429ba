"""dyad on Apache Spark: code a corpus of articles on every executor and write the events as
Parquet partitioned by date.

Command line::

    python -m dyad.spark --input PATH [PATH ...] --output DIR [--master URL]
                         [--input-format auto|jsonl|parquet] [--mode error|overwrite]
                         [--threads N] [--partitions N]

or, on a cluster, ``spark-submit`` of a two-line driver that calls :func:`main` (see
``docs/scale.md``).

How it works: the articles (JSON Lines with ``id``, ``text`` and optional ``date``, ``title``,
``url``, ``source``; or Parquet with those columns) are read by Spark, coded by
:meth:`dyad.Pipeline.code_arrow` inside ``mapInArrow`` -- the pipeline is loaded once per
Python worker process and reused by every batch and task that process runs -- and written
with ``DataFrameWriter.partitionBy("date").parquet(DIR)``, through Spark's output committer
only: a failed or speculative task attempt leaves no rows behind, so retries never duplicate
events. The columns are those of ``dyad export --format parquet`` (:func:`dyad.event_schema`);
``date`` is the partition column (``date=2014-03-14/``, events without a date under
``date=__HIVE_DEFAULT_PARTITION__/``).

Articles without an ``id`` get ``sha256:`` and the first 16 hex digits of the SHA-256 of their
text, so that ids (and so event ids) are the same on every run and every retry.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

import dyad

if TYPE_CHECKING:
    import pyarrow
    from pyspark.sql import DataFrame, SparkSession
    from pyspark.sql.types import StructType

__all__ = ["code_dataframe", "event_spark_schema", "main", "read_articles", "run"]

# The article columns dyad reads; any others are dropped before the Python workers see them.
ARTICLE_COLUMNS = ("id", "text", "date", "title", "url", "source")

# One pipeline per Python worker process, made by the first batch that process codes. Spark
# reuses its Python workers between tasks (spark.python.worker.reuse, on by default), so a
# worker loads the models once however many tasks it runs.
_PIPELINE: dyad.Pipeline | None = None
_PIPELINE_KEY: tuple | None = None


def _pipeline(threads: int, records: dict[str, bool]) -> dyad.Pipeline:
    global _PIPELINE, _PIPELINE_KEY
    key = (threads, tuple(sorted(records.items())))
    if _PIPELINE is None or _PIPELINE_KEY != key:
        _PIPELINE = dyad.Pipeline(threads=threads, **records)
        _PIPELINE_KEY = key
    return _PIPELINE


def _code_batches(threads: int, records: dict[str, bool]):
    """The function ``mapInArrow`` runs on each partition: article batches in, event batches
    out."""

    def code(batches: Iterator[pyarrow.RecordBatch]) -> Iterator[pyarrow.RecordBatch]:
        pipeline = _pipeline(threads, records)
        for batch in batches:
            yield pipeline.code_arrow(batch)

    return code


def event_spark_schema() -> StructType:
    """The Spark schema of the events: :func:`dyad.event_schema` translated by pyspark."""
    from pyspark.sql.pandas.types import from_arrow_schema

    return from_arrow_schema(dyad.event_schema())


def _format_of(path: str) -> str:
    lower = path.rstrip("/").lower()
    if lower.endswith(".parquet") or lower.endswith(".parq"):
        return "parquet"
    if os.path.isdir(path):
        names = os.listdir(path)
        if any(n.endswith(".parquet") for n in names) or any(n.startswith("date=") for n in names):
            return "parquet"
    return "jsonl"


def read_articles(
    spark: SparkSession, paths: Sequence[str], input_format: str = "auto"
) -> DataFrame:
    """The articles of ``paths`` as a DataFrame of string columns ``id``, ``text``, ``date``,
    ``title``, ``url``, ``source`` (null where the input has none).

    ``input_format`` is ``jsonl``, ``parquet`` or ``auto`` (from each path's name: ``.parquet``
    files and directories of them are Parquet, anything else JSON Lines). Unreadable JSON
    lines become rows without text, which have no events (as ``dyad code`` skips them).
    """
    from pyspark.sql import functions as F
    from pyspark.sql.types import StringType, StructField, StructType

    if not paths:
        raise ValueError("no input paths")
    formats = {p: (_format_of(p) if input_format == "auto" else input_format) for p in paths}
    for p, f in formats.items():
        if f not in ("jsonl", "parquet"):
            raise ValueError(f"unknown input format {f!r} for {p} (jsonl or parquet)")
    frames = []
    jsonl = [p for p, f in formats.items() if f == "jsonl"]
    parquet = [p for p, f in formats.items() if f == "parquet"]
    if jsonl:
        # An explicit schema: no inference pass over the corpus, and every field read as a
        # string whatever its JSON type looks like.
        schema = StructType([StructField(c, StringType(), True) for c in ARTICLE_COLUMNS])
        frames.append(spark.read.schema(schema).option("mode", "PERMISSIVE").json(jsonl))
    if parquet:
        df = spark.read.parquet(*parquet)
        have = {c.lower(): c for c in df.columns}
        cols = [
            (F.col(have[c]).cast("string") if c in have else F.lit(None).cast("string")).alias(c)
            for c in ARTICLE_COLUMNS
        ]
        frames.append(df.select(*cols))
    df = frames[0]
    for other in frames[1:]:
        df = df.unionByName(other)
    blank_id = F.col("id").isNull() | (F.trim(F.col("id")) == "")
    derived = F.concat(F.lit("sha256:"), F.substring(F.sha2(F.col("text"), 256), 1, 16))
    return df.withColumn("id", F.when(blank_id, derived).otherwise(F.col("id")))


def code_dataframe(
    articles: DataFrame,
    threads: int = 1,
    *,
    targetless: bool = False,
    hypothetical: bool = False,
    dyadic: bool = False,
) -> DataFrame:
    """The events of a DataFrame of articles (columns as :func:`read_articles` gives them),
    coded on the executors with ``mapInArrow``; ``threads`` worker threads per task (Spark
    already runs one task per core, so 1 is right unless tasks are fewer than cores).
    ``targetless``, ``hypothetical`` and ``dyadic`` choose the records as ``dyad code``'s flags
    of those names do."""
    records = {"targetless": targetless, "hypothetical": hypothetical, "dyadic": dyadic}
    return articles.mapInArrow(_code_batches(threads, records), event_spark_schema())


def run(
    spark: SparkSession,
    inputs: Sequence[str],
    output: str,
    *,
    input_format: str = "auto",
    mode: str = "error",
    threads: int = 1,
    partitions: int | None = None,
    targetless: bool = False,
    hypothetical: bool = False,
    dyadic: bool = False,
) -> None:
    """Reads ``inputs``, codes them and writes the events to ``output`` as Parquet partitioned
    by ``date`` (``mode``: ``error`` if ``output`` exists, or ``overwrite``)."""
    articles = read_articles(spark, inputs, input_format)
    if partitions:
        articles = articles.repartition(partitions)
    # Gather each date's events into one task before writing: otherwise every task writes a
    # file into every date directory it has events for (tasks x dates small files, whose
    # creation and commit cost more than the coding on a corpus spanning many days).
    events = code_dataframe(
        articles, threads, targetless=targetless, hypothetical=hypothetical, dyadic=dyadic
    ).repartition("date")
    events.write.partitionBy("date").mode(mode).parquet(output)


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m dyad.spark",
        description="Code news articles into events on Apache Spark; write Parquet partitioned by date.",
    )
    p.add_argument("--input", nargs="+", required=True, metavar="PATH",
                   help="JSON Lines or Parquet files or directories (local paths or URIs Spark reads)")
    p.add_argument("--output", required=True, metavar="DIR", help="output directory (Parquet, partitioned by date)")
    p.add_argument("--master", metavar="URL",
                   help="Spark master (local[*], spark://host:7077, yarn...); default: spark-submit's or local[*]")
    p.add_argument("--input-format", choices=("auto", "jsonl", "parquet"), default="auto")
    p.add_argument("--mode", choices=("error", "overwrite"), default="error",
                   help="what to do when DIR exists (default: fail)")
    p.add_argument("--threads", type=int, default=1, metavar="N",
                   help="dyad worker threads per Spark task (default 1: Spark runs a task per core)")
    p.add_argument("--partitions", type=int, metavar="N",
                   help="repartition the articles into N partitions before coding")
    p.add_argument("--app-name", default="dyad", help="Spark application name")
    p.add_argument("--targetless", action="store_true",
                   help="also write events with no coded target whose act is directed at someone (as dyad code --targetless)")
    p.add_argument("--hypothetical", action="store_true",
                   help="also write hypothetical acts (as dyad code --hypothetical)")
    p.add_argument("--dyadic", action="store_true",
                   help="write only events with a coded target (as dyad code --dyadic)")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Runs the command line; returns the exit status."""
    args = _parser().parse_args(argv)
    if args.threads < 1:
        print("dyad.spark: --threads must be at least 1", file=sys.stderr)
        return 2
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName(args.app_name)
    # Without --master, the master is spark-submit's, or local[*] when run with plain python.
    if args.master:
        builder = builder.master(args.master)
    spark = builder.getOrCreate()
    try:
        run(
            spark,
            args.input,
            args.output,
            input_format=args.input_format,
            mode=args.mode,
            threads=args.threads,
            partitions=args.partitions,
            targetless=args.targetless,
            hypothetical=args.hypothetical,
            dyadic=args.dyadic,
        )
    finally:
        spark.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
