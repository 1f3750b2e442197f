#!/usr/bin/env bash
# Starts the whole federation on embedded defaults: simulators, subgraphs, gateway.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
npx tsc -p tsconfig.build.json
exec node dist/launcher/start.js "$@"
