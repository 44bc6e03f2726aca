#!/usr/bin/env bash
# Writes docs/openapi.json: the API's OpenAPI description as the local server makes it from its routes. It is the copy
# the Functions app serves (it has no routes of ASP.NET Core's to make one from), and the tests hold it equal to what
# the routes say, so run this after changing a route, a body or an answer.
set -euo pipefail
cd "$(dirname "$0")/.."
data=$(mktemp -d)
port=17071
SORA_DATA="$data" ./sora serve --port "$port" >/dev/null 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null; wait "$server" 2>/dev/null; rm -rf "$data"' EXIT
for _ in $(seq 1 180); do
  if curl -sf "http://127.0.0.1:$port/openapi/v1.json" -o docs/openapi.json.tmp; then
    mv docs/openapi.json.tmp docs/openapi.json
    echo "wrote docs/openapi.json"
    exit 0
  fi
  sleep 1
done
echo "error: the server did not answer /openapi/v1.json" >&2
exit 1
