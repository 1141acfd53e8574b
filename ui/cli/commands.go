package cli

// This file is the table of passtea's commands, and which of them a run
// builds. Building every command and its flags costs each start some
// 0.3 ms (cobra's commands and flag sets, the version read from the build
// information: 4% of `passtea get`'s CPU time through the agent, in perf
// record), so a run builds only the command it runs when its
// first argument names one (gen, get, ls…), and completion (`passtea
// __complete get …`) only the command whose arguments it completes. Help,
// usage errors and completion then read as in the whole tree
// (TestCommandBuiltAloneAsInTheTree).

import (
	"github.com/spf13/cobra"

	"github.com/passtea/passtea/ui/clipboard"
)

// subcommand is a command under the root: the names it answers to (its
// name, then its aliases) and how it is built.
type subcommand struct {
	names []string
	build func(e *env, g *globals) *cobra.Command
}

// subcommands are the root's commands, in the order the root adds them.
// TestSubcommandNames holds names to what each command declares.
var subcommands = []subcommand{
	{[]string{"init"}, newInitCmd},
	{[]string{"add"}, newAddCmd},
	{[]string{"get"}, newGetCmd},
	{[]string{"ls", "list"}, newLsCmd},
	{[]string{"edit"}, newEditCmd},
	{[]string{"rm", "remove", "delete"}, newRmCmd},
	{[]string{"history"}, newHistoryCmd},
	{[]string{"passwd"}, newPasswdCmd},
	{[]string{"info"}, newInfoCmd},
	{[]string{"recover"}, newRecoverCmd},
	{[]string{"recovery-code"}, newRecoveryCodeCmd},
	{[]string{"keyfile"}, func(e *env, _ *globals) *cobra.Command { return newKeyFileCmd(e) }},
	{[]string{"config"}, newConfigCmd},
	{[]string{"trash"}, newTrashCmd},
	{[]string{"restore"}, newRestoreCmd},
	{[]string{"import"}, newImportCmd},
	{[]string{"export"}, newExportCmd},
	{[]string{"gen"}, func(e *env, _ *globals) *cobra.Command { return newGenCmd(e) }},
	{[]string{"strength"}, newStrengthCmd},
	{[]string{"audit"}, newAuditCmd},
	{[]string{"serve"}, func(e *env, _ *globals) *cobra.Command { return newServeCmd(e) }},
	{[]string{clipboard.ClearerCommand}, func(e *env, _ *globals) *cobra.Command { return newClipClearCmd(e) }},
	{[]string{"otp"}, newOTPCmd},
	{[]string{"merge"}, newMergeCmd},
	{[]string{"sync"}, newSyncCmd},
	{[]string{"git-merge-driver"}, newGitMergeDriverCmd},
	{[]string{"unlock"}, newUnlockCmd},
	{[]string{"lock"}, newLockCmd},
	{[]string{"agent"}, func(e *env, _ *globals) *cobra.Command { return newAgentCmd(e) }},
	{[]string{"run"}, newRunCmd},
	{[]string{"inject"}, newInjectCmd},
	{[]string{"mv", "rename"}, newMvCmd},
	{[]string{"cp", "copy"}, newCpCmd},
	{[]string{"find", "search"}, newFindCmd},
	{[]string{"grep"}, newGrepCmd},
}

// builtAlone returns the command that a run with args builds alone: the
// one named by the first argument, or for completion by the argument after
// __complete when a word to complete follows it (completing the command's
// name itself, "recover", must offer "recovery-code" too). Anything else
// (no command, a flag first, help, completion scripts) builds them all.
func builtAlone(args []string) (subcommand, bool) {
	if len(args) > 0 && (args[0] == cobra.ShellCompRequestCmd || args[0] == cobra.ShellCompNoDescRequestCmd) {
		if len(args) < 3 {
			return subcommand{}, false
		}
		args = args[1:]
	}
	if len(args) == 0 {
		return subcommand{}, false
	}
	for _, c := range subcommands {
		for _, n := range c.names {
			if n == args[0] {
				return c, true
			}
		}
	}
	return subcommand{}, false
}
