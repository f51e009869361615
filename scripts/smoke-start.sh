#!/usr/bin/env bash
# Runs the README's first command the way a new user would (npm start on a fresh SQLite file), waits for
# /health/ready, registers a user and logs in through the API, then sends SIGTERM and expects a clean exit.
set -euo pipefail
cd "$(dirname "$0")/.."

port=${SMOKE_PORT:-3187}
dir=$(mktemp -d)
log="$dir/server.log"
trap 'rm -rf "$dir"' EXIT
if curl -s -o /dev/null "http://127.0.0.1:$port/"; then echo "smoke-start: port $port is already in use (set SMOKE_PORT)"; exit 1; fi

# production refuses the development signing secret: give it one of its own, as a deployment would
AUTH_JWT_SECRET=$(node -e "process.stdout.write(require('crypto').randomBytes(48).toString('base64'))") \
  SQLITE_PATH="$dir/app.sqlite" API_PORT=$port NODE_ENV=production LOG_LEVEL=info npm start >"$log" 2>&1 &
pid=$!

ready=""
for _ in $(seq 1 120); do
  if curl -fsS "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1; then ready=yes; break; fi
  if ! kill -0 "$pid" 2>/dev/null; then break; fi
  sleep 0.5
done
if [ -z "$ready" ]; then
  echo "smoke-start: the service did not become ready; its log:"; cat "$log"; kill "$pid" 2>/dev/null || true; exit 1
fi

status=$(curl -s -o "$dir/body" -w '%{http_code}' -X POST "http://127.0.0.1:$port/api/v1/auth/register" \
  -H 'content-type: application/json' -d '{"email":"smoke@example.com","fullName":"Smoke","password":"correct-horse-battery"}')
if [ "$status" != "201" ]; then echo "smoke-start: POST /api/v1/auth/register answered $status: $(cat "$dir/body")"; kill "$pid"; exit 1; fi
status=$(curl -s -o "$dir/body" -w '%{http_code}' -X POST "http://127.0.0.1:$port/api/v1/auth/login" \
  -H 'content-type: application/json' -d '{"email":"smoke@example.com","password":"correct-horse-battery"}')
if [ "$status" != "200" ]; then echo "smoke-start: POST /api/v1/auth/login answered $status: $(cat "$dir/body")"; kill "$pid"; exit 1; fi

# npm start runs node as a child: signal the node process itself, as a container runtime would.
node_pid=$(pgrep -f '^node dist/src/server.js' | head -n1)
kill -TERM "$node_pid"
code=0
wait "$pid" || code=$?
if [ "$code" != "0" ]; then echo "smoke-start: exit code $code after SIGTERM; log:"; cat "$log"; exit 1; fi
grep -q '"shutting down"\|shutting down' "$log" || { echo "smoke-start: no graceful shutdown in the log"; cat "$log"; exit 1; }
echo "smoke-start: npm start served, registered a user (201) who logged in (200), and shut down cleanly on SIGTERM"
