#!/usr/bin/env bash
# Writes the pictures of oms-desk in docs/screenshots/: builds omsd,
# oms-partners and oms-desk if needed, starts the card gateway simulator and a
# demo omsd on free ports with a throwaway data folder (so demo card payments
# are authorized as in scripts/run.sh), and runs `oms-desk --screenshots`
# offscreen. oms-desk signs in,
# opens every view with the demo data and saves a PNG of each; it fails (and
# so does this script) if a view it photographs has no rows. The split-order
# picture (order-shipments.png) is the exception: it is taken when an order
# has two or more shipments, and skipped with a note when none has. Before
# the run omsctl works some shipments as a node would (see below), so the
# picture shows shipments in different states, re-routed or shipped.
#
#   scripts/screenshots.sh            # build dir: $BUILD_DIR or ./build
#   BUILD_DIR=build-desk scripts/screenshots.sh
#   OMSD_BIN=/path/to/omsd scripts/screenshots.sh   # run this omsd, build no server
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$root/build}
case "$build" in /*) ;; *) build=$root/$build ;; esac
out=$root/docs/screenshots

if [ ! -f "$build/build.ninja" ] && [ ! -f "$build/Makefile" ]; then
  cmake -G Ninja -S "$root" -B "$build"
fi
# OMSD_BIN (as for the desk tests): an omsd built elsewhere, e.g. while the
# server does not compile in this tree.
omsd_bin=${OMSD_BIN:-}
if [ -n "$omsd_bin" ]; then
  cmake --build "$build" --target oms-desk
else
  cmake --build "$build" --target omsd oms-desk
  omsd_bin=$build/bin/omsd
fi
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
"$omsd_bin" --config "$config" --demo >"$work/omsd.log" 2>&1 &
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
# The reply is read whole before grep: with pipefail, `omsctl | grep -q`
# fails when grep stops reading early and omsctl dies of SIGPIPE.
orders=
if [ -x "$build/bin/omsctl" ]; then
  orders=$("$build/bin/omsctl" --server "$address" --token demo-agent-token \
    call oms.v1.OrderService/SearchOrders '{}' 2>/dev/null || true)
fi
if [ -x "$build/bin/omsctl" ] && ! grep -q '"orders"' <<<"$orders"; then
  echo "screenshots: the demo server has no orders; placing tests/client-qt/fallback_orders.jsonl"
  while IFS= read -r request; do
    "$build/bin/omsctl" --server "$address" --token demo-channel-web-token \
      call oms.v1.OrderService/PlaceOrder "$request" >/dev/null
  done <"$root/tests/client-qt/fallback_orders.jsonl"
fi

# Shipments in different states for order-shipments.png, made through the
# fulfilment API as a node would: an order with two shipments still CREATED
# gets one shipped (DHL, a tracking id) and the other picked; without one,
# a shipment that holds two units of a line is picked and one unit reported
# missing, so the OMS re-routes it to another node (a second shipment), and
# the rest is shipped. Skipped when this omsd has no FulfillmentService; a
# refused step only makes the picture plainer.
if [ -x "$build/bin/omsctl" ]; then
  ctl=("$build/bin/omsctl" --server "$address" --token demo-supervisor-token)
  created=$("${ctl[@]}" shipment list --status created --all --json 2>/dev/null || true)
  plan=$(python3 -c '
import collections, json, sys
try:
    shipments = json.loads(sys.argv[1] or "{}").get("shipments", [])
except ValueError:
    sys.exit(0)
by_order = collections.defaultdict(list)
for shipment in shipments:
    by_order[shipment["orderId"]].append(shipment["shipmentId"])
for ids in by_order.values():
    if len(ids) >= 2:
        print("two", ids[0], ids[1])
        sys.exit(0)
for shipment in shipments:
    for line in shipment.get("lines", []):
        if int(line.get("quantity", "0")) >= 2:
            print("short", shipment["shipmentId"], line["lineNo"])
            sys.exit(0)
' "$created" || true)
  read -r how first second <<<"$plan" || true
  ship_it() {
    "${ctl[@]}" shipment pack "$1" &&
      "${ctl[@]}" shipment ship "$1" --carrier DHL --service express --tracking 00340434161094042557
  }
  case "$how" in
    two)
      echo "screenshots: shipping $first and picking $second for order-shipments.png"
      { "${ctl[@]}" shipment pick "$first" && ship_it "$first" &&
        "${ctl[@]}" shipment pick "$second"; } >/dev/null 2>"$work/fulfilment.log" ||
        { echo "screenshots: could not move the shipments:" >&2; cat "$work/fulfilment.log" >&2; } ;;
    short)
      echo "screenshots: short-picking one unit of line $second of $first, shipping the rest"
      { "${ctl[@]}" shipment pick "$first" &&
        "${ctl[@]}" shipment short-pick "$first" --line "$second:1" --reason "one unit not on the shelf" &&
        ship_it "$first"; } >/dev/null 2>"$work/fulfilment.log" ||
        { echo "screenshots: could not move the shipments:" >&2; cat "$work/fulfilment.log" >&2; } ;;
    *)
      echo "screenshots: no shipment to work on (is fulfilment built in this omsd?)" ;;
  esac
fi

mkdir -p "$out"
# A private config folder: the run must not remember its token or window
# geometry in the user's own settings.
XDG_CONFIG_HOME="$work/config" QT_QPA_PLATFORM=offscreen \
  "$build/bin/oms-desk" --server "127.0.0.1:$port" --token demo-supervisor-token --screenshots "$out"
echo "screenshots: written to $out"
ls -1 "$out"/*.png
