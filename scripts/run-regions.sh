#!/usr/bin/env bash
# Three regions on loopback, each a full stack (docs/REGIONS.md): EU1 on
# :50051, US1 on :50061, AP1 on :50071, each with demo data and its own
# database, replicating orders to the others. One oms-partners plays the
# card gateway for all three.
#   scripts/run-regions.sh                 the three regions, headless
#   scripts/run-regions.sh --latency 80    oms-link between every pair: 80-120 ms each way
#   scripts/run-regions.sh --with-proxy    the front door (haproxy, deploy/haproxy) on :50050,
#                                          nearest healthy region first: EU1, then US1, then AP1
# Environment: OMS_REGIONS_DIR (var/regions), OMS_PARTNERS_PORT (8480).
# Then: build/bin/omsctl --server 127.0.0.1:50061 --token demo-agent-token call
#   oms.v1.RegionService/GetRegionStatus '{}'
set -euo pipefail
source "$(dirname "$0")/lib.sh"

latency=0
proxy=0
while [ $# -gt 0 ]; do
  case "$1" in
    --latency) latency="${2:?--latency needs milliseconds}"; shift 2 ;;
    --with-proxy) proxy=1; shift ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "run-regions.sh: unknown option $1 (try --latency MS, --with-proxy)" >&2; exit 2 ;;
  esac
done

oms_install_packages
OMS_TARGETS=(omsd oms-partners oms-link omsctl)
oms_build

regions=(EU1 US1 AP1)
declare -A port=([EU1]=50051 [US1]=50061 [AP1]=50071)
declare -A code=([EU1]=0 [US1]=1 [AP1]=2)
declare -A metrics=([EU1]=9471 [US1]=9472 [AP1]=9473)  # Prometheus; the front door's health checks
partners_port="${OMS_PARTNERS_PORT:-8480}"
root="${OMS_REGIONS_DIR:-$OMS_ROOT/var/regions}"
secret="run-regions-dev-secret"
bin="$OMS_BUILD/bin"
mkdir -p "$root"

pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT INT TERM

"$bin/oms-partners" --listen "127.0.0.1:$partners_port" --secret partners-dev-secret &
pids+=($!)

# Where region $1 reaches region $2: straight, or through its own oms-link
# on port 5xx9y (x = follower, y = peer) when --latency is set.
peer_address() {
  if [ "$latency" -gt 0 ]; then
    echo "127.0.0.1:$((51000 + ${code[$1]} * 10 + ${code[$2]}))"
  else
    echo "127.0.0.1:${port[$2]}"
  fi
}

if [ "$latency" -gt 0 ]; then
  for follower in "${regions[@]}"; do
    for peer in "${regions[@]}"; do
      [ "$follower" = "$peer" ] && continue
      link="$(peer_address "$follower" "$peer")"
      "$bin/oms-link" --listen-port "${link##*:}" --target "127.0.0.1:${port[$peer]}" \
        --delay-ms "$latency" --max-delay-ms "$((latency * 3 / 2))" &
      pids+=($!)
    done
  done
fi

for region in "${regions[@]}"; do
  dir="$root/$region"
  mkdir -p "$dir"
  {
    echo "region = \"$region\""
    echo "listen = \"127.0.0.1:${port[$region]}\""
    echo "data_dir = \"$dir\""
    echo "partner_listen = \"127.0.0.1:$((port[$region] + 1))\""
    echo "[observability]"
    echo "metrics_listen = \"127.0.0.1:${metrics[$region]}\""
    echo "[[gateway]]"
    echo "name = \"gw-sim\""
    echo "base_url = \"http://127.0.0.1:$partners_port\""
    echo "secret = \"partners-dev-secret\""
    echo "[federation]"
    echo "secret = \"$secret\""
    for peer in "${regions[@]}"; do
      [ "$peer" = "$region" ] && continue
      echo "[[peer]]"
      echo "region = \"$peer\""
      echo "address = \"$(peer_address "$region" "$peer")\""
    done
  } > "$dir/omsd.toml"
  "$bin/omsd" --config "$dir/omsd.toml" --demo > "$dir/omsd.log" 2>&1 &
  pids+=($!)
done

if [ "$proxy" -eq 1 ]; then
  OMS_FRONT_DOOR=127.0.0.1:50050 \
  OMS_REGION_1="127.0.0.1:${port[EU1]}" OMS_REGION_1_METRICS_PORT="${metrics[EU1]}" \
  OMS_REGION_2="127.0.0.1:${port[US1]}" OMS_REGION_2_METRICS_PORT="${metrics[US1]}" \
  OMS_REGION_3="127.0.0.1:${port[AP1]}" OMS_REGION_3_METRICS_PORT="${metrics[AP1]}" \
    haproxy -db -f "$OMS_ROOT/deploy/haproxy/front-door.cfg" > "$root/haproxy.log" 2>&1 &
  pids+=($!)
  echo "Front door: 127.0.0.1:50050 (haproxy; EU1 first, then US1, then AP1; log $root/haproxy.log)"
fi

echo "Regions: EU1 127.0.0.1:50051, US1 127.0.0.1:50061, AP1 127.0.0.1:50071 (logs in $root/*/omsd.log)"
[ "$latency" -gt 0 ] && echo "Links between regions: ${latency}-$((latency * 3 / 2)) ms each way (oms-link)"
echo "Status: $bin/omsctl --server 127.0.0.1:50061 --token demo-agent-token call oms.v1.RegionService/GetRegionStatus '{}'"
echo "Press Ctrl+C to stop."
wait -n "${pids[@]}"
