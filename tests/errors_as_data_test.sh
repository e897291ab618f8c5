#!/usr/bin/env bash
# Errors a person can cause carry their details (AIP-193, common/errors.h): FieldError and
# district::InvalidArgumentError, FailedPreconditionError, NotFoundError, PermissionDeniedError and
# OutOfRangeError each take the zh-CN sentence. absl's constructors of those codes take none, so
# outside the places counted below (errors no request reaches: flags and files read at start-up,
# offline restores, districtctl's own usage errors, errors turned into another before they leave)
# the suite's C++ makes none with them. A new one in a listed file changes its count: decide
# which it is, and give it a sentence or the count.
#   tests/errors_as_data_test.sh SOURCE_DIR
set -euo pipefail
cd "$1"
declare -A allowed=(
  [common/auth.cc]=6                    # the tokens file and a token file, read at start-up
  [common/backups.cc]=8                 # --backup_dir at start-up; the offline restore
  [common/log.cc]=1                     # --log_format
  [common/metrics_server.cc]=1          # --metrics_listen
  [common/store.cc]=3                   # --data_dir; RocksDB's NotFound, which Table turns
  [common/tls.cc]=6                     # the TLS flags and files
  [services/project/main.cc]=2          # flags: the lights, the lock day
  [services/web/http_server.cc]=5       # the door's flags; malformed HTTP, refused before routing
  [services/web/static_files.cc]=1      # --static_dir
  [services/web/web_server.cc]=1        # the TLS flags
  [tools/districtctl/importer.cc]=5     # a data set file, imported from the command line
  [tools/districtctl/request_json.cc]=5 # districtctl's arguments (usage errors, exit status 2)
  [tools/export/xlsx.cc]=2              # the registers' own sheet names and cells
  [tools/returns/table_reader.cc]=1     # a zip member's absence, turned into a sentence
)
pattern='absl::(InvalidArgument|FailedPrecondition|NotFound|PermissionDenied|OutOfRange)Error\('
failed=0
declare -A found=()
while IFS=: read -r file count; do
  found[$file]=$count
done < <(grep -rcE --include='*.cc' --include='*.h' --exclude-dir=node_modules "$pattern" \
           common services tools | grep -v ':0$' || true)
for file in "${!found[@]}"; do
  if [ "${found[$file]}" != "${allowed[$file]:-0}" ]; then
    echo "$file: ${found[$file]} error(s) made with absl's constructors, ${allowed[$file]:-0} expected:"
    grep -nE "$pattern" "$file"
    failed=1
  fi
done
for file in "${!allowed[@]}"; do
  if [ -z "${found[$file]:-}" ]; then
    echo "$file: none made with absl's constructors now; take it off the list"
    failed=1
  fi
done
[ "$failed" = 0 ] || { echo "give each error a person can cause its zh-CN sentence (common/errors.h)"; exit 1; }
echo "every error a person can cause is made with its zh-CN sentence (common/errors.h)"
