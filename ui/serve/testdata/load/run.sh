#!/usr/bin/env bash
# Load figures for `passtea serve` (issue 16), side by side with the Express
# example of the seed article "Building a Cryptographically Secure Password
# API in Node.js and Python". Run by hand; it takes about 5 minutes.
#
#   PASSTEA_SERVE  the server command (default: passtea serve)
#   EXPRESS_APP    the article's Express example saved as a file, OUTSIDE
#                  this repository, next to a node_modules with express and
#                  express-rate-limit (npm install express express-rate-limit
#                  in that directory). Change two things only: the port,
#                  app.listen(Number(process.env.PORT || 3000)), and the
#                  limiter, max: Number(process.env.MAX || 60), so that it can
#                  be raised as ours is turned off.
#   ROUNDS         repetitions, interleaved (default 3): the machine is shared,
#                  so report the range
#   DURATION       of each wrk run (default 10s); CONNS its connections (64)
#
# Needs wrk, node, go; raises the open-file limit for 10,000 connections.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
pkg="$(cd "$here/../.." && pwd)"
serve=${PASSTEA_SERVE:-passtea serve}
rounds=${ROUNDS:-3}
dur=${DURATION:-10s}
conns=${CONNS:-64}
: "${EXPRESS_APP:?set EXPRESS_APP to the Express example of the article (see the top of this script)}"
ulimit -n 20000

tmp="$(mktemp -d)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$tmp"; }
trap cleanup EXIT
export XDG_CONFIG_HOME="$tmp/config"

$serve --listen 127.0.0.1:8787 --rate off --audit-log "$tmp/audit.log" 2>"$tmp/serve.log" &
ours=$!
pids+=($ours)
$serve --listen 127.0.0.1:8788 --audit-log "$tmp/audit-limited.log" 2>"$tmp/serve-limited.log" &
pids+=($!)
PORT=3000 MAX=1000000000 node "$EXPRESS_APP" &
express=$!
pids+=($express)
sleep 2
token="$(cat "$XDG_CONFIG_HOME/passtea/serve-token")"
auth="Authorization: Bearer $token"

# cpu_ticks is the CPU time a process has used, user and system, in clock
# ticks: CPU time per request is a figure that other load on the machine
# disturbs far less than requests per second or latency.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
hz=$(getconf CLK_TCK)

bench() { # name, server pid, then wrk arguments
	local name=$1 pid=$2; shift 2
	local before after
	before=$(cpu_ticks "$pid")
	wrk -t2 -c"$conns" -d"$dur" --latency "$@" >"$tmp/wrk.out"
	after=$(cpu_ticks "$pid")
	awk -v n="$name" -v ticks=$((after - before)) -v hz="$hz" '
		/requests in/ {reqs=$1} /Requests\/sec/ {rps=$2} /^ +50%/ {p50=$2} /^ +99%/ {p99=$2}
		/Non-2xx/ {bad=$5} /Socket errors/ {sock=$0}
		END {printf "%-18s %9s req/s  p50 %8s  p99 %8s  server CPU %6.1f us/req  non-2xx %d %s\n",
			n, rps, p50, p99, ticks / hz * 1e6 / reqs, bad, sock}' "$tmp/wrk.out"
}

for r in $(seq "$rounds"); do
	echo "round $r"
	bench "ours generate" "$ours" -H "$auth" http://127.0.0.1:8787/api/generate
	bench "express generate" "$express" http://127.0.0.1:3000/api/generate
	bench "ours validate" "$ours" -H "$auth" -s "$here/validate.lua" http://127.0.0.1:8787/api/validate
done

echo "10,000 connections held (wrk, 10 s):"
wrk -t2 -c10000 -d10s --timeout 10s --latency -H "$auth" http://127.0.0.1:8787/api/generate | grep -E "requests in|Requests/sec|Socket errors|Non-2xx|99%" || true
echo "10,000 connections held, two requests each (go test):"
(cd "$pkg" && PASSTEA_LOAD_ADDR=127.0.0.1:8787 PASSTEA_LOAD_TOKEN="$token" go test -run TestLoadConnections -count=1 -v . | grep -E "load_test|ok|FAIL")
echo "a burst over the default limit (60/min, burst 10):"
(cd "$pkg" && PASSTEA_LOAD_ADDR=127.0.0.1:8788 PASSTEA_LOAD_TOKEN="$token" go test -run TestLoadBurst -count=1 -v . | grep -E "load_test|ok|FAIL")
grep -o '"status":[0-9]*' "$tmp/audit-limited.log" | sort | uniq -c
