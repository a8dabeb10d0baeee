# Shared by the scripts: install what is missing, configure and build.
# Source it; it defines functions only.

OMS_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OMS_BUILD="${OMS_BUILD:-$OMS_ROOT/build}"

# Debian 12 packages the build and the tests need.
OMS_PACKAGES=(
  cmake ninja-build g++ pkg-config ccache
  protobuf-compiler libprotobuf-dev protobuf-compiler-grpc libgrpc++-dev libgrpc-dev libabsl-dev
  libsqlite3-dev libgtest-dev libgmock-dev libbenchmark-dev
  qt6-base-dev qt6-base-dev-tools qt6-charts-dev libgl1-mesa-dev
  libcpp-httplib-dev nlohmann-json3-dev libcli11-dev libtoml11-dev libcurl4-openssl-dev libssl-dev libsodium-dev openssl
  libkainjow-mustache-dev
  libspdlog-dev prometheus-cpp-dev prometheus
  xvfb xauth python3
  haproxy
)

oms_install_packages() {
  local missing=()
  for p in "${OMS_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "Installing missing packages: ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
  # The tests need only promtool, which Debian ships inside the prometheus
  # package; do not leave the Prometheus server it installs running.
  if [[ " ${missing[*]} " == *" prometheus "* ]] && command -v systemctl >/dev/null; then
    $sudo systemctl disable --now prometheus >/dev/null 2>&1 || true
  fi
  # haproxy is for the front-door test and run-regions.sh --with-proxy,
  # which start their own; not a system proxy on port 80.
  if [[ " ${missing[*]} " == *" haproxy "* ]] && command -v systemctl >/dev/null; then
    $sudo systemctl disable --now haproxy >/dev/null 2>&1 || true
  fi
}

oms_build() {
  local args=(-G Ninja -S "$OMS_ROOT" -B "$OMS_BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo)
  [ -f "$OMS_BUILD/CMakeCache.txt" ] || cmake "${args[@]}" "$@" >/dev/null
  cmake "${args[@]}" "$@" >/dev/null
  # One job per core (OMS_JOBS overrides).
  ninja -C "$OMS_BUILD" -j "${OMS_JOBS:-$(nproc)}" "${OMS_TARGETS[@]}"
}
