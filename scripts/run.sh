#!/usr/bin/env bash
# Builds and runs the demo: oms-partners (the simulated outside world),
# omsd with demo data, and the desktop client oms-desk connected to it.
#   scripts/run.sh              everything
#   scripts/run.sh --headless   the servers only (no desktop client)
# Environment: OMS_PORT (50051), OMS_PARTNERS_PORT (8480), OMS_PARTNER_ENDPOINT_PORT
# (50052, where the simulated 3PL posts its reports), OMS_DATA_DIR (var/demo),
# OMS_METRICS_PORT (9464, /metrics), OMS_OTLP_ENDPOINT (traces; empty: none).
set -euo pipefail
source "$(dirname "$0")/lib.sh"

headless=0
for arg in "$@"; do
  case "$arg" in
    --headless) headless=1 ;;
    -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown option $arg (try --headless)" >&2; exit 2 ;;
  esac
done

oms_install_packages
oms_build

port="${OMS_PORT:-50051}"
partners_port="${OMS_PARTNERS_PORT:-8480}"
endpoint_port="${OMS_PARTNER_ENDPOINT_PORT:-50052}"
data_dir="${OMS_DATA_DIR:-$OMS_ROOT/var/demo}"
mkdir -p "$data_dir"
bin="$OMS_BUILD/bin"

pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT INT TERM

# The Wroclaw 3PL of the demo is played by oms-partners too: omsd sends it
# shipment requests, and it posts ship confirmations back to omsd.
# It plays two marketplaces too, posting orders to omsd's webhook on request:
#   curl -s -d '{"count":2}' http://127.0.0.1:$partners_port/control/marketplace/marketplace/orders
"$bin/oms-partners" --listen "127.0.0.1:$partners_port" --secret partners-dev-secret \
  --3pl-callback "http://127.0.0.1:$endpoint_port" --3pl-secret wro-dev-secret \
  --marketplace marketplace:shopify:marketplace-dev-secret \
  --marketplace amazon-de:amazon:amazon-dev-secret \
  --marketplace-omsd "http://127.0.0.1:$endpoint_port" &
pids+=($!)

config="$data_dir/omsd.toml"
cat > "$config" <<TOML
region = "EU1"
listen = "127.0.0.1:$port"
data_dir = "$data_dir"
partner_listen = "127.0.0.1:$endpoint_port"
# Development only: grpcurl and omsctl can list the services.
[server]
reflection = true
# docs/OBSERVABILITY.md: Prometheus scrapes /metrics here; set otlp_endpoint
# to an OpenTelemetry collector (Jaeger, Tempo) to see traces.
[observability]
metrics_listen = "127.0.0.1:${OMS_METRICS_PORT:-9464}"
otlp_endpoint = "${OMS_OTLP_ENDPOINT:-}"
[[gateway]]
name = "gw-sim"
base_url = "http://127.0.0.1:$partners_port"
secret = "partners-dev-secret"
currencies = ["EUR", "USD", "GBP"]
timeout_ms = 5000
[[node_endpoint]]
node_id = "EU1-3PL-WRO"
base_url = "http://127.0.0.1:$partners_port"
secret = "wro-dev-secret"
# Channels (docs/CHANNELS.md): web and pos are built in; the marketplaces
# post to POST /channels/v1/{id}/orders on partner_listen.
[channel.marketplace]
secret = "marketplace-dev-secret"
[channel.amazon-de]
type = "marketplace"
format = "amazon"
secret = "amazon-dev-secret"
currency = "EUR"
TOML
"$bin/omsd" --config "$config" --demo &
pids+=($!)

if [ "$headless" -eq 1 ]; then
  echo "Servers running (headless). omsctl: export OMS_SERVER=127.0.0.1:$port OMS_TOKEN=demo-agent-token"
  echo "Press Ctrl+C to stop."
  wait -n "${pids[@]}"
  exit $?
fi

if [ ! -x "$bin/oms-desk" ]; then
  echo "oms-desk is not built; running the servers only. Press Ctrl+C to stop."
  wait -n "${pids[@]}"
  exit $?
fi
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "No display: starting oms-desk under Xvfb (screenshots: scripts/screenshots.sh)."
  exec_prefix=(xvfb-run -a)
else
  exec_prefix=()
fi
"${exec_prefix[@]}" "$bin/oms-desk" --server "127.0.0.1:$port" || true
