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
printf '%s\n%s\n' "$master" "$master" | keepassxc-cli import -q -p -t 100 "$dir/entries.xml" "$dir/kx.kdbx" >/dev/null
export XDG_CONFIG_HOME="$dir/config"
cat "$dir/pwned-sha1.txt" >/dev/null # both read it from the page cache

fmt="%-24s %6es wall  %6Us user  %5Ss sys  max RSS %M KB"
ours=("$dir/passtea" --vault "$dir/vault.passtea" --password-file "$dir/master")
for r in $(seq "$runs"); do
	echo "round $r"
	/usr/bin/time -f "${fmt/\%-24s/passtea ls}" "${ours[@]}" ls >/dev/null
	/usr/bin/time -f "${fmt/\%-24s/passtea audit --hibp}" "${ours[@]}" audit --hibp "$dir/pwned-sha1.txt" >"$dir/audit.out" 2>/dev/null || [ $? -eq 3 ]
	printf '%s\n' "$master" | /usr/bin/time -f "${fmt/\%-24s/keepassxc-cli ls}" keepassxc-cli ls -q "$dir/kx.kdbx" >/dev/null
	printf '%s\n' "$master" | /usr/bin/time -f "${fmt/\%-24s/keepassxc-cli analyze}" keepassxc-cli analyze -q --hibp "$dir/pwned-sha1.txt" "$dir/kx.kdbx" >"$dir/kx.out"
done
echo "passtea:  $(tail -n1 "$dir/audit.out")"
echo "keepassxc-cli: $(grep -c 'has been leaked' "$dir/kx.out") leaked passwords reported"
