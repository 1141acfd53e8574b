// Package gitsync keeps a vault file in a git repository and in step with
// a remote: passtea sync, sync init, the background sync after saves, and
// the configuration of the git merge driver. It runs the system's git
// (os/exec), never a git library: the user's own configuration, remotes,
// credential helpers and SSH keys apply as they do for git itself. It
// merges vaults through package vault and imports nothing of ui: front
// ends pass the merge in (Options.Merge), since where the key comes from
// (the agent, a prompt) is theirs to decide.
//
// # A sync
//
// [Repo.Sync] commits the vault file if it changed (that file alone, not
// what else the user staged), fetches the branch's upstream into its
// remote-tracking ref, then:
//
//   - nothing new on either side: done (no key needed);
//   - only this side has commits: push;
//   - only the remote has commits (a fast-forward): the vault file is
//     replaced by the remote's version with vault.ReplaceFile, under the
//     lock every passtea writer takes and only if the file still holds
//     HEAD's version, and git fast-forwards, finding the file already as
//     the target has it. git never writes the vault file itself: a
//     checkout is not atomic, and a passtea process saving meanwhile
//     would write over it (its save is a rename) and silently drop the
//     remote's changes from the next commit. Exact bytes are taken, not
//     a merge of them, so that two machines do not answer each other's
//     syncs with re-encrypted copies for ever. No key is needed;
//   - both have commits: git merges the other files with the vault's
//     driver replaced by one that keeps this side's version (so git
//     does not touch the vault file), the remote's version is read into
//     a temporary file beside the vault and merged into it in process
//     (Options.Merge: vault.Vault.Merge, through the agent or after a
//     prompt), and the merge is committed with both parents. Unrelated
//     histories (a second machine that already had a copy) merge too.
//     A background sync without the agent cannot, and leaves it for the
//     next interactive sync ([ErrNeedKey]).
//
// Then it pushes what the remote lacks; if another machine pushed in
// between, the round starts again (at most three). A merge or pull that
// git left unfinished because only the vault conflicted (the merge driver
// had no key) is finished by the next sync. Two syncs of one repository
// take turns (a lock in .git). Commits skip the user's hooks
// (--no-verify): hooks check text (linters, size limits) and would hold a
// binary vault back for reasons the user cannot fix from passtea. Where
// git knows no author, commits are by "passtea <passtea@HOST>".
//
// # The merge driver
//
// For a plain git merge or git pull, [Init] and [Repo.Sync] register
// "passtea git-merge-driver %O %A %B %P" as merge.passtea.driver in the
// clone's .git/config (git does not clone configuration, so a sync on a
// fresh clone registers it), and .gitattributes names it for the vault
// file (with -diff -text: it is binary). The driver merges %B into %A
// with the vault key from the agent, else after asking the master
// password on the terminal; without either it fails and git leaves the
// conflict for passtea sync. The base (%O) is not needed: the merge is
// state-based (every write carries a hybrid-logical-clock stamp and
// deletions their own), so a three-way merge gives what the two-way one
// does; it is only checked to be a copy of the same vault.
//
// # Beside the vault
//
// Init writes .gitignore lines for the files passtea keeps beside the
// vault (VAULT.bak, .lock, .tries, the temporary files of saves and syncs,
// the background sync's log, the conflicts/ folder of merged file-sync
// copies). The agent keeps nothing there (its socket lives in the runtime
// directory). A vault's directory that is not a repository becomes one; a
// vault inside a repository (dotfiles) uses it, unless it ignores the
// vault.
//
// # Background syncs
//
// With the vault setting [AutoSetting] on, a front end that saved starts
// passtea's sync detached ([StartBackground]): it never blocks a save,
// never asks anything (GIT_TERMINAL_PROMPT=0, no terminal), and records
// its outcome in VAULT.sync.log ([RecordOutcome]); the front end shows
// [LastFailure] at the next save.
//
// # HOTP counters
//
// An HOTP counter is a field like any other: two machines that issue
// codes between syncs may issue the same counter, and the merge keeps the
// later write (which may be the lower counter). Servers accept a window of
// counters, but a code issued twice may be refused; keep an HOTP key on
// one machine, or sync before using it.
package gitsync
