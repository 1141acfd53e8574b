package cli

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"
)

// maxEnvFile bounds an --env-file.
const maxEnvFile = 1 << 20

// maxEnvironment bounds the environment run builds: an env file of lines
// that all name one large value (a megabyte of notes) would otherwise ask
// for that value's size once a line; no system runs a command with more.
const maxEnvironment = 16 << 20

// runOptions are what `passtea run` was asked for.
type runOptions struct {
	envs      []string // VAR=REF
	envFiles  []string
	noMasking bool
	argv      []string
}

func newRunCmd(e *env, g *globals) *cobra.Command {
	var o runOptions
	cmd := &cobra.Command{
		Use:   "run [--env VAR=NAME[:FIELD]]... [--env-file FILE] -- CMD [ARG...]",
		Short: "Run a command with secrets from the vault in its environment",
		Long: `Start CMD with environment variables set to fields of entries, and pass its exit
status on. Each --env VAR=REF sets VAR to the field REF names: NAME[:FIELD], or
passtea://NAME[:FIELD] as in passtea inject (see its --help for the syntax):
FIELD is password (the default), username, url, notes, otp or a custom field.

An --env-file holds VAR=VALUE lines ("#" comments, blank lines and "export "
allowed, one pair of quotes around VALUE taken off); a VALUE that starts with
passtea:// is a reference, any other is set as it is. Variables of passtea's own
environment whose value is a reference are filled in as well.

Secrets (passwords, notes, one-time codes, concealed fields; of 4 bytes or more)
that CMD prints on its standard output or error are replaced by
"<concealed by passtea>". For that, CMD writes into pipes, not the terminal:
with --no-masking it gets passtea's own output and nothing is masked. The
vault is locked before CMD starts. Signals passtea gets are passed on to CMD
(on a terminal, ctrl+c and ctrl+\ reach CMD directly).`,
		Example: `  passtea run --env GITHUB_TOKEN=work/github:token -- gh repo list
  passtea run --env PGPASSWORD=work/db -- psql -h db.example.com -U app
  passtea run --env-file .env.passtea -- ./deploy.sh`,
		Args: usageArgs(cobra.MinimumNArgs(1)),
		RunE: func(_ *cobra.Command, args []string) error {
			o.argv = args
			return runRun(e, g, o)
		},
	}
	cmd.Flags().SetInterspersed(false) // flags after CMD are CMD's
	cmd.Flags().StringArrayVar(&o.envs, "env", nil, "set `VAR=NAME[:FIELD]` (repeat for more)")
	cmd.Flags().StringArrayVar(&o.envFiles, "env-file", nil, "read VAR=VALUE lines from `FILE` (repeat for more)")
	cmd.Flags().BoolVar(&o.noMasking, "no-masking", false, "let CMD print secrets as they are (its output goes straight to passtea's)")
	return cmd
}

// envSpec is a variable to set: to a reference's value, or a literal one.
type envSpec struct {
	name    string
	ref     *ref
	literal string
}

func runRun(e *env, g *globals, o runOptions) error {
	// What the command line says wins over the files, which win over
	// passtea's own environment.
	base := e.environ()
	specs := inheritedRefs(base)
	for _, f := range o.envFiles {
		fs, err := readEnvFile(f)
		if err != nil {
			return err
		}
		specs = append(specs, fs...)
	}
	for _, s := range o.envs {
		name, value, ok := strings.Cut(s, "=")
		if !ok || !validEnvName(name) {
			return usagef("--env wants VAR=NAME[:FIELD], with VAR a variable's name (letters, digits, _)")
		}
		r, err := parseRef(value, false)
		if err != nil {
			return usagef("--env %s: %v", name, err)
		}
		specs = append(specs, envSpec{name: name, ref: &r})
	}
	env, secrets, err := resolveEnv(e, g, base, specs)
	if err != nil {
		return err
	}
	return startAndWait(e, o, env, secrets)
}

// validEnvName reports whether s is a portable variable name.
func validEnvName(s string) bool {
	if s == "" || s[0] >= '0' && s[0] <= '9' {
		return false
	}
	for _, c := range []byte(s) {
		if !(c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

// readEnvFile reads VAR=VALUE lines (see run's help).
func readEnvFile(path string) ([]envSpec, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read --env-file: %w", err)
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxEnvFile+1))
	if err != nil {
		return nil, fmt.Errorf("read --env-file: %w", err)
	}
	if len(b) > maxEnvFile {
		return nil, fmt.Errorf("--env-file %s is larger than %d MiB", path, maxEnvFile>>20)
	}
	specs, err := parseEnvFile(b)
	if err != nil {
		return nil, fmt.Errorf("--env-file %s: %w", path, err)
	}
	return specs, nil
}

// parseEnvFile reads the lines of an env file.
func parseEnvFile(b []byte) ([]envSpec, error) {
	var specs []envSpec
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(make([]byte, 0, 4096), maxEnvFile+1)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || line[0] == '#' {
			continue
		}
		line = strings.TrimPrefix(line, "export ")
		name, value, ok := strings.Cut(line, "=")
		name = strings.TrimSpace(name)
		if !ok || !validEnvName(name) {
			return nil, fmt.Errorf("line %d: want VAR=VALUE, with VAR a variable's name (letters, digits, _)", n)
		}
		value = unquoteEnv(strings.TrimSpace(value))
		if !strings.HasPrefix(value, refScheme) {
			specs = append(specs, envSpec{name: name, literal: value})
			continue
		}
		r, err := parseRef(value, true)
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", n, err)
		}
		specs = append(specs, envSpec{name: name, ref: &r})
	}
	return specs, sc.Err()
}

