// Tests of error messages found by trying the commands by hand: each is
// one line that says what went wrong and what to do, with exit status 1
// for a failure and 2 for a mistake in how passtea was called.

package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestErrorMessages(t *testing.T) {
	t.Parallel()
	v := newTestVault(t)
	v.add("a", "a-Secret-1")
	v.add("b", "b-Secret-2")
	dir := filepath.Join(v.dir, "adir")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(v.dir, "missing")
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"otp", "set", "a", "--qr", filepath.Join(missing, "qr.png")}, 1,
			"passtea: --qr: open " + filepath.Join(missing, "qr.png") + ": no such file or directory\n"},
		{[]string{"export", "--format", "csv", "-o", filepath.Join(missing, "x.csv")}, 1,
			"passtea: export to " + filepath.Join(missing, "x.csv") + ": directory " + missing + ": no such file or directory\n"},
		{[]string{"edit", "a", "--name", "b"}, 1,
			`passtea: an entry named "b" already exists: remove or rename it first, or choose another name` + "\n"},
		{[]string{"--vault", dir, "init"}, 1,
			"passtea: " + dir + " is a directory: give --vault the path of a file in it, e.g. " + filepath.Join(dir, "vault.passtea") + "\n"},
		{[]string{"recovery-code", "--new", "--remove"}, 2,
			"passtea: --new and --remove exclude each other: give only one (see passtea recovery-code --help)\n"},
		{[]string{"init", "--kdf-iterations", "3", "--kdf-time", "1s"}, 2,
			"passtea: --kdf-iterations and --kdf-time exclude each other: give only one (see passtea init --help)\n"},
		{[]string{"export", "-o", filepath.Join(v.dir, "x.csv")}, 2,
			"passtea: --format must be given (see passtea export --help)\n"},
		{[]string{"keyfile", "bogus"}, 2,
			`passtea: unknown command "bogus" for "passtea keyfile" (see passtea keyfile --help)` + "\n"},
		{[]string{"otp", "--no-agent"}, 2,
			"passtea: wrong number of arguments (0 given); usage: passtea otp NAME [flags]\n"},
		{[]string{"audit", "--max-age", "bogus"}, 2,
			"passtea: --max-age wants an age such as 90d, 26w, 1y or 2160h, or 0 to turn the check off (see passtea audit --help)\n"},
	} {
		t.Run(strings.Join(tc.args[:2], " "), func(t *testing.T) {
			before := v.bytes()
			r := v.run("", tc.args...)
			wantOneLineError(t, r, tc.code)
			if r.stderr != tc.want {
				t.Errorf("passtea %q:\n%q\nwant\n%q", tc.args, r.stderr, tc.want)
			}
			v.unchanged(before)
		})
	}
}
