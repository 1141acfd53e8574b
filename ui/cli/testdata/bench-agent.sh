#!/usr/bin/env bash
# Measures passtea's commands through an unlocked agent, whole process,
# side by side with pass (gpg-agent, a key without passphrase) in the same
# run, and the agent's memory. Needs hyperfine, gpg, pass, python3.
#
#   ui/cli/testdata/bench-agent.sh [ENTRIES] [PASS_ENTRIES]
#
# ENTRIES (default 10000) go in the passtea vault; PASS_ENTRIES (default
# 1000: encrypting each takes gpg some 15 ms) in the pass store, which
# pass ls lists. Everything lives in a temporary directory, removed at the
# end; nothing of the user's is read or changed.
set -euo pipefail
n=${1:-10000}
np=${2:-1000}
here=$(cd "$(dirname "$0")/../../.." && pwd)
w=$(mktemp -d)
trap 'passtea lock --all >/dev/null 2>&1 || true; gpgconf --homedir "$w/gnupg" --kill gpg-agent 2>/dev/null || true; rm -rf "$w"' EXIT
export HOME=$w/home XDG_RUNTIME_DIR=$w/run PASSTEA_VAULT=$w/vault.passtea
export GNUPGHOME=$w/gnupg PASSWORD_STORE_DIR=$w/pass-store
mkdir -p "$HOME" && mkdir -m 700 "$XDG_RUNTIME_DIR" "$GNUPGHOME"
(cd "$here" && go build -o "$w/bin/passtea" .)
export PATH=$w/bin:$PATH

python3 - "$w" "$n" <<'EOF'
import random, string, sys
w, n = sys.argv[1], int(sys.argv[2])
random.seed(1)
with open(f'{w}/entries.csv', 'w') as f:
    f.write('name,username,password,url,notes\n')
    for i in range(n):
        pw = ''.join(random.choice(string.ascii_letters + string.digits) for _ in range(20))
        g = random.choice(['work', 'personal', 'shop', 'bank', 'dev'])
        f.write(f'{g}/site-{i:06d}.example,user{i}@example.com,{pw},https://site-{i:06d}.example/login,notes {i}\n')
EOF
echo 'Plum-Teapot-93-Orbit-Ginger' > "$w/master"
passtea --password-file "$w/master" init >/dev/null 2>&1
passtea --password-file "$w/master" import "$w/entries.csv" >/dev/null
name=$(sed -n 2p "$w/entries.csv" | cut -d, -f1)

gpg --batch --passphrase '' --quick-gen-key 'bench <bench@example.com>' default default never >/dev/null 2>&1
pass init bench@example.com >/dev/null
head -n $((np + 1)) "$w/entries.csv" | tail -n "$np" | while IFS=, read -r en _ pw _; do
	printf '%s\n' "$pw" | pass insert -e "$en" >/dev/null
done
pname=$(find "$PASSWORD_STORE_DIR" -name '*.gpg' -print -quit | sed "s|$PASSWORD_STORE_DIR/||; s|\.gpg$||")

passtea --password-file "$w/master" unlock --timeout 1h
pid=$(passtea unlock 2>&1 | sed -n 's/.*(pid \([0-9]*\)).*/\1/p')
rss() { awk '/VmRSS/ {printf "%.0f MiB\n", $2/1024}' "/proc/$pid/status"; }

hyperfine -N -w 5 -r 100 --export-json "$w/read.json" \
	"passtea get $name" "pass show $pname" \
	"passtea ls" "pass ls" \
	"passtea __complete get ''"
hyperfine -w 3 -r 50 --shell bash --export-json "$w/add.json" \
	'passtea add bench/$RANDOM$RANDOM --generate' 'pass generate bench/$RANDOM$RANDOM 20'
python3 - "$w" <<'EOF'
import json, sys
w = sys.argv[1]
for f in ('read', 'add'):
    for r in json.load(open(f'{w}/{f}.json'))['results']:
        print('%-48s median %6.1f ms  min %6.1f ms' % (r['command'][:48], r['median'] * 1e3, r['min'] * 1e3))
EOF
echo "agent RSS with $n entries, in use: $(rss)"
sleep 3
echo "agent RSS with $n entries, idle: $(rss)"
