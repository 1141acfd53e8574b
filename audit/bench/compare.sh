#!/usr/bin/env bash
# Side by side: `passtea audit --hibp` against `keepassxc-cli analyze --hibp`
# on the same 10,000 entries and the same 1 GiB Pwned Passwords list (made
# by ./audit/bench in a temporary directory), each as a whole process, with
# `ls` of each as the baseline (the unlock and loading of the database).
#
#   audit/bench/compare.sh [runs] [entries] [list bytes]
#
# Defaults: 3 runs, 10,000 entries, 1 GiB. passtea's vault uses argon2id
# 64 MiB, 3 passes, 4 lanes; KeePassXC's database AES-KDF calibrated to
# 100 ms. keepassxc-cli analyze checks only the list (and reads it whole);
# passtea audit also rates every password and finds reused and old ones.
# Needs go, keepassxc-cli and GNU time; about 1 GB in $TMPDIR. The machine
# is shared: repeat and compare ranges.
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-3}
entries=${2:-10000}
bytes=${3:-1073741824}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
go build -o "$dir/passtea" .
go run ./audit/bench -dir "$dir" -entries "$entries" -list-bytes "$bytes"
master=$(head -n1 "$dir/master")
printf '%s\n%s\n' "$master" "$master" | keepassxc-cli import -q -p -t 100 "$dir/entries.xml" "$dir/kx.kdbx" >/dev/null 2>&1
export XDG_CONFIG_HOME="$dir/config"
cat "$dir/pwned-sha1.txt" >/dev/null # both read it from the page cache

# timed LABEL CMD...: runs CMD (exit status 3, findings, is fine) and says
# what it cost.
timed() {
	local label=$1
	shift
	/usr/bin/time -o "$dir/time" -f "%e s wall, %U s user, %S s sys, max RSS %M KB" "$@" || [ $? -eq 3 ]
	printf '%-22s %s\n' "$label" "$(tail -n1 "$dir/time")" >&3
}
exec 3>&1
ours=("$dir/passtea" --vault "$dir/vault.passtea" --password-file "$dir/master")
for r in $(seq "$runs"); do
	echo "round $r"
	timed "passtea ls" "${ours[@]}" ls >/dev/null
	timed "passtea audit --hibp" "${ours[@]}" audit --hibp "$dir/pwned-sha1.txt" >"$dir/audit.out" 2>/dev/null
	printf '%s\n' "$master" | timed "keepassxc-cli ls" keepassxc-cli ls -q "$dir/kx.kdbx" >/dev/null
	printf '%s\n' "$master" | timed "keepassxc-cli analyze" keepassxc-cli analyze -q --hibp "$dir/pwned-sha1.txt" "$dir/kx.kdbx" >"$dir/kx.out"
done
echo "passtea: $(tail -n1 "$dir/audit.out")"
echo "keepassxc-cli: $(grep -c 'has been leaked' "$dir/kx.out") leaked passwords reported"
