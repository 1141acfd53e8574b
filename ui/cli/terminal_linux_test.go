package cli

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// openPTY opens a pseudo-terminal pair: the master, where the test plays
// the user, and the terminal itself, where passtea reads.
func openPTY(t *testing.T) (master, tty *os.File) {
	t.Helper()
	m, err := os.OpenFile("/dev/ptmx", os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		t.Skipf("no pseudo-terminals: %v", err)
	}
	if err := unix.IoctlSetPointerInt(int(m.Fd()), unix.TIOCSPTLCK, 0); err != nil {
		m.Close()
		t.Skipf("unlock pty: %v", err)
	}
	n, err := unix.IoctlGetInt(int(m.Fd()), unix.TIOCGPTN)
	if err != nil {
		m.Close()
		t.Skipf("pty number: %v", err)
	}
	s, err := os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		m.Close()
		t.Skipf("open pty: %v", err)
	}
	t.Cleanup(func() { s.Close(); m.Close() })
	return m, s
}

// TestPromptOnARealTerminal reads passwords through a real pseudo-terminal
// and its line discipline: a line is the password, without echo; ctrl+d
// (alone, or after some typing) aborts.
func TestPromptOnARealTerminal(t *testing.T) {
	for _, tc := range []struct {
		typed string
		want  string
		err   error
	}{
		{"s3cret-Line\n", "s3cret-Line", nil},
		{"\x04", "", errAborted},
		{"half-typed\x04", "", errAborted},
		{"with spaces  and\ttabs\n", "with spaces  and\ttabs", nil},
	} {
		master, tty := openPTY(t)
		var out bytes.Buffer
		p := &ttyPrompter{in: tty, out: &out}
		type result struct {
			b   []byte
			err error
		}
		done := make(chan result, 1)
		go func() {
			b, err := p.secret("Master password: ")
			done <- result{b, err}
		}()
		// Type once echo is off, as a person would after the prompt.
		for deadline := time.Now().Add(5 * time.Second); ; {
			st, err := unix.IoctlGetTermios(int(tty.Fd()), unix.TCGETS)
			if err == nil && st.Lflag&unix.ECHO == 0 {
				break
			}
			if time.Now().After(deadline) {
				t.Fatal("echo never turned off")
			}
			time.Sleep(time.Millisecond)
		}
		if _, err := master.WriteString(tc.typed); err != nil {
			t.Fatal(err)
		}
		var r result
		select {
		case r = <-done:
		case <-time.After(5 * time.Second):
			t.Fatalf("%q: the prompt did not return (ctrl+d ignored?)", tc.typed)
		}
		if string(r.b) != tc.want || !errors.Is(r.err, tc.err) && r.err != tc.err {
			t.Errorf("%q: %q, %v; want %q, %v", tc.typed, r.b, r.err, tc.want, tc.err)
		}
		// Echo is back on, and the password was never echoed.
		st, err := unix.IoctlGetTermios(int(tty.Fd()), unix.TCGETS)
		if err != nil || st.Lflag&unix.ECHO == 0 {
			t.Errorf("%q: echo left off", tc.typed)
		}
		echoed := make([]byte, 256)
		n := 0
		fds := []unix.PollFd{{Fd: int32(master.Fd()), Events: unix.POLLIN}}
		if k, _ := unix.Poll(fds, 100); k > 0 {
			n, _ = master.Read(echoed)
		}
		if tc.want != "" && strings.Contains(string(echoed[:n]), tc.want) {
			t.Errorf("%q: echoed %q", tc.typed, echoed[:n])
		}
		if out.String() != "Master password: \n" {
			t.Errorf("%q: prompt %q", tc.typed, out.String())
		}
	}
}
