#!/usr/bin/env bash
# Downloads the gateway's public schema, generates the typed documents, builds and runs the client.
# GATEWAY_URL (default http://127.0.0.1:4000/graphql) and TOKEN (a bearer token, e.g. one npm start printed).
set -euo pipefail
cd "$(dirname "$0")/.."
gateway="${GATEWAY_URL:-http://127.0.0.1:4000/graphql}"
curl -fsS ${TOKEN:+-H "Authorization: Bearer $TOKEN"} "${gateway%/graphql}/schema.graphql" -o examples/schema.graphql
npx graphql-codegen --config examples/codegen.yml
npx tsc -p examples/tsconfig.json
node examples/dist/client.js
