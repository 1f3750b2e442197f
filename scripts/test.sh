#!/usr/bin/env bash
# Runs every test: lint and type check (as jest tests), unit, integration, end-to-end.
# Installs what it needs first. Ends with one line "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh --system || exit 1

mkdir -p test-results
npx jest --json --outputFile=test-results/jest.json "$@"
status=$?
node -e '
  const r = require("./test-results/jest.json");
  const failedSuites = r.numFailedTestSuites - r.testResults.filter(s => s.assertionResults.some(a => a.status === "failed")).length;
  console.log(`${r.numPassedTests} passed, ${r.numFailedTests + Math.max(0, failedSuites)} failed`);
' || { echo "0 passed, 1 failed"; exit 1; }
exit $status
