#!/usr/bin/env bash
# Scaling of python -m dyad.spark on a Spark standalone cluster on this machine: one master and
# WORKERS workers (one core each) on loopback, the job timed on CORPUS; then the cluster stops.
#
#   crates/dyad-py/bench/spark_scaling.sh CORPUS.jsonl WORKERS [PARTITIONS]
#
# Needs a Python with dyad, pyspark, pyarrow and pandas installed ($PYTHON, default python3)
# and Java 17+. Prints one line: workers, articles, seconds, articles/s.
set -euo pipefail
corpus=$1
workers=$2
partitions=${3:-8}
python=${PYTHON:-python3}
spark_home=$("$python" -c 'import pyspark, os; print(os.path.dirname(pyspark.__file__))')
work=$(mktemp -d /tmp/dyad-spark-bench.XXXXXX)
export SPARK_LOCAL_IP=127.0.0.1 SPARK_LOCAL_DIRS=$work/local SPARK_WORKER_DIR=$work/worker
export PYSPARK_PYTHON=$python PYSPARK_DRIVER_PYTHON=$python
port=$((17077 + RANDOM % 1000))
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

"$spark_home/bin/spark-class" org.apache.spark.deploy.master.Master \
  --host 127.0.0.1 --port "$port" --webui-port 0 >"$work/master.log" 2>&1 &
pids+=($!)
for i in $(seq "$workers"); do
  "$spark_home/bin/spark-class" org.apache.spark.deploy.worker.Worker \
    --host 127.0.0.1 --cores 1 --memory 2g --webui-port 0 "spark://127.0.0.1:$port" \
    >"$work/worker$i.log" 2>&1 &
  pids+=($!)
done
# Wait until every worker has registered with the master.
for _ in $(seq 120); do
  n=$(grep -c "Registering worker" "$work/master.log" 2>/dev/null || true)
  [ "${n:-0}" -ge "$workers" ] && break
  sleep 1
done

articles=$(grep -c . "$corpus")
start=$(date +%s.%N)
"$python" -m dyad.spark --master "spark://127.0.0.1:$port" --input "$corpus" \
  --output "$work/events" --partitions "$partitions" >"$work/job.log" 2>&1 || {
  tail -30 "$work/job.log" >&2
  exit 1
}
end=$(date +%s.%N)
"$python" - "$workers" "$articles" "$start" "$end" <<'PY'
import sys
w, n, s, e = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
print(f"workers={w} articles={n} seconds={e - s:.1f} articles_per_s={n / (e - s):.2f}")
PY
