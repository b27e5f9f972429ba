"""dyad.code, dyad.annotate and dyad.Pipeline: results, and every kind of bad input."""

from __future__ import annotations

import datetime
import threading
import time

import pytest

import dyad
from conftest import run_dyad

SENTENCE = "Japan urged North Korea to return to talks."

# The fields of a `dyad code` JSON Lines record (docs/formats.md); location only when known.
RECORD_FIELDS = {
    "doc_id", "sentence", "event_id", "date", "date_source", "source", "target", "cameo",
    "cameo_root", "quad_class", "goldstein", "plover", "evidence", "rule", "negated",
    "modality", "confidence",
}


def test_code_gives_json_lines_records():
    events = dyad.code(SENTENCE, date="2014-03-14", doc_id="d1")
    assert events, "the pipeline's own doc example codes this sentence"
    e = events[0]
    assert RECORD_FIELDS <= set(e) <= RECORD_FIELDS | {"location"}
    assert e["doc_id"] == "d1"
    assert e["source"]["code"].startswith("JPN")
    assert e["target"]["code"].startswith("PRK")
    assert e["date"] == "2014-03-14"
    assert e["evidence"]["start"] < e["evidence"]["end"]
    assert SENTENCE[e["evidence"]["start"]:e["evidence"]["end"]] == e["evidence"]["text"]


def test_code_matches_the_dyad_command(dyad_bin, wire):
    # `dyad code -` reads standard input as a text document with the id `stdin`.
    for article in wire[:3]:
        cli = run_dyad(dyad_bin, "code", "--date", article["date"], "-", stdin=article["text"])
        py = dyad.code(article["text"], date=article["date"], doc_id="stdin")
        assert py == cli
    assert any(run_dyad(dyad_bin, "code", "--date", a["date"], "-", stdin=a["text"]) for a in wire)


def test_record_options_match_the_dyad_command(dyad_bin):
    # A statement whose content codes nothing, and an act only alleged.
    text = (
        "Russia said on Monday that the harvest would be the largest in a decade. "
        "Ukraine accused Russia of shelling civilians in Kharkiv. "
        "Thousands of Kenyans rallied in Nairobi on Sunday."
    )
    date = "2023-06-01"
    default = dyad.code(text, date=date, doc_id="stdin")
    assert not any(e["target"] is None and e["cameo"] == "010" for e in default)
    assert all(e["modality"] != "hypothetical" for e in default)
    for option in ("targetless", "hypothetical", "dyadic"):
        cli = run_dyad(dyad_bin, "code", f"--{option}", "--date", date, "-", stdin=text)
        kw = {option: True}
        py = dyad.Pipeline(threads=1, **kw).code(text, date=date, doc_id="stdin")
        assert py == cli
        if option == "dyadic":
            # The rally has no target.
            assert len(py) < len(default)
            assert all(e["target"] is not None for e in py)
        else:
            assert len(py) > len(default)


def test_annotate_matches_the_dyad_command(dyad_bin, wire):
    text = wire[0]["text"]
    cli = run_dyad(dyad_bin, "annotate", "--date", wire[0]["date"], "-", stdin=text)
    py = dyad.annotate(text, date=wire[0]["date"], doc_id="stdin")
    assert len(cli) == 1
    # The command also records where the text was read from.
    cli[0].pop("origin", None)
    assert py == cli[0]


def test_annotate_has_every_layer():
    doc = dyad.annotate(SENTENCE, date="2014-03-14", doc_id="d1")
    assert doc["id"] == "d1" and doc["date"] == "2014-03-14" and doc["text"] == SENTENCE
    for layer in ("tokens", "sentences", "entities", "actors", "dates", "places", "quotes", "events"):
        assert isinstance(doc[layer], list), layer
    assert [t["text"] for t in doc["tokens"]][:3] == ["Japan", "urged", "North"]
    assert all("upos" in t and "deprel" in t for t in doc["tokens"])
    assert doc["events"] == dyad.code(SENTENCE, date="2014-03-14", doc_id="d1")
    assert {a["code"][:3] for a in doc["actors"]} >= {"JPN", "PRK"}


def test_dates_as_str_timestamp_or_date_object():
    by_str = dyad.code(SENTENCE, date="2014-03-14")
    assert dyad.code(SENTENCE, date=datetime.date(2014, 3, 14)) == by_str
    assert dyad.code(SENTENCE, date=datetime.datetime(2014, 3, 14, 9, 30)) == by_str
    assert dyad.code(SENTENCE, date="2014-03-14T09:30:00Z") == by_str
    assert dyad.code(SENTENCE, date="Fri, 14 Mar 2014 09:30:00 +0000") == by_str
    assert {e["date"] for e in dyad.code(SENTENCE, date="2015-01-02")} == {"2015-01-02"}


def test_blank_date_is_no_date():
    assert dyad.code(SENTENCE, date="") == dyad.code(SENTENCE, date=None)
    assert dyad.code(SENTENCE, date="  ") == dyad.code(SENTENCE)


def test_default_doc_id_is_doc():
    assert {e["doc_id"] for e in dyad.code(SENTENCE)} == {"doc"}


@pytest.mark.parametrize("date", ["2014-02-30", "yesterday", "14/03/2014", "2014-13-01"])
def test_invalid_date_is_a_value_error(date):
    with pytest.raises(ValueError, match="invalid date"):
        dyad.code(SENTENCE, date=date)
    with pytest.raises(ValueError, match="invalid date"):
        dyad.annotate(SENTENCE, date=date)


