package cli

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestProgressBar(t *testing.T) {
	var buf bytes.Buffer
	now := time.Unix(0, 0)
	p := &progressBar{w: &buf, label: "reading", now: func() time.Time { return now }}
	p.report(1024, 0)
	p.report(2048, 0) // too soon: not drawn
	now = now.Add(minRedraw)
	p.report(50_000, 100_000)
	p.report(100_000, 100_000) // the end: always drawn
	p.phase("adding 100,000 entries to the vault…")
	p.done()
	want := "\r\x1b[Kreading 1,024" +
		"\r\x1b[Kreading ▕" + strings.Repeat("█", 12) + strings.Repeat(" ", 12) + "▏ 50,000 of 100,000" +
		"\r\x1b[Kreading ▕" + strings.Repeat("█", 24) + "▏ 100,000 of 100,000" +
		"\r\x1b[Kadding 100,000 entries to the vault…" +
		"\r\x1b[K"
	if got := buf.String(); got != want {
		t.Errorf("drawn\n%q\nwant\n%q", got, want)
	}
	var nilBar *progressBar
	nilBar.report(1, 2) // a bar that is not on a terminal draws nothing
	nilBar.done()
	if newProgressBar(&env{stderr: &buf}, "x") != nil {
		t.Error("a bar on a buffer")
	}
}

// TestProgressBarOnATerminal: a large import on a real pseudo-terminal
// draws the bar on standard error and clears it before the summary.
func TestProgressBarOnATerminal(t *testing.T) {
	t.Parallel()
	v := newTestVault(t)
	var csv strings.Builder
	csv.WriteString("name,password\n")
	for i := range 3000 {
		fmt.Fprintf(&csv, "e%d,p\n", i)
	}
	master, tty := openPTY(t)
	e := &env{stdin: strings.NewReader(""), stdout: &bytes.Buffer{}, stderr: tty, getenv: func(string) string { return "" },
		stdinIsTerminal: func() bool { return false }}
	done := make(chan int, 1)
	go func() {
		done <- run(e, []string{"--vault", v.path, "--password-file", v.pwFile, "import", writeTestFile(t, v.dir, "b.csv", csv.String())})
		tty.Close()
	}()
	var out bytes.Buffer
	buf := make([]byte, 4096)
	for {
		n, err := master.Read(buf)
		out.Write(buf[:n])
		if err != nil {
			break
		}
	}
	if code := <-done; code != 0 {
		t.Fatalf("exit %d: %q", code, out.String())
	}
	s := out.String()
	if !strings.Contains(s, "adding 3,000 entries to the vault…") || !strings.Contains(s, "\x1b[K3000 entries from csv") || !strings.Contains(s, "▏ 3,000 of 3,000") {
		t.Errorf("terminal output %q", s)
	}
}
