"""CPU time per article of the Python/Arrow path (Pipeline.code_arrow on one thread) against
the native binary (`dyad code -j 1`) on the same corpus.

    python crates/dyad-py/bench/overhead.py CORPUS.jsonl [--dyad target/release/dyad] [--runs 3]

CPU time (user + system) rather than wall time, so that other work on a shared machine
changes the figures less; both sides load the pipeline and read the corpus themselves. Prints
one JSON object with the median of each side and the ratio.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]

PY_SIDE = r"""
import sys, time, json
import pyarrow as pa, pyarrow.json as pj
import dyad
t0 = time.process_time()
schema = pa.schema([(c, pa.string()) for c in ("id", "text", "date", "title", "url", "source")])
table = pj.read_json(sys.argv[1], parse_options=pj.ParseOptions(explicit_schema=schema,
                                                               unexpected_field_behavior="ignore"))
p = dyad.Pipeline(threads=1)
events = sum(p.code_arrow(b).num_rows for b in table.to_batches(max_chunksize=1000))
print(json.dumps({"articles": table.num_rows, "events": events}))
"""


def cpu_of(cmd: list[str]) -> tuple[float, float, str]:
    """Runs a command; returns its CPU seconds (user + system), wall seconds and stdout."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    out = subprocess.run(cmd, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, wall, out.stdout


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus")
    ap.add_argument("--dyad", default=str(REPO / "target" / "release" / "dyad"))
    ap.add_argument("--runs", type=int, default=3)
    a = ap.parse_args()
    native, python = [], []
    n_native = n_python = None
    for _ in range(a.runs):
        cpu, wall, out = cpu_of([a.dyad, "code", "-j", "1", a.corpus])
        native.append(cpu)
        n_native = sum(1 for line in out.splitlines() if line.strip())
        cpu, wall, out = cpu_of([sys.executable, "-c", PY_SIDE, a.corpus])
        python.append(cpu)
        res = json.loads(out)
        n_python, articles = res["events"], res["articles"]
    m_native, m_python = statistics.median(native), statistics.median(python)
    print(json.dumps({
        "articles": articles,
        "events_native": n_native,
        "events_python": n_python,
        "native_cpu_s": [round(x, 2) for x in native],
        "python_cpu_s": [round(x, 2) for x in python],
        "native_ms_per_article": round(1000 * m_native / articles, 2),
        "python_ms_per_article": round(1000 * m_python / articles, 2),
        "overhead": round(m_python / m_native - 1, 4),
    }, indent=1))


if __name__ == "__main__":
    main()
