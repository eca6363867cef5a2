# Sourced by scripts/test.sh and scripts/bench.sh: `start_emulator NAME`
# starts the project's moto server (scripts/emulator.py) on a free loopback
# port, logging to .local/moto-NAME.log, stops it when the calling script
# exits, waits until it answers and exports SESAME_EMULATOR_URL.
start_emulator() {
  local log=".local/moto-$1.log" port
  mkdir -p .local
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  echo "==> Starting moto server on 127.0.0.1:$port"
  .venv/bin/python scripts/emulator.py 127.0.0.1 "$port" > "$log" 2>&1 &
  EMULATOR_PID=$!
  trap 'kill "$EMULATOR_PID" 2>/dev/null || true; wait "$EMULATOR_PID" 2>/dev/null || true' EXIT
  python3 - "$port" "$log" <<'PY'
import sys, time, urllib.request
url = f"http://127.0.0.1:{sys.argv[1]}/moto-api/"
for _ in range(300):
    try:
        urllib.request.urlopen(url, timeout=1)
        sys.exit(0)
    except Exception:
        time.sleep(0.1)
sys.exit(f"moto server did not start; see {sys.argv[2]}")
PY
  export SESAME_EMULATOR_URL="http://127.0.0.1:$port"
}
