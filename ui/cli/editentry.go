package cli

// This file is `passtea edit NAME` without flags: the entry, as text (see
// entrytext.go), in the user's editor ($VISUAL, else $EDITOR, else vi),
// as pass edit does. The file lives in a private directory on a file
// system in memory ($XDG_RUNTIME_DIR, else /dev/shm; a place on disk
// only with --insecure-tmp), and everything in that directory is
// overwritten and removed afterwards, whatever happens: an error, a
// panic, SIGTERM or SIGHUP (SIGKILL cannot be caught: the directory is
// then left in memory, readable only by the user, until the next
// reboot). A form that does not read, or a change the vault refuses,
// opens the editor again with the reason on top.
//
// Decisions: a disk-backed place is refused rather than used with a
// warning (an overwrite does not reach what a journal or an SSD's
// remapping kept; --insecure-tmp is the user's informed choice). Vim and
// Neovim are told to keep no swap, backup or undo file and no history;
// other editors keep their swap files beside the file, where the wipe
// finds them. The vault stays open while the editor runs; through the
// agent, a request every minute keeps its idle timeout from locking it
// under the user's hands. The editor opens again at most maxRounds times.

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/passtea/passtea/vault"
)

// maxFormFile bounds what is read back from the editor.
const maxFormFile = 4 << 20

// formHeader opens the file the editor shows.
const formHeader = `# passtea: the entry %s. Save and quit to apply it; quit without saving, or
# save it unchanged, to change nothing; empty the file to cancel.
# "url:" may repeat; tags are separated by spaces; "field NAME: value" is a
# custom field, "secret NAME: value" a concealed one, and lines starting with
# "|" go on with its value. A value in double quotes is read as a Go string
# ("\t", "\"", "\\"): values with spaces at either end are written so.
# Lines starting with "#" are skipped; everything after "notes:" is the notes.
`

// maxRounds bounds how many times the editor opens again on an error
// (an editor run by a script could otherwise add one forever).
const maxRounds = 20

// errorMark starts the lines that say why the form was opened again.
const errorMark = "# ERROR: "

// editorOptions are the flags of the editor path of edit.
type editorOptions struct {
	insecureTmp bool
}

// addEditorFlags adds the flags of edit's editor path to cmd (edit), and
// says in its help what edit does without flags.
func addEditorFlags(cmd *cobra.Command) *editorOptions {
	o := &editorOptions{}
	cmd.Flags().BoolVar(&o.insecureTmp, "insecure-tmp", false, "without flags: let the file the editor opens be on disk when no file system in memory is available")
	cmd.Long += `

With no flag, the entry opens in your editor ($VISUAL, else $EDITOR, else vi)
as text: name, username, password, addresses, tags, one-time code, custom
fields and notes. Save and quit to apply the changes. The file lives in a
private directory in memory ($XDG_RUNTIME_DIR, else /dev/shm; refused on disk
unless --insecure-tmp) and is overwritten and removed afterwards.`
	cmd.Example += "\n  passtea edit work/github            # in $EDITOR"
	return o
}

// wanted reports whether edit was given no flag of its own but
// --insecure-tmp: then the entry opens in the editor.
func (o *editorOptions) wanted(cmd *cobra.Command) bool {
	other := false
	cmd.LocalFlags().VisitAll(func(f *pflag.Flag) {
		if f.Changed && f.Name != "insecure-tmp" {
			other = true
		}
	})
	return !other
}

// runEditEntry edits the entry name in the editor.
func runEditEntry(e *env, g *globals, name string, o *editorOptions) error {
	editor := e.getenv("VISUAL")
	if editor == "" {
		editor = e.getenv("EDITOR")
	}
	if editor == "" {
		if !e.stdinIsTerminal() {
			return usagef("nothing to change: give flags (see passtea edit --help), or set $EDITOR to edit the entry in an editor")
		}
		editor = "vi"
	}
	dir, err := privateTempDir(memoryPlaces(e.getenv), o.insecureTmp, e.stderr)
	if err != nil {
		return err
	}
	defer wipeDir(dir)
	ed := &editSession{e: e, editor: editor, file: filepath.Join(dir, "entry.txt")}
	return withEntry(e, g, true, name, func(v store, en vault.Entry) error {
		stop := ed.catchSignals() // after the password prompt: ctrl+c still ends that
		defer stop()
		return ed.edit(v, en)
	})
}

// editSession is one edit of an entry: the editor, its file, and the
// signal that ends it.
type editSession struct {
	e      *env
	editor string
	file   string

	mu      sync.Mutex
	running *os.Process
	ended   os.Signal // SIGTERM or SIGHUP came: stop
}

