#!/usr/bin/env bash
# The browser client's unit tests under Node's built-in runner (Maven runs this in its test
# phase). Without Node they are skipped with a loud message, except under CI=true, where they fail.
set -euo pipefail
cd "$(dirname "$0")"
if ! command -v node >/dev/null; then
  message="node is not installed: the client's unit tests need it (apt-get install -y nodejs)"
  if [ "${CI:-}" = "true" ]; then echo "$message" >&2; exit 1; fi
  printf '\n*** SKIPPED: %s ***\n\n' "$message" >&2
  exit 0
fi
exec node --test .
