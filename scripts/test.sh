#!/usr/bin/env bash
# The whole suite: build (the CLI tests run the built command), type check, then vitest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/system-packages.sh
npm run --silent build
npx tsc -p tsconfig.json --noEmit
npx tsc -p src/channels/web/widget/tsconfig.json
npx vitest run "$@"