// edit runs the editor until the form reads and the vault takes it.
func (s *editSession) edit(v store, en vault.Entry) error {
	sec, err := v.Secret(en.ID)
	if err != nil {
		return err
	}
	old := formOf(en, sec)
	header := fmt.Sprintf(formHeader, en.Name)
	text := header + formatForm(old)
	stopKeep := keepAlive(v)
	for round := 1; ; round++ {
		edited, err := s.runEditor(text)
		if err != nil {
			stopKeep()
			return err
		}
		body := dropErrors(edited)
		if strings.TrimSpace(body) == "" {
			stopKeep()
			fmt.Fprintln(s.e.stderr, "the file was emptied: nothing changed")
			return nil
		}
		f, err := parseForm(body)
		var c vault.Change
		if err == nil {
			c, err = checkForm(old, f)
		}
		if err != nil {
			if edited == text || round == maxRounds {
				stopKeep()
				return fmt.Errorf("nothing changed: %w", err)
			}
			text = onTop(err, body)
			continue
		}
		if c == (vault.Change{}) {
			stopKeep()
			fmt.Fprintf(s.e.stderr, "no change: %s stays as it was\n", en.Name)
			return nil
		}
		stopKeep()
		c.IfRevision = en.Revision
		changed, err := v.Edit(en.ID, c)
		var inv *vault.InvalidError
		switch {
		case (errors.As(err, &inv) || errors.Is(err, vault.ErrNameTaken)) && round < maxRounds:
			// Said on top of the form, as a parse error is.
			text = onTop(err, body)
			stopKeep = keepAlive(v)
			continue
		case errors.Is(err, vault.ErrChanged):
			return fmt.Errorf("%s was changed by another passtea meanwhile: nothing saved; run passtea edit again", en.Name)
		case err != nil:
			return err
		}
		fmt.Fprintf(s.e.stderr, "changed %s\n", changed.Name)
		return nil
	}
}

// checkForm turns a form that reads into a change, checking the name.
func checkForm(old, f entryForm) (vault.Change, error) {
	if f.name != old.name {
		f.name = vault.NormalizeName(f.name)
		if err := vault.ValidateName(f.name); err != nil {
			return vault.Change{}, fmt.Errorf("name: %w", err)
		}
	}
	return formChange(old, f), nil
}

// onTop puts why the form cannot be taken on top of it, in two lines (a
// line number in err counts them).
func onTop(err error, body string) string {
	var fe *formError
	if errors.As(err, &fe) {
		fe.line += 2
	}
	return errorMark + oneLine(err.Error()) + "\n" + errorMark + "fix it, or empty the file to cancel\n" + body
}

// dropErrors takes off the lines a previous round put on top.
func dropErrors(text string) string {
	for strings.HasPrefix(text, errorMark) {
		_, text, _ = strings.Cut(text, "\n")
	}
	return text
}

// keepAlive keeps the agent from locking the vault for being idle while
// the user edits, until the returned function is called; a vault opened
// here needs nothing.
func keepAlive(v store) (stop func()) {
	if _, here := v.(*vault.Vault); here {
		return func() {}
	}
	done := make(chan struct{})
	var once sync.Once
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(time.Minute)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				v.Refresh()
			case <-done:
				return
			}
		}
	}()
	return func() {
		once.Do(func() { close(done) })
		wg.Wait()
	}
}

// runEditor writes text to the file, runs the editor on it and returns
// what it holds afterwards. The editor failing (a non-zero exit) or a
// signal ends the edit.
func (s *editSession) runEditor(text string) (string, error) {
	if err := os.WriteFile(s.file, []byte(text), 0o600); err != nil {
		return "", fmt.Errorf("write the temporary file: %w", err)
	}
	cmd := exec.Command("/bin/sh", editorArgs(s.editor, s.file)...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = s.e.stdin, s.e.stdout, s.e.stderr
	cmd.WaitDelay = time.Second // a child the editor left must not hold passtea
	s.mu.Lock()
	if s.ended != nil {
		s.mu.Unlock()
		return "", s.endedErr()
	}
	err := cmd.Start()
	if err == nil {
		s.running = cmd.Process
	}
	s.mu.Unlock()
	if err != nil {
		return "", fmt.Errorf("start the editor: %w", err)
	}
	err = cmd.Wait()
	s.mu.Lock()
	s.running = nil
	ended := s.ended != nil
	s.mu.Unlock()
	if ended {
		return "", s.endedErr()
	}
	if err != nil {
		return "", fmt.Errorf("the editor %q failed (%v): nothing changed", s.editor, err)
	}
	f, err := os.Open(s.file)
	if err != nil {
		return "", fmt.Errorf("read the edited file: %w", err)
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxFormFile+1))
	if err != nil {
		return "", fmt.Errorf("read the edited file: %w", err)
	}
	if len(b) > maxFormFile {
		return "", fmt.Errorf("the edited file is larger than %d MiB: nothing changed", maxFormFile>>20)
	}
	return string(b), nil
}

