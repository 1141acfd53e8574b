// Package clipboard copies secrets to the user's clipboard and clears them
// again without wiping anything else. Its [Copier] is the one copy engine of
// every front end: the scriptable commands (package ui/cli) and the
// interactive app (package ui/tui) call [Copier.Copy] and get a [Pending]
// copy, whose clear is arranged.
//
// # The engine
//
//	c := clipboard.NewCopier(os.Getenv)       // once per process
//	p, err := c.Copy(value, clipboard.DefaultClearAfter)
//	fmt.Println(p.Message())                  // "copied to the system clipboard; clears in 20 s"
//	p.Release()   // a command that exits: the detached clearer clears at the deadline
//	p.Clear()     // the app, on lock or quit, or at its own countdown's end
//	c.ClearAll()  // the app, on a signal that ends it, and at exit
//
// Every copy with a delay is handed to a detached clearer at once, the
// app's too, so that a copy is cleared on time whatever happens to the
// process that made it (SIGKILL included). [Pending.Clear] clears sooner
// and calls the clearer off: it stops the process and records that the copy
// is gone, so that a clearer past the point of being stopped stands down.
// [Copier.ClearAll] waits for a copy still being made, so that a signal in
// the middle of a copy does not leave the value behind, and refuses copies
// after it.
//
// # Two ways to the clipboard
//
// [MethodSystem] writes through github.com/atotto/clipboard, which runs a
// tool: wl-copy/wl-paste on Wayland, else xclip, else xsel on X11,
// termux-clipboard-set on Termux, clip.exe and PowerShell under WSL,
// pbcopy/pbpaste on macOS, the Win32 clipboard API on Windows. [System]
// returns it as a [Clipboard].
//
// [MethodOSC52] writes the escape sequence OSC 52 to the terminal, which
// modern terminals (kitty, WezTerm, foot, Alacritty, iTerm2, Windows
// Terminal, xterm with allowWindowOps) put on the clipboard of the machine
// the terminal runs on. That is the only way that reaches the user's
// clipboard from an SSH session. [Terminal] builds the sequences, wrapped for
// tmux or GNU screen when passtea runs inside one.
//
// [Detect] picks the way from the platform and the environment, without
// running anything. The Copier asks it on every copy, and asks tmux for its
// options on every copy too: a clipboard tool installed, or tmux's
// set-clipboard turned on or off while passtea runs, counts from the next
// copy. So:
//
//   - In an SSH session (SSH_CONNECTION, SSH_CLIENT or SSH_TTY set) the
//     system clipboard is that of the remote machine, so OSC 52 is used,
//     unless X11 is forwarded (DISPLAY names a host, as ssh -X sets it:
//     "localhost:10.0") or WAYLAND_DISPLAY is set (waypipe).
//   - On Linux and the BSDs the system clipboard is used when the tool
//     atotto will pick can work: wl-clipboard with WAYLAND_DISPLAY, xclip or
//     xsel with DISPLAY, Termux, or WSL's clip.exe. Otherwise OSC 52.
//   - On macOS and Windows the system clipboard, except over SSH.
//
// When the system clipboard fails (a stale DISPLAY, say), the Copier falls
// back to OSC 52 if it has a terminal; when it has none either, the error is
// [ErrUnavailable]. A copy that tmux would drop ([Terminal.Problem]) is an
// error, never reported as done. The messages [Method.Message] returns say
// which way was used.
//
// # Clearing only what passtea put there
//
// A clear must never wipe something the user copied in the meantime. Each
// copy makes a [Fingerprint] of the value, and [ClearIfUnchanged] reads the
// clipboard back and clears it only if it still matches. Between that read
// and the write that clears there is a window of a few milliseconds in which
// a copy by the user would be lost; no clipboard tool offers a
// compare-and-swap.
//
// A second copy of the same value restarts the clock: the first clear must
// not fire early because the bytes match. So every copy is also recorded in
// a small per-user file, [LastCopy] (an id of 16 random bytes, nothing about
// the value). A clear goes ahead only while its copy is still the last one
// passtea made; the newer copy's own clear takes over. (A copy is recorded
// once it is on the clipboard: in the milliseconds between, an earlier
// copy's clear of the same value could still take it.)
//
// The record lives only where no one else can write: in
// $XDG_RUNTIME_DIR/passtea when that directory is the user's and private,
// else under $XDG_STATE_HOME (~/.local/state) ([DefaultLastCopyPath]); its
// directory must belong to the user, with no access for others (a looser
// one of the user's is tightened). Never in /tmp: another user who made
// /tmp/passtea-UID first could make every record fail, and an older clear
// would then wipe a newer copy. When there is no such place or the record
// cannot be written, clears fall back to the fingerprint alone, and the
// copy says so ([Pending.Warning]: the commands print it, the app shows
// it).
//
// A clear of the system clipboard is done when the clipboard reads back
// without the value ([ClearIfUnchanged]): xclip takes the clipboard over in
// a process it forks, which a passtea that exits at once would take down
// with it before it got there.
//
// With OSC 52 nothing can be read back (many terminals refuse OSC 52 queries
// or ask the user first, and the reply would arrive in the input of whatever
// runs in the terminal by then). Clearing there means: send an empty
// OSC 52 set, which terminals take as "clear", but only if the copy is still
// the last one passtea made. Something the user copied outside passtea in
// the meantime is therefore wiped in this case; keeping the password on the
// clipboard for good was judged worse. Terminals that ignore an empty set
// keep the password until the next copy.
//
// # Fingerprints are keyed
//
// A [Fingerprint] is HMAC-SHA256 of the value under a fresh random 32-byte
// key, and the key travels with it. The key makes every fingerprint unique:
// two copies of the same password cannot be linked, and no table computed
// in advance helps. What it cannot do is stop someone who holds a
// fingerprint from testing guesses, one HMAC each: whatever lets the
// clearing process recognise the value lets anyone with the same bytes
// recognise it. That exposure is bounded: the fingerprint lives only as long
// as the clear is pending, while the clipboard itself holds the password in
// plain text, and it never leaves memory and one pipe (never argv, the
// environment or a file). Passwords passtea generates are far beyond
// guessing anyway.
//
// # The detached clearer
//
// `passtea gen --copy` and `passtea get NAME --copy` exit at once, and the
// app may be killed. The clear is left to a child, [StartClearer]: passtea
// re-executed with its hidden command [ClearerCommand], in a new session (setsid; on Windows a detached process group)
// so that closing the terminal does not kill it, with stdout and stderr on
// the null device and the working directory at the root. Its [Ticket]
// (deadline, method, fingerprint, copy id, and for OSC 52 how to reach the
// terminal) arrives as one JSON document on a pipe on stdin; for OSC 52 the
// terminal itself is handed over as file descriptor 3, so that the clear
// reaches the very terminal the copy went to or nothing at all. The child
// waits by the wall clock ([Ticket.Wait]: a laptop that slept past the
// deadline clears as soon as it wakes), calls [Ticket.Clear] and exits.
// Holding the terminal does not hold up logging out of SSH (checked with
// OpenSSH 9.2: the session closes at once); a clear due after the terminal
// is gone fails to write and the clearer exits.
//
// # Sensitive hints for clipboard managers
//
// None is set, on purpose:
//
//   - X11 (xclip, xsel): a selection owner advertises a list of targets, and
//     KDE's Klipper skips entries that offer x-kde-passwordManagerHint with
//     the content "secret". xclip and xsel serve one target holding the
//     data, so offering the hint would mean offering the password under that
//     name instead of UTF8_STRING. Tested: with `xclip -t
//     x-kde-passwordManagerHint`, TARGETS lists only the hint, so toolkits
//     that look at TARGETS first (GTK, Qt, browsers) find no text to paste.
//     Not shippable.
//   - Wayland: wl-copy --sensitive (wl-clipboard 2.3.0 and later) offers the
//     hint beside the text; older wl-copy rejects the flag. gopass 1.15.17
//     switched to such a password mode on Wayland and had to back it out
//     (gopasspw/gopass#3233, #3252): wl-paste still showed the secret while
//     pasting into Alacritty and Firefox got nothing. Without a test here that a plain paste still gets the text,
//     passtea does not pass it; atotto has no way to either.
//   - macOS: clipboard managers honour org.nspasteboard.ConcealedType, which
//     pbcopy cannot set. Windows: the formats that keep a copy out of the
//     clipboard history (ExcludeClipboardContentFromMonitorProcessing,
//     CanIncludeInClipboardHistory) need the Win32 API directly; atotto sets
//     only CF_UNICODETEXT.
//   - tmux keeps what an application sends with OSC 52 as a paste buffer
//     when set-clipboard is on. passtea sends through tmux's passthrough
//     instead when allow-passthrough is on (no buffer is made), and otherwise
//     the clear deletes the tmux buffers that hold the value.
//
// What managers have already stored is out of reach; the clear takes the
// password off the clipboard, not out of their history.
//
// # The interactive app
//
// The app copies in a command ([Copier.Copy] runs tools), counts down on
// its own timer, and calls [Pending.Clear] at the deadline, on lock and on
// quit; [Copier.ClearAll] on SIGHUP (the terminal closed), SIGTERM and
// SIGQUIT, and when the program ends. OSC 52 goes straight to the
// controlling terminal in one write, between Bubble Tea's frames.
package clipboard