// unquoteEnv takes one pair of matching quotes off a value.
func unquoteEnv(v string) string {
	if len(v) >= 2 && (v[0] == '"' || v[0] == '\'') && v[len(v)-1] == v[0] {
		return v[1 : len(v)-1]
	}
	return v
}

// inheritedRefs are the variables of environ whose value is a reference.
// One that does not parse is left as it is: it may not be meant for us.
func inheritedRefs(environ []string) []envSpec {
	var specs []envSpec
	for _, kv := range environ {
		name, value, _ := strings.Cut(kv, "=")
		if !strings.HasPrefix(value, refScheme) || !validEnvName(name) {
			continue
		}
		if r, err := parseRef(value, true); err == nil {
			specs = append(specs, envSpec{name: name, ref: &r})
		}
	}
	return specs
}

// resolveEnv looks the references up (the vault is open only meanwhile)
// and returns the environment of the command (base with specs set, a
// later one winning over an earlier one) and the secrets to mask.
func resolveEnv(e *env, g *globals, base []string, specs []envSpec) ([]string, []string, error) {
	var refs []ref
	for _, s := range specs {
		if s.ref != nil {
			refs = append(refs, *s.ref)
		}
	}
	var values map[ref]refValue
	if len(refs) > 0 {
		err := withVault(e, g, false, func(v store) error {
			var err error
			values, err = resolveRefs(v, refs, time.Now())
			return err
		})
		if err != nil {
			return nil, nil, err
		}
	}
	set := map[string]string{}
	var order, secrets []string
	for _, s := range specs {
		value := s.literal
		if s.ref != nil {
			v := values[*s.ref]
			value = v.value
			if v.secret {
				secrets = append(secrets, v.value)
			}
		}
		if _, dup := set[s.name]; !dup {
			order = append(order, s.name)
		}
		set[s.name] = value
	}
	var env []string
	size := 0
	for _, kv := range base {
		name, _, _ := strings.Cut(kv, "=")
		if _, replaced := set[name]; !replaced {
			env = append(env, kv)
			size += len(kv) + 1
		}
	}
	for _, name := range order {
		if size += len(name) + len(set[name]) + 2; size > maxEnvironment {
			return nil, nil, fmt.Errorf("the command's environment would be larger than %d MiB (references name large values many times): nothing was run", maxEnvironment>>20)
		}
		env = append(env, name+"="+set[name])
	}
	return env, secrets, nil
}

// startAndWait runs the command with env, masking secrets in its output
// unless asked not to, passing signals on, and returns its exit status as
// an *exitStatus.
func startAndWait(e *env, o runOptions, env []string, secrets []string) error {
	cmd := exec.Command(o.argv[0], o.argv[1:]...)
	cmd.Env = env
	cmd.Stdin = e.stdin
	cmd.Stdout, cmd.Stderr = e.stdout, e.stderr
	var maskers []*masker
	if !o.noMasking {
		mo, me := newMasker(e.stdout, secrets), newMasker(e.stderr, secrets)
		cmd.Stdout, cmd.Stderr = mo, me
		maskers = append(maskers, mo, me)
	}
	sigs := catchSignals()
	defer sigs.stop()
	if err := cmd.Start(); err != nil {
		var pe *os.PathError
		switch {
		case errors.Is(err, exec.ErrNotFound) || errors.Is(err, os.ErrNotExist):
			fmt.Fprintf(e.stderr, "passtea: run: %s: command not found\n", o.argv[0])
			return &exitStatus{127}
		case errors.As(err, &pe) || errors.Is(err, os.ErrPermission):
			fmt.Fprintf(e.stderr, "passtea: run: %s: cannot run it: %v\n", o.argv[0], errors.Unwrap(err))
			return &exitStatus{126}
		}
		return fmt.Errorf("run %s: %w", o.argv[0], err)
	}
	sigs.forward(cmd.Process)
	err := cmd.Wait()
	for _, m := range maskers {
		m.Flush()
	}
	return commandStatus(err)
}

// commandStatus turns how the command ended into passtea's exit status:
// its own, or 128 plus the signal that ended it, as shells report it.
func commandStatus(err error) error {
	if err == nil {
		return nil
	}
	var ee *exec.ExitError
	if !errors.As(err, &ee) {
		return err
	}
	if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		return &exitStatus{128 + int(ws.Signal())}
	}
	return &exitStatus{ee.ExitCode()}
}

// exitStatus ends passtea with code without a message of its own: the
// command passtea ran said what it had to.
type exitStatus struct{ code int }

func (e *exitStatus) Error() string { return fmt.Sprintf("exit status %d", e.code) }
