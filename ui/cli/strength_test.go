package cli

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

func TestStrengthFromStdin(t *testing.T) {
	code, out, errOut := genExec(t, "password\nsecond line ignored\n", "strength")
	if code != 0 || errOut != "" {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	for _, want := range []string{
		"Score:     0 of 4 (very weak)",
		"less than a second at 10^10 guesses/s",
		"against this vault: unknown",
		"Warning:   This is a top-10 common password",
		"Try:       Add another word or two.",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	_, out, _ = genExec(t, "correct horse battery staple\n", "strength")
	if !strings.Contains(out, "Score:     4 of 4 (very strong)") || strings.Contains(out, "Warning") || strings.Contains(out, "Try:") {
		t.Errorf("strong password:\n%s", out)
	}
}

func TestStrengthJSON(t *testing.T) {
	code, out, _ := genExec(t, "P@ssw0rd1990\n", "strength", "--json")
	if code != 0 || strings.Count(out, "\n") != 1 {
		t.Fatalf("exit %d, output %q", code, out)
	}
	var v map[string]any
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"score", "guesses_log10", "crack_seconds_fast_hash", "crack_seconds_vault", "warning", "suggestions"} {
		if _, ok := v[k]; !ok {
			t.Errorf("no %q in %s", k, out)
		}
	}
	if v["score"] != 1.0 || v["crack_seconds_vault"] != nil || v["warning"] == "" || len(v["suggestions"].([]any)) < 2 {
		t.Errorf("%s", out)
	}
	_, out, _ = genExec(t, "kX9#mQ2$vL7@pR4!\n", "strength", "--json")
	if !strings.Contains(out, `"suggestions":[]`) || !strings.Contains(out, `"score":4`) {
		t.Errorf("strong password: %s", out)
	}
}

// The password never shows up in the output, not even when given as an
// argument by mistake.
func TestStrengthNeverEchoes(t *testing.T) {
	const secret = "Zq7!unusual-secret"
	for _, args := range [][]string{{"strength"}, {"strength", "--json"}, {"strength", secret}} {
		_, out, errOut := genExec(t, secret+"\n", args...)
		if strings.Contains(out+errOut, secret) {
			t.Errorf("%q: output shows the password:\n%s%s", args, out, errOut)
		}
	}
	code, _, errOut := genExec(t, "", "strength", secret)
	if code != 2 || !strings.Contains(errOut, "takes no arguments") {
		t.Errorf("argument: exit %d, %q", code, errOut)
	}
}

// Nothing to rate is a usage error (exit 2), as it is for add.
func TestStrengthEmptyInput(t *testing.T) {
	for _, stdin := range []string{"", "\n"} {
		code, _, errOut := genExec(t, stdin, "strength")
		if code != 2 || !strings.HasPrefix(errOut, "passtea: ") || strings.Count(errOut, "\n") != 1 {
			t.Errorf("stdin %q: exit %d, stderr %q", stdin, code, errOut)
		}
	}
	if code, _, _ := genExec(t, "", "add", "x", "--vault", filepath.Join(t.TempDir(), "v"), "--password-file", "/dev/null"); code != 2 {
		t.Errorf("add with empty stdin: exit %d, want 2 like strength", code)
	}
}
