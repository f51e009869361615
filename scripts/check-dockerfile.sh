#!/usr/bin/env bash
# Checks the production image's Dockerfile and .dockerignore without a Docker engine:
#   1. the runtime (last) stage runs as a non-root USER;
#   2. the runtime stage has a HEALTHCHECK that asks /health/ready;
#   3. .dockerignore keeps .env files and local SQLite data out of the build context, with no `!` exception.
# Line checks of the instructions (continuation lines joined), not a Dockerfile parser: hadolint is not
# available here. Called by scripts/check-compose.sh.
#
#   scripts/check-dockerfile.sh [DOCKERFILE] [DOCKERIGNORE]     (paths from the project root; default: its own)
set -euo pipefail
cd "$(dirname "$0")/.."
dockerfile=${1:-Dockerfile}
dockerignore=${2:-.dockerignore}

fail() {
  echo "check-dockerfile: FAIL: $*" >&2
  exit 1
}

# One instruction per line (a trailing backslash continues it), comments dropped, from the last FROM on.
runtime_stage="$(sed -e ':join' -e '/\\$/{N;s/\\\n//;b join' -e '}' "$dockerfile" |
  grep -v '^[[:space:]]*#' |
  awk 'toupper($1) == "FROM" { stage = "" } { stage = stage $0 "\n" } END { printf "%s", stage }')"
[[ -n "$runtime_stage" ]] || fail "$dockerfile has no FROM"

user="$( (grep -iE '^[[:space:]]*USER[[:space:]]' <<<"$runtime_stage" || true) | tail -n1 | awk '{ print $2 }')"
[[ -n "$user" ]] || fail "the runtime stage of $dockerfile has no USER: the container would run as root"
[[ "${user%%:*}" != root && "${user%%:*}" != 0 ]] || fail "the runtime stage of $dockerfile runs as USER $user"
echo "check-dockerfile: runtime stage runs as USER $user"

healthcheck="$( (grep -iE '^[[:space:]]*HEALTHCHECK[[:space:]]' <<<"$runtime_stage" || true) | tail -n1)"
grep -qE '[[:space:]]CMD[[:space:]].*/health/ready' <<<"$healthcheck" ||
  fail "the runtime stage of $dockerfile has no HEALTHCHECK ... CMD that asks /health/ready"
echo "check-dockerfile: HEALTHCHECK asks /health/ready"

# Docker's `**/` also matches the context root, so these three lines cover every depth they need.
for pattern in '**/.env*' 'data' '**/*.sqlite'; do
  grep -qxF -- "$pattern" "$dockerignore" || fail "$dockerignore does not exclude $pattern"
done
exception="$(grep -m1 '^[[:space:]]*!' "$dockerignore" || true)"
[[ -z "$exception" ]] || fail "$dockerignore re-includes files ($exception): keep .env files and data out without exceptions"
echo "check-dockerfile: $dockerignore excludes .env*, data/ and *.sqlite"
