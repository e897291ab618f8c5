#!/usr/bin/env bash
# Makes the secrets the suite runs with outside local development, for docker-compose and the
# Kubernetes dev overlay: TLS certificates (deploy/tls/make-dev-certs.sh) and bearer tokens.
#
#   tokens.txt            every server's --tokens_file: "<sha256 of token> <principal> <role>", hashes only
#   admin.token           for people: districtctl --token_file=…/admin.token (deletes, targets, imports)
#   editor.token          an editor of everything
#   viewer.token          reads only
#   parks-editor.token    an editor scoped to park K00000001 (the Kuiwen data's first park)
#   recruitment.token     the recruitment service's own token, for LandLead's calls to the project service
#   aggregator.token      the aggregator's own token, for its reads of the three domain services
#   seed.token            the import job's token (admin)
#   backup.token          the nightly backup job's token (admin: AdminService is for admins)
#   ca.crt, server.crt/key, client.crt/key
#
# Not for production: tokens are random but sit in plain files beside the CA's key. Keys, tokens
# and the token hashes are readable by their owner only (0600), certificates by all; the folder is
# 0700. The containers still read them: docker-compose.yml starts each container as root, whose
# entrypoint (deploy/entrypoint.sh) copies its secrets for the suite's user and drops to it.
#   deploy/secrets/make-dev-secrets.sh [OUT_DIR]     (default deploy/secrets/dev; git-ignored)
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
OUT="${1:-$HERE/dev}"
mkdir -p "$OUT"
chmod 700 "$OUT"
bash "$HERE/../tls/make-dev-certs.sh" "$OUT" >/dev/null

hashes="$OUT/tokens.txt"
echo "# district-suite development tokens: <sha256 hex of token> <principal> <role> [scope]" >"$hashes"
token() {  # file principal role [scope]
  local t
  t=$(openssl rand -hex 24)
  printf '%s\n' "$t" >"$OUT/$1.token"
  echo "$(printf '%s' "$t" | sha256sum | cut -d' ' -f1) $2 $3${4:+ $4}" >>"$hashes"
}
token admin admin admin
token editor editor editor
token viewer viewer viewer
token parks-editor parks-editor editor park=K00000001
token recruitment recruitment-service editor
token aggregator aggregator-service viewer
token seed seed admin
token backup backup admin
chmod 600 "$OUT"/*
chmod 644 "$OUT"/*.crt
echo "made tokens.txt, *.token, ca.crt, server.crt/key and client.crt/key in $OUT"
