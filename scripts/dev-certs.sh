#!/usr/bin/env bash
# Makes development certificates for omsd's TLS and mutual TLS
# (docs/SECURITY.md) into <dir>, with openssl:
#   ca.crt ca.key          a development CA (10 years)
#   server.crt server.key  omsd's certificate: CN localhost, SAN DNS:localhost,
#                          IP:127.0.0.1, IP:::1 (825 days), plus any names given
#                          in OMS_CERT_SANS ("DNS:oms.internal,IP:10.0.0.5")
#   client.crt client.key  a client certificate (CN oms-client) for mutual TLS
# Never use these in production: the CA key sits beside them, unprotected.
#
#   scripts/dev-certs.sh var/certs
#   omsd --config with: tls_cert = "var/certs/server.crt"  tls_key = "var/certs/server.key"
#                       tls_client_ca = "var/certs/ca.crt"  require_client_cert = true
#   omsctl --tls-ca var/certs/ca.crt --tls-cert var/certs/client.crt \
#          --tls-key var/certs/client.key --server localhost:50051 whoami
set -euo pipefail

if [[ $# -ne 1 ]]; then
  echo "usage: $0 <output-dir>" >&2
  exit 2
fi
dir=$1
mkdir -p "$dir"
cd "$dir"
umask 077

sans="DNS:localhost,IP:127.0.0.1,IP:::1"
if [[ -n "${OMS_CERT_SANS:-}" ]]; then sans="$sans,$OMS_CERT_SANS"; fi

openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days 3650 \
  -keyout ca.key -out ca.crt -subj "/CN=OMS development CA" \
  -addext "basicConstraints=critical,CA:TRUE" \
  -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null

issue() {  # issue <name> <CN> <extendedKeyUsage> [subjectAltName]
  local name=$1 cn=$2 eku=$3 san=${4:-}
  openssl req -newkey rsa:2048 -nodes -sha256 -keyout "$name.key" -out "$name.csr" \
    -subj "/CN=$cn" 2>/dev/null
  {
    echo "basicConstraints=CA:FALSE"
    echo "keyUsage=critical,digitalSignature,keyEncipherment"
    echo "extendedKeyUsage=$eku"
    if [[ -n "$san" ]]; then echo "subjectAltName=$san"; fi
  } > "$name.ext"
  openssl x509 -req -in "$name.csr" -CA ca.crt -CAkey ca.key -CAcreateserial \
    -days 825 -sha256 -extfile "$name.ext" -out "$name.crt" 2>/dev/null
  rm -f "$name.csr" "$name.ext"
}

issue server localhost serverAuth "$sans"
issue client oms-client clientAuth
rm -f ca.srl
chmod 644 ca.crt server.crt client.crt
echo "development certificates in $(pwd): ca.crt server.crt server.key client.crt client.key"
