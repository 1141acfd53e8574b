// This file holds child processes for the tests that need several
// processes on one vault: this test binary run again in a mode given by
// the environment (see TestHelperProcess).

package vault

import (
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"testing"
)

// childCommand runs this test binary again as a child process of the
// given mode.
func childCommand(t *testing.T, mode string, env ...string) *exec.Cmd {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Skipf("cannot run child processes: %v", err)
	}
	cmd := exec.Command(exe, "-test.run=^TestHelperProcess$", "-test.count=1")
	cmd.Env = append(append(os.Environ(), "PASSTEA_TEST_CHILD="+mode), env...)
	return cmd
}

// TestHelperProcess is the child process of the multi-process tests; run
// directly, it does nothing. Modes:
//
//   - "writer": says "ready" once it unlocked the vault, then adds
//     PASSTEA_TEST_N entries PREFIX/eI, and after each sets the password of
//     the entry "shared" to PREFIX-I and the setting PREFIX to I;
//   - "saveloop": edits the notes of the entry PASSTEA_TEST_NAME, a
//     counter, until killed, saying "saved" after each save.
func TestHelperProcess(t *testing.T) {
	mode := os.Getenv("PASSTEA_TEST_CHILD")
	if mode == "" {
		return
	}
	path := os.Getenv("PASSTEA_TEST_PATH")
	v, err := Open(path, testPassword, nil)
	if err != nil {
		t.Fatal(err)
	}
	switch mode {
	case "writer":
		fmt.Println("ready") // unlocked: the parent may change the password now
		n, _ := strconv.Atoi(os.Getenv("PASSTEA_TEST_N"))
		writeSteps(t, v, os.Getenv("PASSTEA_TEST_PREFIX"), n)
	case "saveloop":
		saveLoop(t, v, os.Getenv("PASSTEA_TEST_NAME"))
	default:
		t.Fatalf("unknown child mode %q", mode)
	}
}

// writeSteps is what one writer of the concurrency tests does: n entries
// of its own, and after each a new password for the shared entry and a
// new value of its own setting.
func writeSteps(t testing.TB, v *Vault, prefix string, n int) {
	shared, err := v.Get("shared")
	if err != nil {
		t.Fatal(err)
	}
	for i := range n {
		name := fmt.Sprintf("%s/e%d", prefix, i)
		if _, err := v.Add(NewEntry{Name: name, Secret: Secret{Password: "pw-" + name}}); err != nil {
			t.Fatalf("add %s: %v", name, err)
		}
		pw := fmt.Sprintf("%s-%d", prefix, i)
		if _, err := v.Edit(shared.ID, Change{Password: &pw}); err != nil {
			t.Fatalf("edit shared: %v", err)
		}
		if err := v.SetSetting(prefix, strconv.Itoa(i)); err != nil {
			t.Fatalf("setting: %v", err)
		}
	}
}

// saveLoop edits the notes of the entry name, a counter, until killed,
// printing "ready" first and "saved" after each save.
func saveLoop(t *testing.T, v *Vault, name string) {
	e, err := v.Get(name)
	if err != nil {
		t.Fatal(err)
	}
	s, err := v.Secret(e.ID)
	if err != nil {
		t.Fatal(err)
	}
	n, err := strconv.Atoi(s.Notes)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Println("ready")
	for {
		n++
		notes := strconv.Itoa(n)
		if _, err := v.Edit(e.ID, Change{Notes: &notes}); err != nil {
			t.Fatal(err)
		}
		fmt.Println("saved")
	}
}
