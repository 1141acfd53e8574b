package cli

import (
	"bytes"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"testing"

	"github.com/passtea/passtea/ui/agent"
	"github.com/passtea/passtea/vault"
)

// BenchmarkWriteColumns is ls's output of 10,000 entries.
func BenchmarkWriteColumns(b *testing.B) {
	rows := make([][]string, 10000)
	for i := range rows {
		rows[i] = []string{fmt.Sprintf("work/site-%05d.example", i), fmt.Sprintf("user%d@example.com", i)}
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := writeColumns(io.Discard, rows); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkMasker masks 5 secrets in 1 MiB of output written 4 KiB at a
// time, as a pipe delivers it.
func BenchmarkMasker(b *testing.B) {
	secrets := []string{"hunter2-Secret", "tok-0123456789abcdef", "pässwört-42", "s3cret-value", "db-Secret-2"}
	var in bytes.Buffer
	for in.Len() < 1<<20 {
		fmt.Fprintf(&in, "line %d: connecting with db-Secret-2 to the server as hunter… ok\n", in.Len())
	}
	b.SetBytes(int64(in.Len()))
	for b.Loop() {
		m := newMasker(io.Discard, secrets)
		data := in.Bytes()
		for len(data) > 0 {
			n := min(len(data), 4096)
			m.Write(data[:n])
			data = data[n:]
		}
		m.Flush()
	}
}

// BenchmarkCompleteNames is what completion of an entry name costs in
// the command with the agent holding a vault of 10,000 entries (the
// process start comes on top: see testdata/bench-agent.sh).
func BenchmarkCompleteNames(b *testing.B) {
	dir := b.TempDir()
	path := filepath.Join(dir, "vault.passtea")
	kdf := vault.KDFSettings{Params: vault.KDFParams{MemoryKiB: 8 << 10, Iterations: 1, Parallelism: 1}, Explicit: true}
	v, _, err := vault.Create(path, vault.NewVault{Credentials: vault.Credentials{Password: []byte(testMaster)}, KDF: kdf}, nil)
	if err != nil {
		b.Fatal(err)
	}
	items := make([]vault.NewEntry, 10000)
	for i := range items {
		items[i] = vault.NewEntry{Name: fmt.Sprintf("work/site-%05d.example", i), Secret: vault.Secret{Password: "pw"}}
	}
	if err := v.AddMany(items); err != nil {
		b.Fatal(err)
	}
	v.Lock()
	sock := filepath.Join(dir, "agent")
	ta := &testAgent{dir: sock}
	b.Cleanup(ta.stopAll)
	if err := ta.serve(sock, agent.Config{}); err != nil {
		b.Fatal(err)
	}
	cl, err := agent.Dial(sock)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := cl.Unlock(path, vault.Credentials{Password: []byte(testMaster)}, agent.UnlockOptions{}); err != nil {
		b.Fatal(err)
	}
	cl.Close()
	e := &env{getenv: func(string) string { return "" }, agent: agentEnv{dir: sock}}
	g := &globals{vaultPath: path}
	for b.Loop() {
		if n := heldNames(e, g, "", "work/site-0"); len(n) != 10000 || !strings.HasPrefix(n[0], "work/") {
			b.Fatalf("%d names", len(n))
		}
	}
}
