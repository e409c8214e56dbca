#!/usr/bin/env bash
# Prove the suite holds on a loaded machine: N fresh clones, each `make test` run beside a CPU
# hog on every core. Prints each run's wall time and pytest's closing line; logs in $OUT.
#   bash bench/loaded_test_runs.sh [runs=3]
set -uo pipefail
runs=${1:-3}
repo=$(cd "$(dirname "$0")/.." && pwd)
OUT=${OUT:-/tmp/nmt-loaded-runs}
mkdir -p "$OUT"
hog() { for _ in $(seq "$(nproc)"); do python3 -c 'while True: pass' & done; }
for i in $(seq "$runs"); do
    dir=$(mktemp -d /tmp/nmt-fresh-XXXX)
    git clone -q "$repo" "$dir"
    hog
    start=$(date +%s)
    (cd "$dir" && make test) > "$OUT/run$i.log" 2>&1
    rc=$?
    end=$(date +%s)
    pkill -f "python3 -c while True: pass"
    echo "run $i: exit $rc, $(( (end - start) / 60 )) min $(( (end - start) % 60 )) s, $(tail -1 "$OUT/run$i.log")"
    rm -rf "$dir"
done
