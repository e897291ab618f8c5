#!/usr/bin/env bash
# Makes a local certificate authority and certificates for development, docker-compose and
# Kubernetes: a server certificate valid for the services' names (and localhost), and a client
# certificate for mutual TLS between services. Not for production: the CA key sits beside them.
#   deploy/tls/make-dev-certs.sh [OUT_DIR]      (default deploy/tls/dev)
set -euo pipefail
OUT="${1:-$(dirname "$0")/dev}"
mkdir -p "$OUT"
cd "$OUT"
command -v openssl >/dev/null || { echo "openssl is needed (apt-get install -y openssl)"; exit 1; }
NAMES="DNS:localhost,IP:127.0.0.1,DNS:project,DNS:recruitment,DNS:parks,DNS:aggregator,DNS:web"
for ns in project recruitment parks aggregator web; do NAMES="$NAMES,DNS:$ns.district.svc.cluster.local"; done

openssl req -x509 -newkey rsa:2048 -nodes -days 825 -subj "/CN=district-suite dev CA" \
  -keyout ca.key -out ca.crt 2>/dev/null
make_cert() {  # name usage subject_alt_names
  openssl req -newkey rsa:2048 -nodes -subj "/CN=$1" -keyout "$1.key" -out "$1.csr" 2>/dev/null
  printf 'extendedKeyUsage=%s\n%s' "$2" "${3:+subjectAltName=$3}" >"$1.ext"
  openssl x509 -req -in "$1.csr" -CA ca.crt -CAkey ca.key -CAcreateserial -days 825 \
    -extfile "$1.ext" -out "$1.crt" 2>/dev/null
  rm -f "$1.csr" "$1.ext"
}
make_cert server serverAuth "$NAMES"
make_cert client clientAuth ""
chmod 600 ./*.key
echo "made ca.crt, server.crt/key and client.crt/key in $OUT"
