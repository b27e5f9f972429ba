#!/bin/sh
# Does `dyad ingest` run in flat memory on a 1 GB input? (issue 7, point 7)
#
# Builds the release binary, then runs `dyad bench store --memory`: it writes about GB
# gigabytes of news-like JSON Lines to a fresh directory under $TMPDIR (/tmp), runs
# `dyad ingest` on it as a child process and samples the child's VmRSS and VmHWM from /proc
# four times a second against the reader's offset in the input (/proc/PID/fdinfo), then prints
# them at 10, 25, 50, 75 and 100 % of the input read and removes the directory.
#
# The input holds NEW distinct documents (two to six paragraphs of the bundled samples, with
# title, date, outlet and URL) spread evenly over the file, each coded, merged and stored; every
# other line repeats one of them exactly, and is read, parsed, hashed, looked up in the store
# and skipped without coding. So the whole gigabyte goes through the reader, the batches, the
# workers and the writer in minutes, where coding a gigabyte of new text would take hours.
#
#   tools/mem-check.sh                 # 1 GB, 10,000 distinct documents, one worker
#   GB=0.1 NEW=500 tools/mem-check.sh  # a quick look
#   tools/mem-check.sh --json          # one JSON object
#
# Linux only (/proc). One worker by default (JOBS), at nice 19: the machine may be shared.
set -eu
cd "$(dirname "$0")/.."
GB=${GB:-1}
NEW=${NEW:-10000}
JOBS=${JOBS:-1}
nice -n 19 cargo build --release -p dyad-cli
exec nice -n 19 target/release/dyad bench store --memory --gb "$GB" --new "$NEW" -j "$JOBS" "$@"
