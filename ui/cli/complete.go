package cli

// This file is the shell completion of entry names and field names, served
// by the agent when it holds the vault (agent.Client.Names): completion
// never asks for a password, never waits long, and offers nothing while
// the vault is locked. The scripts come from cobra (`passtea completion
// bash|zsh|fish`); bash's needs the bash-completion package.

import (
	"runtime/debug"
	"strings"

	"github.com/spf13/cobra"

	"github.com/passtea/passtea/ui/agent"
)

// entryCommands are the commands whose first argument is an entry's name.
var entryCommands = []string{"get", "edit", "rm", "history", "mv", "cp", "otp"}

// completeNames sets up the completion of entry names for the commands of
// root that take one (a command that completes its own keeps it), and of
// field names for get --field.
func completeNames(root *cobra.Command, e *env, g *globals) {
	names := func(_ *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
		if len(args) > 0 {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		return heldNames(e, g, "", toComplete), cobra.ShellCompDirectiveNoFileComp
	}
	for _, c := range root.Commands() {
		for _, name := range entryCommands {
			if c.Name() == name && c.ValidArgsFunction == nil {
				c.ValidArgsFunction = names
			}
		}
		if c.Name() == "get" && c.Flags().Lookup("field") != nil {
			if _, ok := c.GetFlagCompletionFunc("field"); !ok {
				c.RegisterFlagCompletionFunc("field", func(_ *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
					return completeFields(e, g, args, toComplete), cobra.ShellCompDirectiveNoFileComp
				})
			}
		}
	}
}

// completeFields completes a field of the entry named first in args: the
// fields every entry has, then its custom fields (when the agent holds
// the vault).
func completeFields(e *env, g *globals, args []string, prefix string) []string {
	out := append([]string(nil), withPrefix(builtinFields, prefix)...)
	if len(args) > 0 {
		out = append(out, heldNames(e, g, args[0], prefix)...)
	}
	return out
}

// heldNames asks the agent for the names of the vault's entries (entry "")
// or of one entry's custom fields, those starting with prefix. Anything
// that stands in the way (no agent, the vault locked, the agent busy)
// gives nothing: completion must not ask or wait.
func heldNames(e *env, g *globals, entry, prefix string) []string {
	if g.noAgent || e.agent.dir == "" {
		return nil
	}
	path, err := vaultPath(e, g)
	if err != nil {
		return nil
	}
	cl, err := agent.Connect(e.agent.dir)
	if err != nil {
		return nil
	}
	defer cl.Close()
	names, err := cl.Names(path, entry)
	if err != nil {
		return nil
	}
	return withPrefix(names, prefix)
}

// withPrefix keeps the names that start with prefix.
func withPrefix(names []string, prefix string) []string {
	if prefix == "" {
		return names
	}
	out := names[:0:0]
	for _, n := range names {
		if strings.HasPrefix(n, prefix) {
			out = append(out, n)
		}
	}
	return out
}

// shortLivedGC lets a command allocate 16 MiB before the first garbage
// collection instead of 4: a command lives for milliseconds, and
// collecting the few megabytes a listing of 10,000 entries allocates
// (`passtea ls`, completion) costs more than freeing them saves. The
// processes that live long and hold much (the agent, the app) go back to
// the default with longLivedGC.
func shortLivedGC() { debug.SetGCPercent(400) }

// longLivedGC restores the runtime's default collection.
func longLivedGC() { debug.SetGCPercent(100) }
