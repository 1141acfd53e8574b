// Package agent is passtea's unlock agent: a process that holds unlocked
// vaults, so that commands, scripts and shell completion use a vault
// without asking for the master password each time (as gpg-agent and
// rbw-agent do). It is a front end like ui/cli: the work is done by the
// same vault code, with the same commit path (lock, merge, atomic save),
// so a change made through the agent and one made at the same time by the
// app or another command both survive.
//
// # Use
//
// The agent process (`passtea agent`) calls [Run]; tests and embedders
// call [Serve]. A command talks to it through a [Client]:
//
//	cl, err := agent.Dial(agent.DefaultDir(os.Getenv)) // agent.ErrNotRunning: none
//	v, err := cl.Open(path)                            // vault.ErrLocked: not held
//	_, err = cl.Unlock(path, creds, agent.UnlockOptions{Timeout: 10 * time.Minute})
//	v, err = cl.Open(path)
//	e, err := v.Get("work/github")                     // as with a *vault.Vault
//	s, err := v.Secret(e.ID)
//
// [Vault] has the methods of *vault.Vault that commands use, with the same
// signatures and errors, so one interface covers both; [Start] starts a
// detached agent; [Client.Names] serves shell completion; [Stop] ends an
// agent of any version.
//
// # Lifetime
//
// One agent serves one user and holds any number of vaults, keyed by
// their path with symbolic links followed. Each vault has an idle timeout
// (the unlock's, else [Config.Timeout], default 10 minutes) measured from
// its last request; when it passes, the vault is locked: its key zeroed
// (vault.Vault.Lock) and its decrypted index dropped. A vault is locked as
// well on a lock request, and when its file was replaced by one it cannot
// merge (another process rotated the key, or wrote another vault there:
// vault.ErrConflict). The agent exits as soon as it holds no vault any
// more, so nothing lingers; one that never held a vault exits after
// Config.Timeout without a request. SIGTERM, SIGINT and SIGHUP ([Run])
// lock everything and end it; so does [Stop].
//
// Requests on one vault are served one at a time (a vault.Vault is not
// safe for concurrent use), in the order they come; requests on different
// vaults, and key derivations of unlocks (one at a time, as each takes
// 256 MiB by default), run side by side. Before it answers a read the
// agent merges in what other processes saved (vault.Vault.Refresh: a
// lock, and a hash of the file's first 256 bytes when nothing changed);
// changes merge under the lock as every save does.
//
// # Memory
//
// An unlock's key derivation takes 256 MiB by default; the agent returns
// it to the system right after. A listing of the entries is kept, encoded,
// while the vault hands out the same entries (it does until they change),
// so that `passtea ls` and the app's refreshes cost no encoding. Two
// seconds after the last request the agent drops kept listings and
// returns freed memory. Measured (BenchmarkAgentRSS): a vault of 10,000
// entries holds some 19 MiB resident when idle and 29 MiB in use; one of
// 100,000 some 100 and 130 MiB; an unlock peaks at 265 MiB.
//
// # Security
//
// What the agent protects: the vault key and decrypted entries stay in
// one process, which the operating system keeps from other users. What it
// does not: while a vault is unlocked, any process running as the same
// user can ask the agent for any secret in it, exactly as with gpg-agent
// or rbw-agent. Users who do not want that run commands with --no-agent
// (or turn the agent off in the settings), or keep the timeout short.
//
//   - The socket (agent.sock) lives in a directory only the user can
//     enter: $XDG_RUNTIME_DIR/passtea, else /tmp/passtea-UID ($TMPDIR is
//     honoured). The agent makes it with mode 0700 if it is missing, and
//     both the agent (at start) and every client (at every dial) refuse
//     it unless it is a real directory (not a symbolic link) owned by
//     their effective user with mode exactly 0700 ([DirError]). The socket
//     itself is 0600.
//   - The agent asks the kernel who connected (SO_PEERCRED on Linux,
//     LOCAL_PEERCRED, which getpeereid reads, on macOS and FreeBSD) and
//     refuses any user but its own, root included ([ErrRefused]); clients
//     check the agent's user the same way before sending a password. On
//     systems where golang.org/x/sys offers neither (OpenBSD, NetBSD,
//     Windows, …), the agent does not run.
//   - Only one agent serves a directory: it holds a lock on agent.lock
//     for its lifetime. A socket left by an agent that was killed is
//     refused by the kernel (the client sees [ErrNotRunning]) and replaced
//     by the next agent; the agent writes no other file.
//   - The password and key file reach the agent over the socket, never
//     in argv or environment ([Start] passes only HOME, PATH, TMPDIR and
//     XDG_RUNTIME_DIR); the key derivation runs in the agent, so a wrong
//     password and the unlock backoff are reported as the vault reports
//     them. Request buffers that carried credentials or secrets are
//     cleared after use (best effort: Go strings cannot be).
//   - The process is made non-dumpable with core dumps off by passtea's
//     start (ui/cli: hardenProcess), which `passtea agent` goes through;
//     [Serve] changes nothing in the process, so tests can run it. Vault
//     keys are locked in memory (mlock) where the system allows, by the
//     vault package (crypto.Mlock); a refusal (RLIMIT_MEMLOCK) is ignored.
//   - Errors cross the socket as codes and messages written by the vault
//     and the agent, which never contain a secret.
//
// # Protocol
//
// Version 1. Every message is a frame: a 4-byte big-endian length, then
// that many bytes, at most [MaxFrame] (64 MiB); a frame that claims more
// ends the connection. Requests and responses are frames holding one JSON
// object; lists of entries and names follow a response in binary table
// frames. A client sends one request and reads its whole response before
// the next; bytes sent during a request end the connection.
//
// The first request is hello; a client that gets a version error must
// not send more (the agent closes the connection). A client may send one
// request right behind the hello, without waiting for its answer
// ([Connect]): the agent answers the hello, then that request, or after
// a version error closes the connection with the request unread. A
// command that makes a few requests waits for the agent one time less.
// The only other request
// allowed first is {"op":"lock"}, which locks everything and stops the
// agent: hello and that request never change, so that any passtea can
// end an agent left by another version (`passtea lock`, then retry).
//
//	→ {"op":"hello","version":1}
//	← {"ok":true,"version":1,"pid":4242}
//	← {"ok":false,"error":{"code":"version","message":"…","agent":1,"client":2}}
//
// Requests: {"op": NAME, …}. "path" is the vault file's absolute path as
// bytes, so base64 in JSON (file names need not be UTF-8); "id" is an
// entry id in hex (32 digits); times are Unix nanoseconds (0: none).
// Unknown fields are refused.
//
//	unlock       path, password, key_file (base64), timeout_ms (0: default), upgrade
//	             → path, already, upgrade {from, to}, warning
//	lock         path → count (0 or 1); without path: lock all, stop → count
//	status       → pid, vaults [{path, timeout_ms, left_ms}]
//	open         path → path (resolved); vault.ErrLocked if not held
//	names        path, name ("" entry names; else that entry's custom fields) → names table
//	refresh      path
//	entries      path → entry table          trash     path → entry table
//	get          path, name → entry table    by_id     path, id → entry table
//	secret       path, id → secret
//	add          path, entry → entry table
//	add_many     path, trash, entries, edits, more → (see Limits; one save: trash ids, then entries, then edits [{id, change}])
//	edit         path, id, change → entry table
//	delete       path, id                    purge     path, id
//	restore      path, id → entry table      resolve   path, id
//	empty_trash  path → count
//	copy         path, id, name → entry table
//	setting      path, key → value, set      set_setting  path, key, value
//	info         path → info
//	merge        path, other, into (absent: the held vault) → merge {added, updated, deleted, conflicts}
//
// An entry to add is {"name", "username", "urls", "tags", "password",
// "notes", "otp", "fields": [{"name","value","concealed"}], "history":
// [{"kind","field","value","concealed","removed","set","replaced"}],
// "created", "modified"} (kind is vault.FieldKind's number); a secret is
// the same without name, username, urls, tags and times. A change has
// the fields of vault.Change ("name", "username", "urls", "tags",
// "password", "notes", "otp", "fields", "accepted"): an absent field is
// kept, a present one (an empty list included) replaces it; "if_revision"
// is vault.Change.IfRevision. Info has
// path, format_version, kdf {memory_kib, iterations, parallelism},
// explicit, key_file, recovery_code, kdf_time_ns, created, modified,
// generation, entries, trash, size.
//
// Responses: {"ok":true, …} with the fields above, "notices" (what the
// vault did on its own: vault.Vault.Notices), and "tables": the number of
// table frames that follow, with "count" records in all. A failure is
// {"ok":false,"error":{"code","message", …}}; the codes are
// wrong_password, backoff (failures, wait_ms), damaged (path, reason,
// has_backup), newer_version, not_vault, no_vault (path, backup),
// not_found, name_taken, invalid (field, reason), too_large (what, limit,
// size), locked, conflict, lock_timeout, interrupted, foreign_backup,
// changed, other_vault, version (agent, client), protocol, refused and
// busy; the client turns
// them back into the vault's sentinel and typed errors (and this
// package's), with the agent's message. An error without a code is
// plain text.
//
// # Tables
//
// A table frame is a count (uvarint) and that many records. A name record
// is a string; an entry record is
//
//	id        16 bytes
//	revision  uvarint
//	name, username                  string
//	urls, tags                      list
//	created, modified               varint (Unix nanoseconds, 0: none)
//	flags     1 byte: 1 has a one-time code, 2 conflict, 4 in the trash
//	accepted  list
//
// where a string is a uvarint length and that many bytes of UTF-8, and a
// list is a uvarint count and that many strings. Decoding checks every
// length against the bytes left, UTF-8, and unknown flags. A table frame
// holds about 1 MiB; a list of a million entries is some 300 of them.
//
// # Limits
//
// Frames are at most 64 MiB each way. An add_many larger than 16 MiB is
// sent in several frames, each {"op":"add_many","path",…,"entries":[…],
// "more":true} but the last; the agent gathers at most [MaxBatch] (1 GiB,
// the largest vault file) before it saves, all or nothing. Once a frame's
// first byte arrived, the rest must arrive within 30 s, and a response
// must be taken within 30 s: a stalled client holds only its own
// connection, never a vault (requests are read whole before, and answers
// written after, the vault is released). A client that goes away during
// a request makes a save still waiting for another process's lock give
// up. Connections are limited to 128 at once. Clients wait at most 5
// minutes for an answer. Names (completion) waits at most 100 ms for a
// busy vault ([ErrBusy]) and 200 ms for another process's save (then
// answers from what it has). A malformed request gets a protocol error;
// a panic in a vault operation locks that vault and answers an internal
// error.
//
// # Decisions
//
//   - JSON for requests, binary tables for lists: JSON keeps the protocol
//     readable and its decoders are fuzzed by the standard library's own
//     tests, but decoding 10,000 entries from it takes tens of
//     milliseconds, more than the whole `passtea ls` budget (15 ms);
//     tables decode them in about a millisecond.
//   - Text in requests must be UTF-8, as JSON strings cannot carry other
//     bytes losslessly (encoding/json would replace them). The vault
//     refuses such text anyway, so the client refuses it before sending,
//     with the error the vault gives (vault.ValidateEntry).
//   - An unlock of a vault the agent holds succeeds without checking the
//     credentials (Unlocked.Already): any process of the user can use the
//     held vault anyway. Commands check [Client.Open] before they ask.
//   - The agent exits when it holds nothing: an empty agent protects
//     nothing and costs a process; the next command starts another in a
//     few milliseconds.
package agent
