#!/usr/bin/env bash
# Measures `passtea gen` as a whole process, side by side in the same run
# with pwgen and a Go hello-world: passtea as `go build` makes it (with cgo
# where a C compiler is found) and built with CGO_ENABLED=0. Prints
# hyperfine's wall times (-N, no shell), then CPU time and minor page
# faults from perf stat, then the package initialisation's allocations
# (GODEBUG=inittrace=1) with the largest packages. Needs hyperfine, pwgen
# and perf (the faults and allocations are the figures that hold on a
# shared machine; see ui/cli/gen.go).
#
#   ui/cli/testdata/bench-gen-start.sh [RUNS]
#
# RUNS (default 300) per command. Everything lives in a temporary
# directory, removed at the end.
set -euo pipefail
runs=${1:-300}
here=$(cd "$(dirname "$0")/../../.." && pwd)
w=$(mktemp -d)
trap 'rm -rf "$w"' EXIT
(cd "$here" && go build -o "$w/passtea" . && CGO_ENABLED=0 go build -o "$w/passtea-static" .)
mkdir "$w/hello"
printf 'package main\n\nimport "os"\n\nfunc main() { os.Stdout.WriteString("hello\\n") }\n' >"$w/hello/main.go"
printf 'module hello\n\ngo 1.26\n' >"$w/hello/go.mod"
(cd "$w/hello" && go build -o "$w/hello-go" .)

hyperfine -N --warmup 20 --runs "$runs" "$w/hello-go" pwgen "$w/passtea gen" "$w/passtea-static gen"

printf '\n%-22s %12s %12s\n' "" "CPU ms" "page faults"
for c in "$w/hello-go" pwgen "$w/passtea gen" "$w/passtea-static gen"; do
	# shellcheck disable=SC2086 # $c is a command and its argument
	perf stat -x, -e task-clock,page-faults -r "$runs" $c 2>&1 >/dev/null |
		awk -F, -v c="$(basename "${c%% *}")" '$3 == "task-clock" {t = $1} $3 == "page-faults" {f = $1} END {printf "%-22s %12.2f %12d\n", c, t, f}'
done

echo
GODEBUG=inittrace=1 "$w/passtea" gen 2>&1 >/dev/null |
	awk '/^init / {n++; b += $8; a += $10; print $8, $2} END {printf "%d packages: %d bytes in %d allocations at init\n", n, b, a > "/dev/stderr"}' |
	sort -rn | head -n 5
