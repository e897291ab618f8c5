#!/usr/bin/env bash
# The page's component and unit tests (services/web/ui/tests, Vitest in happy-dom).
# Exit 77 (ctest: skipped) only when the page's npm packages are not installed.
set -euo pipefail
UI="$(cd "$(dirname "$0")/../../services/web/ui" && pwd)"
if [ ! -x "$UI/node_modules/.bin/vitest" ]; then
  echo "SKIP: $UI/node_modules/.bin/vitest is missing: the page's npm packages are not installed (bash scripts/setup.sh, or cd services/web/ui && npm ci)"
  exit 77
fi
cd "$UI"
exec ./node_modules/.bin/vitest run --reporter=verbose
