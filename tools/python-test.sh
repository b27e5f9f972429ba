#!/usr/bin/env bash
# Builds and tests the Python package (crates/dyad-py): makes a virtualenv, installs maturin,
# pytest, pyarrow and pyspark from the package index, pip-installs ./crates/dyad-py (a release
# build of the Rust core, as users get it), builds the `dyad` binary the tests compare against,
# and runs pytest (the Spark tests run Spark in local mode; they need Java 17+).
#
#   tools/python-test.sh [PYTEST ARGS...]
#
# Environment: PYTHON (default python3, >= 3.11), DYAD_VENV (default target/python-venv),
# DYAD_PY_SKIP_SPARK=1 to leave pyspark out (its tests then skip).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
python=${PYTHON:-python3}
venv=${DYAD_VENV:-$repo/target/python-venv}

echo "== python: $("$python" --version 2>&1) -> $venv"
if [ ! -x "$venv/bin/python" ]; then
  "$python" -m venv "$venv"
fi
pip=("$venv/bin/python" -m pip --disable-pip-version-check)
packages=(maturin pytest pyarrow)
if [ "${DYAD_PY_SKIP_SPARK:-0}" != 1 ]; then
  packages+=(pyspark "pandas<3")  # mapInArrow needs pandas; pyspark warns on pandas 3
fi
"${pip[@]}" install --quiet --upgrade "${packages[@]}"

echo "== pip install ./crates/dyad-py"
start=$(date +%s)
"${pip[@]}" install --quiet --force-reinstall --no-deps ./crates/dyad-py
echo "python-test: wheel built and installed in $(( $(date +%s) - start )) s"

echo "== cargo build --release -p dyad-cli (the binary the tests compare against)"
cargo build --release --quiet -p dyad-cli
export DYAD_BIN="$repo/target/release/dyad"
export PYSPARK_PYTHON="$venv/bin/python"
export PYSPARK_DRIVER_PYTHON="$venv/bin/python"

echo "== pytest crates/dyad-py/tests"
# Run from the tests directory so that `import dyad` is the installed package, never the
# source tree.
cd crates/dyad-py/tests
exec "$venv/bin/python" -m pytest -q -p no:cacheprovider "$@" .
