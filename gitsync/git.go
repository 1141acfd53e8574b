// Running the system's git: one place that builds its environment, runs
// it in the repository and turns its failures into errors.

package gitsync

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"regexp"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// ErrNoGit means git is not installed (not on PATH).
var ErrNoGit = errors.New("git is not installed (passtea sync runs the system's git)")

// GitError is a git command that failed: which one, its exit status and
// the last lines it wrote on stderr. Its message blanks the credentials of
// URLs, in the arguments as in git's words.
type GitError struct {
	Args   []string
	Status int
	Stderr string
}

func (e *GitError) Error() string {
	msg := "git " + scrub(strings.Join(e.Args, " ")) + " failed"
	if e.Stderr != "" {
		msg += ": " + e.Stderr
	}
	return msg
}

// git runs the git program with the repository's environment.
type git struct {
	dir string   // where it runs (the work tree's top, or the vault's directory before there is one)
	env []string // nil: this process's
}

// scrubbed are the variables that would point git at another repository
// than the vault's (set when passtea runs inside a git hook).
var scrubbed = []string{"GIT_DIR=", "GIT_WORK_TREE=", "GIT_INDEX_FILE=", "GIT_PREFIX=", "GIT_COMMON_DIR=", "GIT_OBJECT_DIRECTORY="}

// environ is the environment git runs with: env less the variables above.
func environ(env []string) []string {
	out := make([]string, 0, len(env))
next:
	for _, kv := range env {
		for _, p := range scrubbed {
			if strings.HasPrefix(kv, p) {
				continue next
			}
		}
		out = append(out, kv)
	}
	return out
}

// run runs git with args and returns its standard output.
func (g git) run(ctx context.Context, args ...string) ([]byte, error) {
	return g.runInput(ctx, nil, args...)
}

// runInput runs git with args and stdin and returns its standard output.
func (g git) runInput(ctx context.Context, stdin []byte, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, "git", args...)
	cmd.Dir = g.dir
	cmd.Env = environ(g.env)
	if stdin != nil {
		cmd.Stdin = bytes.NewReader(stdin)
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if errors.Is(err, exec.ErrNotFound) {
		return nil, ErrNoGit
	}
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		return stdout.Bytes(), &GitError{Args: args, Status: exit.ExitCode(), Stderr: lastLines(stderr.String(), 3)}
	}
	if err != nil {
		return nil, fmt.Errorf("git %s: %w", scrub(strings.Join(args, " ")), err)
	}
	return stdout.Bytes(), nil
}

// line runs git and returns its output's first line, trimmed.
func (g git) line(ctx context.Context, args ...string) (string, error) {
	out, err := g.run(ctx, args...)
	s, _, _ := strings.Cut(string(out), "\n")
	return strings.TrimSpace(s), err
}

// exitStatus returns the exit status of a failed git, or -1.
func exitStatus(err error) int {
	var ge *GitError
	if errors.As(err, &ge) {
		return ge.Status
	}
	return -1
}

// userinfo finds the user:password@ of URLs in git's messages. It is
// compiled on first use: a package-level regexp is compiled at every
// passtea start, whatever the command.
var userinfo = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(://)[^/@\s]*@`) })

// lastLines returns the last n non-empty lines of s on one line, with the
// credentials of any URL blanked (git quotes remote URLs, which may hold
// a token).
func lastLines(s string, n int) string {
	var lines []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			lines = append(lines, l)
		}
	}
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return scrub(strings.Join(lines, "; "))
}

// scrub makes s fit for an error message: the credentials of any URL
// blanked, and no control or formatting character (a remote's messages
// reach the user's terminal: no escape sequences).
func scrub(s string) string {
	out := userinfo().ReplaceAllString(s, "${1}***@")
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || r == utf8.RuneError {
			return '?'
		}
		return r
	}, out)
}
