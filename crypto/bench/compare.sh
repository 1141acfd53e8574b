#!/usr/bin/env bash
# Side by side: one argon2id derivation as a whole process, passtea's
# crypto.DeriveKey (built from this tree by ./crypto/bench) against the
# reference implementation's command line (Debian's argon2), with the same
# parameters in the same run; then CPU time and page faults of each, and the
# derivation's time inside the process cold and after crypto.PrepareKDF.
#
#   crypto/bench/compare.sh [runs] [memory log2 KiB ...]
#
# Defaults: 20 hyperfine runs at 64 MiB (16) and 256 MiB (18), t=3, p=4.
# Needs go, hyperfine, argon2 and GNU time (/usr/bin/time). On a busy machine
# repeat it and compare ranges.
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-20}
shift || true
sizes=${*:-16 18}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
go build -o "$dir/passtea-kdf" ./crypto/bench
salt=somesaltsomesalt # DeriveKey takes 16 bytes or more
ours="$dir/passtea-kdf"

for m in $sizes; do
	params="-t 3 -m $m -p 4"
	echo "== argon2id, $((1 << m >> 10)) MiB, t=3, p=4"
	want=$(printf pw | argon2 "$salt" -id $params -l 32 -r)
	got=$(printf pw | "$ours" $params "$salt")
	if [ "$want" != "$got" ]; then
		echo "keys differ: argon2 $want, passtea $got" >&2
		exit 1
	fi
	hyperfine --style basic --warmup 2 --runs "$runs" \
		-n "argon2 (C reference)" "printf pw | argon2 $salt -id $params -r" \
		-n "passtea DeriveKey" "printf pw | $ours $params $salt"

	echo "-- whole process, 5 runs each: wall s, user s, sys s, minor page faults"
	for i in 1 2 3 4 5; do
		printf pw | /usr/bin/time -f "argon2   %e %U %S %R" argon2 "$salt" -id $params -r >/dev/null
		printf pw | /usr/bin/time -f "passtea  %e %U %S %R" "$ours" $params "$salt" >/dev/null
	done 2>&1 | sort -s -k1,1

	echo "-- derivation inside the process, 5 runs each: cold, after PrepareKDF and 1 s of typing"
	for i in 1 2 3 4 5; do
		printf pw | "$ours" -time $params "$salt" 2>&1 >/dev/null | sed 's/^/cold      /'
		printf pw | "$ours" -time -prepare 1s $params "$salt" 2>&1 >/dev/null | sed 's/^/prepared  /'
	done | sort -s -k1,1
done
