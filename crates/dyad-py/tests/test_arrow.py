"""Pipeline.code_arrow and dyad.event_schema: pyarrow batches in and out."""

from __future__ import annotations

import datetime

import pytest

import dyad

pa = pytest.importorskip("pyarrow", reason="pyarrow is not installed (pip install pyarrow)")

SENTENCE = "Japan urged North Korea to return to talks."


def articles(wire, **types):
    cols = {c: [a.get(c) for a in wire] for c in ("id", "text", "date", "title", "url", "source")}
    return pa.record_batch({c: pa.array(v, type=types.get(c, pa.string())) for c, v in cols.items()})


def flatten(e: dict) -> dict:
    """A JSON Lines event as the row of the Parquet schema (docs/formats.md)."""
    t, loc = e.get("target") or {}, e.get("location") or {}
    return {
        "event_id": e["event_id"], "doc_id": e["doc_id"], "sentence": e["sentence"],
        "date": e.get("date"), "date_source": e["date_source"],
        "source_text": e["source"]["text"], "source_code": e["source"]["code"],
        "source_country": e["source"].get("country"), "source_roles": e["source"]["roles"],
        "source_entity": e["source"].get("entity"),
        "target_text": t.get("text"), "target_code": t.get("code"),
        "target_country": t.get("country"), "target_roles": t.get("roles"),
        "target_entity": t.get("entity"),
        "cameo": e["cameo"], "cameo_root": e["cameo_root"], "quad_class": e["quad_class"],
        "goldstein": e["goldstein"], "plover_type": e["plover"]["type"],
        "plover_mode": e["plover"].get("mode"),
        "location_name": loc.get("name"), "location_country": loc.get("country"),
        "location_admin1": loc.get("admin1"), "location_lat": loc.get("lat"),
        "location_lon": loc.get("lon"), "location_geonames_id": loc.get("geonames_id"),
        "evidence": e["evidence"]["text"], "evidence_start": e["evidence"]["start"],
        "evidence_end": e["evidence"]["end"], "rule": e["rule"], "negated": e["negated"],
        "modality": e["modality"], "confidence": e["confidence"],
    }


def normalise(row: dict) -> dict:
    """A Parquet/Arrow row comparable with `flatten`: dates as ISO strings, float32 rounded,
    the store's columns dropped."""
    row = {k: v for k, v in row.items()
           if k not in ("global_event_id", "num_mentions", "num_sources", "num_articles", "date_added")}
    if isinstance(row.get("date"), datetime.date):
        row["date"] = row["date"].isoformat()
    for k in ("goldstein", "confidence"):
        row[k] = round(float(row[k]), 4)
    return row


def same_rows(arrow_rows: list[dict], events: list[dict]) -> None:
    want = [normalise(flatten(e)) for e in events]
    got = [normalise(r) for r in arrow_rows]
    key = lambda r: (r["doc_id"], r["event_id"])  # noqa: E731
    assert sorted(got, key=key) == sorted(want, key=key)


def test_event_schema_is_the_export_schema():
    s = dyad.event_schema()
    assert isinstance(s, pa.Schema)
    assert s.names[:4] == ["global_event_id", "event_id", "doc_id", "sentence"]
    assert s.field("date").type == pa.date32()
    assert s.field("source_roles").type == pa.list_(pa.string())
    assert s.field("goldstein").type == pa.float32()
    assert s.metadata[b"dyad.schema_version"] == b"1"
    assert len(s) == 39


def test_code_arrow_equals_code(wire):
    p = dyad.Pipeline(threads=2)
    out = p.code_arrow(articles(wire))
    assert isinstance(out, pa.RecordBatch)
    assert out.schema.equals(dyad.event_schema())
    expected = [e for a in wire for e in dyad.code(a["text"], date=a["date"], doc_id=a["id"])]
    assert out.num_rows == len(expected) > 0
    same_rows(out.to_pylist(), expected)
    assert out.column("global_event_id").null_count == out.num_rows


