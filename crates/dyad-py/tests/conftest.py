"""Shared fixtures: the repository, the sample corpus and the `dyad` binary (when built)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
SAMPLES = REPO / "data" / "samples"


def dyad_binary() -> str | None:
    """The `dyad` command to compare against: $DYAD_BIN, else the newest of the workspace's
    release and debug builds, else `dyad` on PATH."""
    if os.environ.get("DYAD_BIN"):
        return os.environ["DYAD_BIN"]
    built = [REPO / "target" / p / "dyad" for p in ("release", "debug")]
    built = [b for b in built if b.is_file()]
    if built:
        return str(max(built, key=lambda b: b.stat().st_mtime))
    return shutil.which("dyad")


@pytest.fixture(scope="session")
def dyad_bin() -> str:
    b = dyad_binary()
    if b is None:
        pytest.skip("no dyad binary: build it (cargo build -p dyad-cli) or set DYAD_BIN")
    return b


def run_dyad(binary: str, *args: str, stdin: str | None = None) -> list[dict]:
    """The JSON Lines a dyad command prints, parsed (its exit status is not checked: a
    corpus with bad lines on purpose makes it exit 1 after printing every good record)."""
    out = subprocess.run(
        [binary, *args], input=stdin, capture_output=True, text=True, timeout=600
    )
    return [json.loads(line) for line in out.stdout.splitlines() if line.strip()]


@pytest.fixture(scope="session")
def wire() -> list[dict]:
    """The sample wire articles (data/samples/wire.jsonl)."""
    path = SAMPLES / "wire.jsonl"
    if not path.is_file():
        pytest.skip(f"{path} is missing")
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
