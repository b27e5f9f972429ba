"""Writes a benchmark corpus of N articles (JSON Lines) made from the bundled samples
(data/samples: wire.jsonl, briefs.csv and the .txt articles), each with its own id and date.

    python crates/dyad-py/bench/make_corpus.py N OUT.jsonl

The articles repeat (a few dozen distinct texts): enough for throughput, not for accuracy.
"""

from __future__ import annotations

import csv
import datetime
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]
SAMPLES = REPO / "data" / "samples"


def samples() -> list[dict]:
    out = [json.loads(line) for line in (SAMPLES / "wire.jsonl").read_text().splitlines() if line.strip()]
    with open(SAMPLES / "briefs.csv", newline="") as f:
        out += list(csv.DictReader(f))
    for p in sorted(SAMPLES.glob("*.txt")):
        lines = p.read_text().splitlines()
        head, body = {}, []
        for i, line in enumerate(lines):
            k, sep, v = line.partition(":")
            if sep and k.strip().lower() in ("title", "date", "source", "url", "id") and not body:
                head[k.strip().lower()] = v.strip()
            else:
                body = lines[i:]
                break
        out.append({"id": p.stem, "date": head.get("date"), "title": head.get("title"),
                    "text": "\n".join(body).strip()})
    return [a for a in out if a.get("text")]


def main() -> None:
    n, path = int(sys.argv[1]), Path(sys.argv[2])
    base = samples()
    start = datetime.date(2015, 1, 1)
    with path.open("w") as f:
        for i in range(n):
            a = base[i % len(base)]
            day = start + datetime.timedelta(days=i % 365)
            f.write(json.dumps({"id": f"bench-{i:06d}", "date": day.isoformat(),
                                "title": a.get("title"), "text": a["text"]}) + "\n")
    print(f"{n} articles ({len(base)} distinct texts) -> {path} ({path.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
