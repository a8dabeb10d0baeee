#!/usr/bin/env bash
# Writes the pictures of oms-desk in docs/screenshots/: builds omsd,
# oms-partners and oms-desk if needed, starts the card gateway simulator and a
# demo omsd on free ports with a throwaway data folder (so demo card payments
# are authorized as in scripts/run.sh), and runs `oms-desk --screenshots`
# offscreen. oms-desk signs in,
# opens every view with the demo data and saves a PNG of each; it fails (and
# so does this script) if a view it photographs has no rows.
#
#   scripts/screenshots.sh            # build dir: $BUILD_DIR or ./build
#   BUILD_DIR=build-desk scripts/screenshots.sh
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$root/build}
case "$build" in /*) ;; *) build=$root/$build ;; esac
out=$root/docs/screenshots

if [ ! -f "$build/build.ninja" ] && [ ! -f "$build/Makefile" ]; then
  cmake -G Ninja -S "$root" -B "$build"
fi
cmake --build "$build" --target omsd oms-desk
# The gateway simulator is optional (without it card tenders wait on hold);
# omsctl places the fallback orders when the demo server has none.
cmake --build "$build" --target oms-partners omsctl >/dev/null 2>&1 || true

work=$(mktemp -d)
omsd_pid=
partners_pid=
cleanup() {
  for pid in $omsd_pid $partners_pid; do
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$work"
}
trap cleanup EXIT

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
port=$(free_port)
mkdir -p "$work/data"
config="$work/omsd.toml"
printf 'region = "EU1"\nlisten = "127.0.0.1:%s"\ndata_dir = "%s"\n' "$port" "$work/data" >"$config"
if [ -x "$build/bin/oms-partners" ]; then
  partners_port=$(free_port)
  "$build/bin/oms-partners" --listen "127.0.0.1:$partners_port" --secret partners-dev-secret \
    >"$work/partners.log" 2>&1 &
  partners_pid=$!
  cat >>"$config" <<TOML
[[gateway]]
name = "gw-sim"
base_url = "http://127.0.0.1:$partners_port"
secret = "partners-dev-secret"
currencies = ["EUR", "USD", "GBP"]
timeout_ms = 5000
TOML
fi
"$build/bin/omsd" --config "$config" --demo >"$work/omsd.log" 2>&1 &
omsd_pid=$!
for _ in $(seq 1 150); do
  grep -q "omsd listening on" "$work/omsd.log" && break
  if ! kill -0 "$omsd_pid" 2>/dev/null; then
    echo "screenshots: omsd exited:" >&2; cat "$work/omsd.log" >&2; exit 1
  fi
  sleep 0.2
done
grep -q "omsd listening on" "$work/omsd.log" || { echo "screenshots: omsd did not start" >&2; cat "$work/omsd.log" >&2; exit 1; }

# A demo omsd that placed no orders of its own (older builds) gets the
# fallback orders the desk tests use, placed through the public API.
address="127.0.0.1:$port"
if [ -x "$build/bin/omsctl" ] && ! "$build/bin/omsctl" --server "$address" --token demo-agent-token \
    call oms.v1.OrderService/SearchOrders '{}' | grep -q '"orders"'; then
  echo "screenshots: the demo server has no orders; placing tests/client-qt/fallback_orders.jsonl"
  while IFS= read -r request; do
    "$build/bin/omsctl" --server "$address" --token demo-channel-web-token \
      call oms.v1.OrderService/PlaceOrder "$request" >/dev/null
  done <"$root/tests/client-qt/fallback_orders.jsonl"
fi

mkdir -p "$out"
# A private config folder: the run must not remember its token or window
# geometry in the user's own settings.
XDG_CONFIG_HOME="$work/config" QT_QPA_PLATFORM=offscreen \
  "$build/bin/oms-desk" --server "127.0.0.1:$port" --token demo-supervisor-token --screenshots "$out"
echo "screenshots: written to $out"
ls -1 "$out"/*.png
