"""python -m dyad.spark in local mode: the Parquet it writes holds the same events as
`dyad code` on the same input."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

import dyad
from conftest import run_dyad
from test_arrow import flatten, normalise

pytest.importorskip("pyspark", reason="pyspark is not installed (pip install pyspark)")
pa = pytest.importorskip("pyarrow", reason="pyarrow is not installed (pip install pyarrow)")
import pyarrow.dataset as ds  # noqa: E402
import pyarrow.parquet as pq  # noqa: E402

import dyad.spark  # noqa: E402

if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
    pytest.skip("Spark needs Java (no java on PATH, no JAVA_HOME)", allow_module_level=True)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, wire):
    """The sample articles, plus lines `dyad code` refuses: bad JSON, no text, a bad date."""
    d = tmp_path_factory.mktemp("corpus")
    lines = [json.dumps(a) for a in wire]
    lines.insert(3, "{not json")
    lines.append(json.dumps({"id": "empty", "text": "  ", "date": "2014-03-14"}))
    lines.append(json.dumps({"id": "bad-date", "text": wire[0]["text"], "date": "2014-02-30"}))
    lines.append(json.dumps({"id": "undated", "text": "Japan urged North Korea to return to talks."}))
    path = d / "articles.jsonl"
    path.write_text("\n".join(lines) + "\n")
    return path


def read_events(out_dir) -> list[dict]:
    dataset = ds.dataset(str(out_dir), format="parquet", partitioning="hive")
    rows = dataset.to_table().to_pylist()
    for r in rows:
        # The partition value: a string (or null for __HIVE_DEFAULT_PARTITION__).
        if r.get("date") is not None:
            r["date"] = str(r["date"])
    return rows


def same_events(rows: list[dict], events: list[dict]) -> None:
    key = lambda r: (r["doc_id"], r["event_id"])  # noqa: E731
    got = sorted((normalise(r) for r in rows), key=key)
    want = sorted((normalise(flatten(e)) for e in events), key=key)
    assert len(got) == len(want) > 0
    assert got == want


def spark_job(*args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYSPARK_PYTHON=sys.executable, PYSPARK_DRIVER_PYTHON=sys.executable)
    return subprocess.run(
        [sys.executable, "-m", "dyad.spark", *args],
        capture_output=True, text=True, timeout=900, env=env,
    )


def test_spark_job_writes_the_events_of_dyad_code(tmp_path, corpus, dyad_bin):
    out = tmp_path / "events"
    done = spark_job("--input", str(corpus), "--output", str(out), "--master", "local[2]",
                     "--partitions", "3")
    assert done.returncode == 0, done.stderr[-4000:]
    assert (out / "_SUCCESS").is_file()
    # Partitioned by date, one directory per day (events without a date in the default one).
    parts = {p.name for p in out.iterdir() if p.is_dir()}
    assert parts and all(p.startswith("date=") for p in parts)
    # Written through the committer: no temporary or side files left behind.
    leftovers = [p for p in out.rglob("*") if p.name.startswith(("_temporary", ".spark-staging"))]
    assert leftovers == []
    cli = run_dyad(dyad_bin, "code", str(corpus))
    same_events(read_events(out), cli)
    # Every file has the export schema's columns (the date is the partition column).
    one = next(out.rglob("*.parquet"))
    names = set(pq.read_schema(one).names)
    assert names == set(dyad.event_schema().names) - {"date"}


def test_spark_job_refuses_an_existing_output(tmp_path, corpus):
    out = tmp_path / "events"
    out.mkdir()
    (out / "keep.txt").write_text("x")
    done = spark_job("--input", str(corpus), "--output", str(out), "--master", "local[1]")
    assert done.returncode != 0
    assert (out / "keep.txt").read_text() == "x"


def test_spark_reads_parquet_articles(tmp_path, wire, dyad_bin):
    from pyspark.sql import SparkSession

    table = pa.Table.from_pylist([{k: a.get(k) for k in ("id", "text", "date", "title")} for a in wire])
    src = tmp_path / "articles.parquet"
    pq.write_table(table, src)
    jsonl = tmp_path / "articles.jsonl"
    jsonl.write_text("".join(json.dumps(a) + "\n" for a in wire))
    out = tmp_path / "events"
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    spark = SparkSession.builder.master("local[2]").appName("dyad-test").getOrCreate()
    try:
        dyad.spark.run(spark, [str(src)], str(out))
        # Spark itself reads the date partition back as a date column.
        back = spark.read.parquet(str(out))
        assert dict(back.dtypes)["date"] == "date"
        assert back.count() == len(read_events(out))
        # The record options choose the records as dyad code's flags do.
        wide = tmp_path / "events-wide"
        dyad.spark.run(spark, [str(src)], str(wide), targetless=True, hypothetical=True)
    finally:
        spark.stop()
    same_events(read_events(out), run_dyad(dyad_bin, "code", str(jsonl)))
    every = run_dyad(dyad_bin, "code", "--targetless", "--hypothetical", str(jsonl))
    assert len(every) > len(read_events(out))
    same_events(read_events(wide), every)


def test_spark_cli_bad_arguments(tmp_path):
    done = spark_job("--output", str(tmp_path / "x"))
    assert done.returncode == 2 and "--input" in done.stderr
    done = spark_job("--input", "a.jsonl", "--output", str(tmp_path / "x"), "--threads", "0")
    assert done.returncode == 2 and "--threads" in done.stderr