func (s *editSession) endedErr() error {
	return fmt.Errorf("ended by %v: nothing changed, the temporary file is gone", s.ended)
}

// catchSignals keeps ctrl+c and ctrl+\ for the editor (passtea ignores
// them meanwhile), and makes SIGTERM and SIGHUP end the editor and the
// edit, so that the temporary file is wiped before passtea exits.
func (s *editSession) catchSignals() (stop func()) {
	sigs := make(chan os.Signal, 4)
	signal.Notify(sigs, os.Interrupt, syscall.SIGQUIT, syscall.SIGTERM, syscall.SIGHUP)
	done := make(chan struct{})
	go func() {
		for {
			select {
			case sig := <-sigs:
				if sig != syscall.SIGTERM && sig != syscall.SIGHUP {
					continue
				}
				s.mu.Lock()
				s.ended = sig
				if s.running != nil {
					s.running.Signal(syscall.SIGTERM)
				}
				s.mu.Unlock()
			case <-done:
				return
			}
		}
	}()
	return func() {
		signal.Stop(sigs)
		close(done)
	}
}

// vimEditors are editors of the vim family, which are told to keep no
// swap, backup or undo file and no history (viminfo/shada) of the edit.
var vimEditors = []string{"vim", "nvim", "vim.basic", "vim.tiny", "gvim", "mvim"}

// editorArgs runs the editor through the shell, so that $EDITOR may hold
// arguments ("code --wait"), with the file as its last argument; the
// shell execs it, so that a signal passed on reaches the editor itself.
func editorArgs(editor, file string) []string {
	args := []string{"-c", "exec " + editor + ` "$@"`, editor}
	if f := strings.Fields(editor); len(f) > 0 && isVim(f[0]) {
		args = append(args, "-n", "-i", "NONE", "-c", "set nobackup nowritebackup noundofile")
	}
	return append(args, file)
}

// isVim reports whether the program cmd (a name looked up in $PATH, or a
// path) is of the vim family: by its name, or by the file its symbolic
// links lead to, as vi, the default, leads to vim.basic on Debian through
// /etc/alternatives (and vim, unlike vi, keeps a history in ~/.viminfo).
func isVim(cmd string) bool {
	if slices.Contains(vimEditors, filepath.Base(cmd)) {
		return true
	}
	path, err := exec.LookPath(cmd)
	if err != nil {
		return false
	}
	real, err := filepath.EvalSymlinks(path)
	return err == nil && slices.Contains(vimEditors, filepath.Base(real))
}

// memoryPlaces are where the file the editor opens may go, best first:
// $XDG_RUNTIME_DIR, then /dev/shm.
func memoryPlaces(getenv func(string) string) []string {
	var places []string
	if run := getenv("XDG_RUNTIME_DIR"); filepath.IsAbs(run) {
		places = append(places, run)
	}
	return append(places, "/dev/shm")
}

// privateTempDir makes a directory only the user can enter (0700) in the
// first of places that is on a file system in memory. With insecure, when
// none is, it makes one in the system's temporary directory, with a
// warning on w.
func privateTempDir(places []string, insecure bool, w io.Writer) (string, error) {
	for _, p := range places {
		if !onMemoryFS(p) {
			continue
		}
		if dir, err := os.MkdirTemp(p, "passtea-edit-"); err == nil {
			return dir, nil
		}
	}
	if !insecure {
		return "", errors.New("no file system in memory for the file the editor opens ($XDG_RUNTIME_DIR and /dev/shm are missing or on disk): --insecure-tmp puts it on disk, where the entry could be recovered later")
	}
	dir, err := os.MkdirTemp("", "passtea-edit-")
	if err != nil {
		return "", fmt.Errorf("make a temporary directory: %w", err)
	}
	fmt.Fprintf(w, "passtea: warning: the entry is written on disk, in %s, while you edit it\n", dir)
	return dir, nil
}

// wipeDir overwrites every regular file under dir with zeros (editors
// leave swap and backup files beside the one they edit) and removes dir.
func wipeDir(dir string) error {
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			overwrite(p)
		}
		return nil
	})
	return os.RemoveAll(dir)
}

// overwrite writes zeros over the file at p, to its end.
func overwrite(p string) {
	f, err := os.OpenFile(p, os.O_WRONLY, 0)
	if err != nil {
		return
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return
	}
	zeros := make([]byte, 64<<10)
	for left := fi.Size(); left > 0; {
		n := min(left, int64(len(zeros)))
		if _, err := f.Write(zeros[:n]); err != nil {
			return
		}
		left -= n
	}
	f.Sync()
}
