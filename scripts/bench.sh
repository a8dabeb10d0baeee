#!/usr/bin/env bash
# Regenerates the figures of docs/BENCHMARKS.md: builds oms-bench, omsd,
# oms-partners and oms-micro-bench, runs each issue-10 configuration once
# against a private omsd (oms-bench --spawn), and writes one JSON object per
# run to var/bench/results.jsonl plus the micro-benchmarks' output to
# var/bench/micro.txt, then prints a summary.
#   scripts/bench.sh           everything (about 2 minutes)
#   scripts/bench.sh --quick   shorter runs, for a first look
#   scripts/bench.sh --search  also seed 1,000,000 orders (about 9 GB and 10
#                              minutes, kept in var/bench/seed-1m for the next
#                              run) and run the search benchmark against them
# Environment: OMS_BENCH_OUT (var/bench), OMS_BUILD (build), OMS_JOBS.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

seconds=10
micro_time=1
sale_orders=10000
search=0
for arg in "$@"; do
  case "$arg" in
    --quick) seconds=3; micro_time=0.2; sale_orders=2000 ;;
    --search) search=1 ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) echo "bench.sh: unknown option $arg (try --quick)" >&2; exit 2 ;;
  esac
done

oms_install_packages
OMS_TARGETS=(oms-bench oms-micro-bench omsd oms-partners)
oms_build -DOMS_BUILD_CLIENT=OFF
bin="$OMS_BUILD/bin"
out="${OMS_BENCH_OUT:-$OMS_ROOT/var/bench}"
mkdir -p "$out"
results="$out/results.jsonl"
: > "$results"

run_with() {
  local label="$1" globals="$2"; shift 2
  echo "== $label: oms-bench $globals $*" >&2
  "$bin/oms-bench" $globals "$@" |
    python3 -c 'import json,sys; d=json.load(sys.stdin); d["label"]=sys.argv[1]; d["command"]=sys.argv[2]; print(json.dumps(d))' \
      "$label" "oms-bench $globals $*" >> "$results"
}
run() { local label="$1"; shift; run_with "$label" "--spawn --json" "$@"; }

run ping ping --clients 64 --seconds "$seconds"
run place-3-lines place --lines 3 --tenders 1 --clients 64 --seconds "$seconds"
run place-gateway-200ms --gateway-latency-ms 200 place --lines 3 --tenders 1 --clients 2000 \
  --seconds "$seconds" --warmup 3
run flash-sale flash-sale --units 100 --orders "$sale_orders" --clients 64 --decline-share 0.1
run mixed mixed --clients 64 --seconds "$seconds"

if [ "$search" -eq 1 ]; then
  seeded="$out/seed-1m"
  if [ ! -f "$seeded/seed-samples.json" ]; then
    rm -rf "$seeded"
    run_with seed "--json" seed --orders 1000000 --data-dir "$seeded"
  fi
  run_with search "--json" search --clients 4 --seconds "$seconds" --data-dir "$seeded"
fi

echo "== oms-micro-bench" >&2
"$bin/oms-micro-bench" --benchmark_min_time="$micro_time" > "$out/micro.txt" 2>&1

python3 - "$results" <<'PY'
import json, sys
keys = {
  "ping": ["calls_per_s", "p50_ms", "p99_ms"],
  "place-3-lines": ["orders_per_s", "p50_ms", "p99_ms", "p999_ms", "errors", "ratio_to_ping",
                    "watch_p50_ms", "watch_p99_ms", "watch_missed"],
  "seed": ["orders_written", "seconds", "orders_per_s", "db_bytes"],
  "search": ["orders_in_db"] + [f"{k}_{m}" for k in ["number", "email", "phone", "sku", "status_date"]
                               for m in ["p50_ms", "p99_ms", "errors"]] + ["omsd_rss_mb"],
  "place-gateway-200ms": ["orders_per_s", "p50_ms", "p99_ms", "errors", "ratio_to_ping"],
  "mixed": ["ops_per_s"] + [f"{op}_{m}" for op in ["place", "get", "search", "cancel", "refund"]
                             for m in ["per_s", "p99_ms", "errors"]],
  "flash-sale": ["confirmed", "rejected_out_of_stock", "declined", "other_errors", "oversold",
                 "reserved_left", "stock_conserved", "loser_p99_ms", "orders_per_s",
                 "bystander_get_p99_ms", "idle_get_p99_ms"],
}
for line in open(sys.argv[1]):
    d = json.loads(line)
    shown = ", ".join(f"{k}={d.get(k)}" for k in keys.get(d["label"], []))
    print(f'{d["label"]} (load {d["load_average_1m"]}): {shown}')
PY
cat "$out/micro.txt" | grep -E '^(BM_|---|Benchmark)' || true
echo "Results: $results, $out/micro.txt"
