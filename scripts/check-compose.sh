#!/usr/bin/env bash
# Validates docker-compose.yml without a Docker engine: syntax, schema, variable substitution and profiles.
#
#   scripts/check-compose.sh
#
# Uses the standalone `docker-compose` command. When it is missing, the script installs Debian's package
# with apt-get (root only). The checks:
#   1. the default stack (SQL Server) validates with dummy secrets;
#   2. the `postgres` profile validates (when this docker-compose supports profiles, i.e. >= 1.28);
#   3. validation FAILS when MSSQL_PASSWORD or AUTH_JWT_SECRET is unset, proving the file has no default secret;
#   4. the default stack needs no POSTGRES_PASSWORD (Compose substitutes variables before it applies profiles);
#   5. every service built from this project names one image, so Compose builds it once;
#   6. the published host ports follow API_HOST_PORT, API_POSTGRES_HOST_PORT, MSSQL_HOST_PORT, POSTGRES_HOST_PORT
#      and API_SCALE_HOST_PORT;
#   7. the `scale` profile validates: Redis, two API instances that share it (same REDIS_URL, TRUST_PROXY=true,
#      the project's image) behind a proxy whose configuration sends to both.
# Does not pull, build or start anything. A .env next to the file is ignored: see run_config below.
# Then scripts/check-dockerfile.sh checks the image the stack builds (non-root USER, HEALTHCHECK, .dockerignore).
set -euo pipefail

cd "$(dirname "$0")/.."
COMPOSE_FILE_PATH=docker-compose.yml

fail() {
  echo "check-compose: FAIL: $*" >&2
  exit 1
}

[[ -f "$COMPOSE_FILE_PATH" ]] || fail "$COMPOSE_FILE_PATH not found in $(pwd)"

