package cli

import (
	"bytes"
	"io"
	"slices"
	"testing"
)

// The table of commands names each command as the command itself does:
// a run that names a command by a name missing from the table would build
// them all (slower, still right), one named by a stale name would build
// the wrong command.
func TestSubcommandNames(t *testing.T) {
	e, g := &env{}, &globals{}
	seen := map[string]bool{}
	for _, c := range subcommands {
		cmd := c.build(e, g)
		want := append([]string{cmd.Name()}, cmd.Aliases...)
		if !slices.Equal(c.names, want) {
			t.Errorf("the table names %v the command that answers to %v", c.names, want)
		}
		for _, n := range c.names {
			if seen[n] {
				t.Errorf("two commands answer to %q", n)
			}
			seen[n] = true
		}
	}
	if n := len(newRootCmd(e).Commands()); n != len(subcommands) {
		t.Errorf("the root has %d commands, the table %d", n, len(subcommands))
	}
}

// A command built alone (see builtAlone) gives the help, output, errors
// and completions that the whole tree gives.
func TestCommandBuiltAloneAsInTheTree(t *testing.T) {
	execute := func(alone bool, args []string) (out, errText string, commands int) {
		var stdout bytes.Buffer
		e := &env{stdout: &stdout, stderr: io.Discard, getenv: func(string) string { return "" }}
		root := newRootCmd(e)
		if alone {
			root = newRootCmd(e, args...)
		}
		commands = len(root.Commands())
		root.SetArgs(args)
		root.SetOut(&stdout)
		root.SetErr(&stdout)
		if err := root.Execute(); err != nil {
			errText = err.Error()
		}
		return stdout.String(), errText, commands
	}
	for _, tc := range []struct {
		args  []string
		alone bool // whether args build one command
	}{
		{[]string{"gen", "--help"}, true},
		{[]string{"gen", "--version"}, true},
		{[]string{"gen", "completion"}, true},
		{[]string{"gen", "--lenght", "3"}, true},
		{[]string{"gen", "--pin", "4", "--words", "3"}, true},
		{[]string{"gen", "extra"}, true},
		{[]string{"gen", "--count", "0"}, true},
		{[]string{"gen", "--charset", "a", "--length", "5"}, true},
		{[]string{"gen", "--vault", "/nonexistent", "--charset", "b", "--length", "3", "--json"}, true},
		{[]string{"get", "--help"}, true},
		{[]string{"get"}, true},
		{[]string{"get", "a", "--feild", "username"}, true},
		{[]string{"get", "--version"}, true},
		{[]string{"ls", "--help"}, true},
		{[]string{"list", "--help"}, true},
		{[]string{"rm", "-h"}, true},
		{[]string{"otp", "--help"}, true},
		{[]string{"sync", "auto", "--help"}, true},
		{[]string{"__complete", "get", ""}, true},
		{[]string{"__complete", "get", "--field", ""}, true},
		{[]string{"__complete", "otp", ""}, true},
		{[]string{"__completeNoDesc", "sync", ""}, true},
		{[]string{"__complete", "recover"}, false},
		{[]string{"__complete", ""}, false},
		{[]string{"__complete", "--vault", "x", "get", ""}, false},
		{[]string{"--vault", "x", "get", "--help"}, false},
		{[]string{"help", "get"}, false},
		{[]string{"completion", "bash"}, false},
		{[]string{"--version"}, false},
		{[]string{"gett"}, false},
	} {
		aloneOut, aloneErr, aloneCmds := execute(true, tc.args)
		treeOut, treeErr, treeCmds := execute(false, tc.args)
		if got := aloneCmds == 1; got != tc.alone {
			t.Errorf("%q: built alone %v, want %v", tc.args, got, tc.alone)
		}
		if tc.alone && treeCmds == 1 {
			t.Fatalf("%q: the tree has one command", tc.args)
		}
		if aloneOut != treeOut || aloneErr != treeErr {
			t.Errorf("%q: alone\n%s%s\nin the tree\n%s%s", tc.args, aloneOut, aloneErr, treeOut, treeErr)
		}
	}
}