@pytest.mark.parametrize("date", [20140314, 2014.0, ["2014-03-14"]])
def test_date_of_wrong_type_is_a_type_error(date):
    with pytest.raises(TypeError, match="date must be"):
        dyad.code(SENTENCE, date=date)


@pytest.mark.parametrize("text", [None, 42, b"Japan urged North Korea.", ["a"], 3.5])
def test_non_str_text_is_a_type_error(text):
    with pytest.raises(TypeError):
        dyad.code(text)
    with pytest.raises(TypeError):
        dyad.annotate(text)


def test_non_str_doc_id_is_a_type_error():
    with pytest.raises(TypeError):
        dyad.code(SENTENCE, doc_id=7)


def test_unencodable_text_is_a_value_error():
    # A lone surrogate cannot be UTF-8: Python's UnicodeEncodeError, a ValueError.
    with pytest.raises(ValueError):
        dyad.code("Japan \ud800 urged North Korea.")


@pytest.mark.parametrize("text", ["", " ", "\n\n\t", "\u00a0", "...", "\x00\x01"])
def test_empty_or_wordless_text_has_no_events(text):
    assert dyad.code(text) == []
    doc = dyad.annotate(text)
    assert doc["text"] == text and doc["events"] == []


def test_text_over_the_limit_is_a_value_error():
    small = dyad.Pipeline(max_bytes=100)
    assert small.max_bytes == 100
    with pytest.raises(ValueError, match="over the limit of 100 bytes"):
        small.code("x" * 101)
    assert small.code("x" * 100) == []
    # The default limit is the command's (16 MiB); bytes count, not characters.
    with pytest.raises(ValueError, match="over the limit"):
        dyad.code("é" * (8 * 1024 * 1024 + 1))


def test_long_text_is_coded_whole(wire):
    # ~100 KB: many copies of the sample articles in one document.
    text = "\n\n".join(a["text"] for a in wire) * 12
    events = dyad.code(text, date="2014-03-14", doc_id="long")
    one = sum(len(dyad.code(a["text"], date="2014-03-14")) for a in wire)
    assert len(events) >= one > 0
    assert all(0 <= e["evidence"]["start"] < e["evidence"]["end"] <= len(text.encode()) for e in events)
    # One 1 MB "word" with no spaces: tokenised and parsed without error.
    assert isinstance(dyad.code("a" * (1 << 20)), list)


def test_pipeline_arguments():
    p = dyad.Pipeline(threads=2)
    assert p.threads == 2
    assert "threads=2" in repr(p)
    assert dyad.Pipeline().threads >= 1
    with pytest.raises(ValueError, match="threads"):
        dyad.Pipeline(threads=0)
    with pytest.raises((TypeError, OverflowError)):
        dyad.Pipeline(threads=-1)
    with pytest.raises(TypeError):
        dyad.Pipeline(threads="2")


def test_code_batch_equals_code_per_document(wire):
    p = dyad.Pipeline(threads=2)
    docs = [
        {"id": a["id"], "text": a["text"], "date": a["date"], "title": a.get("title"),
         "url": a.get("url"), "source": a.get("source")}
        for a in wire
    ]
    out = p.code_batch(docs)
    assert len(out) == len(docs)
    for d, events in zip(docs, out):
        assert events == dyad.code(d["text"], date=d["date"], doc_id=d["id"])
    assert sum(map(len, out)) > 0


def test_code_batch_takes_strs_and_iterables():
    p = dyad.Pipeline(threads=1)
    out = p.code_batch(t for t in [SENTENCE, "", SENTENCE])
    assert [len(x) > 0 for x in out] == [True, False, True]
    assert {e["doc_id"] for e in out[0]} == {"doc:1"}
    assert {e["doc_id"] for e in out[2]} == {"doc:3"}
    assert p.code_batch([]) == []
    assert p.code_batch([{"text": SENTENCE, "date": datetime.date(2014, 3, 14)}])[0][0]["date"] == "2014-03-14"


@pytest.mark.parametrize(
    "docs, error, message",
    [
        ("just one text", TypeError, "not a str"),
        (42, TypeError, "not iterable"),
        ([SENTENCE, 42], TypeError, "document 2 must be a str or a dict"),
        ([{"id": "a"}], ValueError, 'no "text"'),
        ([{"text": 42}], TypeError, "text must be a str"),
        ([{"text": SENTENCE, "id": 3}], TypeError, "id must be a str"),
        ([{"text": SENTENCE, "date": "2014-02-30"}], ValueError, "invalid date"),
    ],
)
def test_code_batch_bad_input(docs, error, message):
    with pytest.raises(error, match=message):
        dyad.Pipeline(threads=1).code_batch(docs)


def test_code_batch_releases_the_gil(wire):
    """While code_batch runs, another Python thread keeps running."""
    p = dyad.Pipeline(threads=1)
    docs = [a["text"] for a in wire] * 4
    ticks = 0
    done = threading.Event()

    def count():
        nonlocal ticks
        while not done.is_set():
            ticks += 1
            time.sleep(0.001)

    t = threading.Thread(target=count)
    t.start()
    start = time.perf_counter()
    p.code_batch(docs)
    elapsed = time.perf_counter() - start
    done.set()
    t.join()
    # Holding the GIL for the whole call would leave the counter at (nearly) zero.
    assert elapsed > 0.05
    assert ticks >= 10, f"{ticks} ticks in {elapsed:.2f} s"


def test_module_exports():
    assert set(dyad.__all__) <= set(dir(dyad))
    assert isinstance(dyad.__version__, str)
    assert issubclass(dyad.DyadError, Exception)