if ! command -v docker-compose >/dev/null 2>&1; then
  if [[ "$(id -u)" -ne 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
    fail "docker-compose is not installed (install it, or run this script as root on Debian/Ubuntu)"
  fi
  echo "check-compose: installing docker-compose with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq || fail "apt-get update failed"
  apt-get install -y -qq --no-install-recommends docker-compose >/dev/null || fail "apt-get install docker-compose failed"
fi

version_line="$(docker-compose version --short 2>/dev/null || docker-compose --version)"
version="$(grep -Eo '[0-9]+\.[0-9]+\.[0-9]+' <<<"$version_line" | head -n1)"
[[ -n "$version" ]] || fail "cannot read the docker-compose version from: $version_line"
echo "check-compose: using docker-compose $version"

# version_ge A B: true when version A >= version B.
version_ge() {
  [[ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n1)" == "$2" ]]
}
version_ge "$version" 1.29.0 ||
  fail "docker-compose $version is too old: the file needs >= 1.29 (profiles, depends_on: service_completed_successfully)"

# Runs `docker-compose config -q` in a clean environment: only the variables passed as arguments, no
# inherited secrets. --env-file points at an empty file so that a developer's real .env does not hide a
# missing variable. (Compose reads `.env` from the project directory by default.)
empty_env_file="$(mktemp)"
trap 'rm -f "$empty_env_file"' EXIT
run_config() {
  local -a vars=()
  while [[ $# -gt 0 && "$1" != "--" ]]; do
    vars+=("$1")
    shift
  done
  shift # the "--"
  env -i PATH="$PATH" HOME="${HOME:-/root}" "${vars[@]}" \
    docker-compose --env-file "$empty_env_file" -f "$COMPOSE_FILE_PATH" "$@" config -q
}

SECRETS=(MSSQL_PASSWORD=compose-check-only AUTH_JWT_SECRET=compose-check-only POSTGRES_PASSWORD=compose-check-only)

echo "check-compose: [1] default stack (SQL Server)"
run_config "${SECRETS[@]}" -- || fail "docker-compose config rejected $COMPOSE_FILE_PATH"

echo "check-compose: [2] profile postgres"
if version_ge "$version" 1.28.0; then
  run_config "${SECRETS[@]}" -- --profile postgres || fail "docker-compose --profile postgres config rejected $COMPOSE_FILE_PATH"
  # The profile has to add exactly the PostgreSQL services.
  default_services="$(env -i PATH="$PATH" HOME="${HOME:-/root}" "${SECRETS[@]}" \
    docker-compose --env-file "$empty_env_file" -f "$COMPOSE_FILE_PATH" config --services | sort | tr '\n' ' ')"
  echo "check-compose:     services (all profiles): $default_services"
  for service in mssql mssql-init migrate api postgres migrate-postgres api-postgres redis api-scale-1 api-scale-2 proxy; do
    grep -qw -- "$service" <<<"$default_services" || fail "service $service is missing from $COMPOSE_FILE_PATH"
  done
else
  echo "check-compose:     skipped: docker-compose $version has no profiles (needs >= 1.28)"
fi

for secret in MSSQL_PASSWORD AUTH_JWT_SECRET; do
  echo "check-compose: [3] $secret unset must be rejected"
  others=()
  for assignment in "${SECRETS[@]}"; do [[ "$assignment" == "$secret="* ]] || others+=("$assignment"); done
  if output="$(run_config "${others[@]}" -- 2>&1)"; then
    fail "docker-compose config succeeded without $secret: the file must not contain a default for it"
  fi
  grep -q "$secret" <<<"$output" ||
    fail "docker-compose config failed without $secret, but not because of it:"$'\n'"$output"
  echo "check-compose:     rejected as expected: $(grep -m1 "$secret" <<<"$output")"
done

echo "check-compose: [4] default stack without POSTGRES_PASSWORD"
run_config MSSQL_PASSWORD=compose-check-only AUTH_JWT_SECRET=compose-check-only -- ||
  fail "the default (SQL Server) stack must not require POSTGRES_PASSWORD"

# The resolved file (all profiles) as docker-compose prints it, for the checks that read values.
resolved_config() {
  env -i PATH="$PATH" HOME="${HOME:-/root}" "${SECRETS[@]}" "$@" \
    docker-compose --env-file "$empty_env_file" -f "$COMPOSE_FILE_PATH" --profile postgres --profile scale config
}

echo "check-compose: [5] one image for every service built from this project"
config="$(resolved_config)"
built_images="$(awk '/^  [a-z0-9-]+:$/ { service = $1 } /^    build:/ { built[service] = 1 } /^    image:/ { image[service] = $2 }
  END { for (s in built) print s, image[s] }' <<<"$config" | sort)"
echo "$built_images" | sed 's/^/check-compose:     /'
[[ "$(awk '{ print $2 }' <<<"$built_images" | sort -u | wc -l)" == 1 && -n "$(awk '{ print $2 }' <<<"$built_images" | head -n1)" ]] ||
  fail "the services that build this project must share one image: name, or Compose builds it once per service"

echo "check-compose: [6] published host ports are configurable"
config="$(resolved_config API_HOST_PORT=13100 API_POSTGRES_HOST_PORT=13101 MSSQL_HOST_PORT=11433 POSTGRES_HOST_PORT=15432 API_SCALE_HOST_PORT=13102)"
for published in 13100 13101 11433 15432 13102; do
  grep -Eq "published: \"?$published\"?\$|- \"?$published:" <<<"$config" || fail "host port $published was not published: check the *_HOST_PORT variables"
done

echo "check-compose: [7] profile scale: two instances sharing Redis behind a proxy"
run_config "${SECRETS[@]}" -- --profile scale || fail "docker-compose --profile scale config rejected $COMPOSE_FILE_PATH"
config="$(resolved_config)"
# One service's block of the resolved file (2-space service names, deeper lines until the next service).
service_block() { awk -v name="  $1:" '$0 == name { on = 1; next } /^  [a-z0-9-]+:$/ { on = 0 } /^[a-z]/ { on = 0 } on' <<<"$config"; }
for instance in api-scale-1 api-scale-2; do
  block="$(service_block "$instance")"
  grep -q 'REDIS_URL: redis://redis:6379' <<<"$block" || fail "$instance does not count in the redis service (REDIS_URL)"
  grep -Eq "TRUST_PROXY: ['\"]?true" <<<"$block" || fail "$instance does not set TRUST_PROXY=true: behind the proxy every client would share one limit"
  grep -Eq '^    - scale$' <<<"$block" || fail "$instance is not in the scale profile"
done
[[ "$(service_block api-scale-1 | grep -m1 '^    image:')" == "$(service_block api-scale-2 | grep -m1 '^    image:')" ]] ||
  fail "api-scale-1 and api-scale-2 must run the same image"
proxy_conf=docker/nginx-scale.conf
[[ -f "$proxy_conf" ]] || fail "the proxy's configuration $proxy_conf is missing"
service_block proxy | grep -q "$(pwd)/$proxy_conf:/etc/nginx/conf.d/default.conf" ||
  fail "the proxy does not mount $proxy_conf as nginx's default.conf"
for instance in api-scale-1 api-scale-2; do
  grep -Eq "^[[:space:]]*server[[:space:]]+$instance:3100;" "$proxy_conf" || fail "$proxy_conf does not send to $instance"
done
grep -q 'proxy_set_header X-Forwarded-For $remote_addr;' "$proxy_conf" ||
  fail "$proxy_conf must replace X-Forwarded-For with the client address (a client could pick its own counter)"
echo "check-compose:     api-scale-1 and api-scale-2 share redis (TRUST_PROXY=true); proxy: $proxy_conf sends to both"

echo "check-compose: OK ($COMPOSE_FILE_PATH is valid for docker-compose $version)"

bash scripts/check-dockerfile.sh
