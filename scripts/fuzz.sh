#!/usr/bin/env bash
# Fuzzes the API with schemathesis against the local runner's
# /openapi.json, as the demo organisation's manager: no 5xx, and every
# response conforms to the document (status code, content type, headers,
# body schema).
#
#   scripts/fuzz.sh            full run (default: 100 examples per operation)
#   scripts/fuzz.sh --quick    bounded run for scripts/test.sh (fixed seed,
#                              few examples per operation, about a minute)
#
# Extra arguments go to `schemathesis run` (e.g. --max-examples 500,
# --include-path-regex users). Reuses the emulator at SESAME_EMULATOR_URL
# when set; otherwise the runner starts its own. Reports land in
# .local/fuzz/.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
mode=full
if [[ ${1:-} == --quick ]]; then
  mode=quick
  shift
fi
mkdir -p .local/fuzz

echo "==> Building the local runner"
cargo build --quiet --locked -p sesame-tests --bin sesame-local
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
SESAME_PORT=$port RUST_LOG=${RUST_LOG:-warn} "${CARGO_TARGET_DIR:-target}/debug/sesame-local" > .local/fuzz/runner.log 2>&1 &
runner=$!
trap 'kill "$runner" 2>/dev/null || true; wait "$runner" 2>/dev/null || true' EXIT
base="http://127.0.0.1:$port"

# Wait for the runner, then sign in as the demo manager.
eval "$(python3 - "$base" <<'PY'
import json, sys, time, urllib.request
base = sys.argv[1]
for _ in range(600):
    try:
        urllib.request.urlopen(base + "/openapi.json", timeout=1)
        break
    except Exception:
        time.sleep(0.1)
else:
    sys.exit("the local runner did not start; see .local/fuzz/runner.log")
body = json.dumps({"email": "gestionnaire@demo.sesame.ca", "password": "Sesame-Demo-2026"}).encode()
req = urllib.request.Request(base + "/sessions", data=body, headers={"content-type": "application/json"})
token = json.load(urllib.request.urlopen(req))["access_token"]
org, est = "019a0000-0000-7000-8000-00000000d001", "019a0000-0000-7000-8000-00000000e001"
def call(method, path, payload=None, auth=True):
    headers = {"content-type": "application/json"}
    if auth:
        headers["authorization"] = "Bearer " + token
    data = None if payload is None else json.dumps(payload).encode()
    with urllib.request.urlopen(urllib.request.Request(base + path, data=data, headers=headers, method=method)) as r:
        return json.load(r)
# A replacement request and an access request to aim at.
replacement = call("POST", f"/orgs/{org}/replacements", {
    "establishment_id": est, "function": "Éducatrice", "age_group": "Scolaire", "task": "Groupe des Lucioles",
    "schedule": {"start_date": "2027-03-01", "end_date": "2027-03-02", "start_time": "08:00", "end_time": "16:00",
                 "unpaid_break_minutes": 30}})["id"]
call("POST", "/access-requests", {"org_identifier": "CPE-LUCIOLES", "civility": "mme", "last_name": "Fuzz",
    "first_name": "Frida", "function": "Éducatrice", "email": "frida.fuzz@exemple.ca", "phone": "514 555-0100",
    "message": "Bonjour"}, auth=False)
# The request is stored by the outbox sender just after the answer.
for _ in range(200):
    items = call("GET", f"/orgs/{org}/access-requests")["items"]
    if items:
        break
    time.sleep(0.1)
else:
    sys.exit("the access request was never stored; see .local/fuzz/runner.log")
request = items[0]["id"]
print(f"export SESAME_FUZZ_TOKEN={token} SESAME_FUZZ_REPLACEMENT={replacement} SESAME_FUZZ_REQUEST={request}")
PY
)"
export SESAME_FUZZ_ORG=019a0000-0000-7000-8000-00000000d001
export SESAME_FUZZ_ESTABLISHMENT=019a0000-0000-7000-8000-00000000e001
export SESAME_FUZZ_USER=019a0000-0000-7000-8000-00000000a001

checks=not_a_server_error,status_code_conformance,content_type_conformance,response_headers_conformance,response_schema_conformance,negative_data_rejection,unsupported_method,missing_required_header,ignored_auth
args=(--checks "$checks" --seed 20261122 --continue-on-failure --no-color
      --report junit --report-dir .local/fuzz --generation-database none)
if [[ $mode == quick ]]; then
  args+=(--max-examples 3 --phases examples,coverage,fuzzing --max-time 60)
fi
echo "==> schemathesis ($mode) against $base/openapi.json"
.venv/bin/schemathesis --config-file scripts/schemathesis.toml run "$base/openapi.json" \
  "${args[@]}" "$@"