def test_code_arrow_keeps_input_order(wire):
    out = dyad.Pipeline(threads=2).code_arrow(articles(wire))
    order = [a["id"] for a in wire]
    docs = out.column("doc_id").to_pylist()
    assert [order.index(d) for d in docs] == sorted(order.index(d) for d in docs)


def test_code_arrow_column_types(wire):
    p = dyad.Pipeline(threads=1)
    base = p.code_arrow(articles(wire))
    large = p.code_arrow(articles(wire, id=pa.large_string(), text=pa.large_string(), date=pa.large_string()))
    assert large.equals(base)
    as_date32 = [dict(a, date=datetime.date.fromisoformat(a["date"])) for a in wire]
    dated = p.code_arrow(articles(as_date32, date=pa.date32()))
    assert dated.equals(base)
    # Only text is required; extra columns are ignored.
    only_text = pa.record_batch({"text": [SENTENCE], "section": ["world"]})
    out = p.code_arrow(only_text)
    assert out.num_rows > 0 and set(out.column("doc_id").to_pylist()) == {"row:1"}


def test_code_arrow_bad_rows_are_skipped_or_raise():
    batch = pa.record_batch({
        "id": ["good", "no-text", "blank", "bad-date", "good2"],
        "text": [SENTENCE, None, "   ", SENTENCE, SENTENCE],
        "date": ["2014-03-14", None, None, "2014-02-30", None],
    })
    p = dyad.Pipeline(threads=1)
    out = p.code_arrow(batch)
    assert set(out.column("doc_id").to_pylist()) == {"good", "good2"}
    with pytest.raises(ValueError, match="row 2: the text is null or blank"):
        p.code_arrow(batch, strict=True)
    bad_date = pa.record_batch({
        "id": ["a", "b", "c", "d"], "text": [SENTENCE] * 4, "date": [None, None, None, "2014-02-30"],
    })
    with pytest.raises(ValueError, match="row 4: invalid date"):
        p.code_arrow(bad_date, strict=True)


def test_code_arrow_empty_batch():
    empty = pa.record_batch({"id": pa.array([], pa.string()), "text": pa.array([], pa.string())})
    out = dyad.Pipeline(threads=1).code_arrow(empty)
    assert out.num_rows == 0 and out.schema.equals(dyad.event_schema())


@pytest.mark.parametrize(
    "batch, error, message",
    [
        (lambda: pa.record_batch({"id": ["a"]}), ValueError, 'no "text" column'),
        (lambda: pa.record_batch({"text": [1, 2]}), TypeError, "must be a string column"),
        (lambda: pa.record_batch({"text": [SENTENCE], "id": [7]}), TypeError, '"id" must be a string'),
        (lambda: pa.record_batch({"text": [SENTENCE], "date": [1.5]}), TypeError, '"date" must be'),
    ],
)
def test_code_arrow_bad_batches(batch, error, message):
    with pytest.raises(error, match=message):
        dyad.Pipeline(threads=1).code_arrow(batch())


@pytest.mark.parametrize("value", [None, "text", {"text": [SENTENCE]}, [SENTENCE]])
def test_code_arrow_needs_a_record_batch(value):
    with pytest.raises(TypeError):
        dyad.Pipeline(threads=1).code_arrow(value)


def test_code_arrow_text_over_the_limit():
    batch = pa.record_batch({"id": ["a", "b"], "text": ["x" * 200, SENTENCE]})
    p = dyad.Pipeline(threads=1, max_bytes=100)
    assert set(p.code_arrow(batch).column("doc_id").to_pylist()) == {"b"}
    with pytest.raises(ValueError, match="row 1: the text is 200 bytes"):
        p.code_arrow(batch, strict=True)


def test_code_arrow_to_pandas_round_trip(wire):
    pd = pytest.importorskip("pandas", reason="pandas is not installed")
    out = dyad.Pipeline(threads=1).code_arrow(articles(wire)).to_pandas()
    assert len(out) > 0 and "cameo" in out.columns
    assert pd is not None
