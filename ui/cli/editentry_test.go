package cli

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/passtea/passtea/vault"
)

// editorScript writes a shell script that plays the editor: body runs
// with the file as $1 and LOG a directory where it may leave notes.
func editorScript(t *testing.T, body string) (editor, log string) {
	t.Helper()
	dir := t.TempDir()
	log = filepath.Join(dir, "log")
	if err := os.Mkdir(log, 0o700); err != nil {
		t.Fatal(err)
	}
	script := "#!/bin/sh\nset -e\nLOG=" + log + "\nf=\"$1\"\nd=$(dirname \"$f\")\n" + body + "\n"
	path := filepath.Join(dir, "editor.sh")
	if err := os.WriteFile(path, []byte(script), 0o700); err != nil {
		t.Fatal(err)
	}
	return "sh " + path, log
}

// needMemoryFS skips the test where /dev/shm is not in memory.
func needMemoryFS(t *testing.T) {
	if !onMemoryFS("/dev/shm") {
		t.Skip("/dev/shm is not a tmpfs here")
	}
}

// editRun runs passtea edit NAME with editor as $EDITOR.
func (v *testVault) editRun(editor string, args ...string) cliResult {
	v.t.Helper()
	full := append([]string{"--vault", v.path, "--password-file", v.pwFile, "edit"}, args...)
	r := runCLI(v.t, cliEnv{vars: map[string]string{"EDITOR": editor}}, full...)
	noSecretsIn(v.t, "stderr of passtea edit", r.stderr, v.secrets...)
	return r
}

func readLog(t *testing.T, log, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(log, name))
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(string(b))
}

// TestEditInEditor: the editor gets the entry as text in a private file
// in memory, which is gone afterwards (with what the editor left beside
// it), and what it saves is the entry's new state.
func TestEditInEditor(t *testing.T) {
	needMemoryFS(t)
	t.Parallel()
	v := newTestVault(t)
	v.add("work/github", "gh-Secret-1", "--username", "octocat", "--url", "https://github.com")
	editor, log := editorScript(t, `
stat -c %a "$d" > $LOG/dirmode
stat -c %a "$f" > $LOG/filemode
stat -f -c %T "$d" > $LOG/fstype
echo "$d" > $LOG/dir
cp "$f" $LOG/seen
sed -i -e 's/^username: .*/username: octo2/' -e 's/^tags:.*/tags: work code/' "$f"
printf 'field host: db.internal\n| second line\nnotes:\nnew notes\n' >> "$f"
sed -i '0,/^notes:$/{/^notes:$/d}' "$f"
echo swap > "$d/.entry.txt.swp"`)
	r := v.editRun(editor, "work/github")
	wantCode(t, r, 0)
	if r.stderr != "changed work/github\n" {
		t.Fatalf("stderr %q", r.stderr)
	}
	if m := readLog(t, log, "dirmode"); m != "700" {
		t.Errorf("the directory has mode %s", m)
	}
	if m := readLog(t, log, "filemode"); m != "600" {
		t.Errorf("the file has mode %s", m)
	}
	if fs := readLog(t, log, "fstype"); fs != "tmpfs" {
		t.Errorf("the file is on %s", fs)
	}
	if _, err := os.Stat(readLog(t, log, "dir")); !os.IsNotExist(err) {
		t.Errorf("the private directory is still there: %v", err)
	}
	seen := readLog(t, log, "seen")
	for _, want := range []string{"# passtea: the entry work/github.", "\nname: work/github\n", "\nusername: octocat\n",
		"\npassword: gh-Secret-1\n", "\nurl: https://github.com\n", "\nnotes:"} {
		if !strings.Contains(seen, want) {
			t.Errorf("the editor did not see %q in\n%s", want, seen)
		}
	}
	got := v.contents(testMaster)["work/github"]
	if got.Username != "octo2" || got.Password != "gh-Secret-1" || strings.Join(got.Tags, ",") != "code,work" ||
		got.Notes != "new notes" || len(got.Fields) != 1 || got.Fields[0] != (vault.Field{Name: "host", Value: "db.internal\nsecond line"}) {
		t.Fatalf("after the edit: %+v %+v", got.Entry, got.Fields)
	}
	if h := historyPasswords(t, v, "work/github"); len(h) != 0 {
		t.Errorf("an unchanged password went into the history: %q", h)
	}
}

// TestEditInEditorNothingSaved: an editor that changes nothing, empties
// the file or fails leaves the vault file as it was.
func TestEditInEditorNothingSaved(t *testing.T) {
	needMemoryFS(t)
	t.Parallel()
	v := newTestVault(t)
	v.add("site", "site-Secret-1")
	before := v.bytes()
	for _, tc := range []struct {
		script, stderr string
		code           int
	}{
		{"true", "no change: site stays as it was\n", 0},
		{`: > "$f"`, "the file was emptied: nothing changed\n", 0},
		{"exit 3", "passtea: the editor", 1},
		{`sed -i 's/^notes:$/colour: red\nnotes:/' "$f"`, "passtea: nothing changed: line", 1}, // then unchanged: the second run does the same
	} {
		editor, _ := editorScript(t, tc.script)
		r := v.editRun(editor, "site")
		wantCode(t, r, tc.code)
		if !strings.HasPrefix(r.stderr, tc.stderr) {
			t.Errorf("%s: stderr %q, want %q", tc.script, r.stderr, tc.stderr)
		}
	}
	v.unchanged(before)
}

// TestEditInEditorReopensWithTheError: a form that does not read, or
// that the vault refuses, opens again with the reason on top; fixed, it
// is saved.
func TestEditInEditorReopensWithTheError(t *testing.T) {
	needMemoryFS(t)
	t.Parallel()
	v := newTestVault(t)
	v.add("site", "site-Secret-1")
	editor, log := editorScript(t, `
n=$(cat $LOG/n 2>/dev/null || echo 0); n=$((n+1)); echo $n > $LOG/n
cp "$f" $LOG/round$n
case $n in
1) sed -i 's/^notes:$/colour: red\nnotes:/' "$f" ;;
2) sed -i -e '/^colour:/d' -e 's/^tags:.*/tags: a,b/' "$f" ;;
3) sed -i -e 's/^tags:.*/tags: a b/' "$f" ;;
esac`)
	r := v.editRun(editor, "site")
	wantCode(t, r, 0)
	if readLog(t, log, "n") != "3" {
		t.Fatalf("the editor ran %s times", readLog(t, log, "n"))
	}
	round2 := readLog(t, log, "round2")
	lines := strings.Split(round2, "\n")
	if !strings.HasPrefix(lines[0], `# ERROR: line `) || !strings.Contains(lines[0], `"colour" is not a key`) {
		t.Fatalf("round 2 starts %q", lines[0])
	}
	// The line number counts the lines on top.
	var n int
	if _, err := fmt.Sscanf(strings.TrimPrefix(lines[0], errorMark), "line %d:", &n); err != nil || n < 1 || n > len(lines) || lines[n-1] != "colour: red" {
		t.Fatalf("the error names line %d of\n%s", n, round2)
	}
	if round3 := readLog(t, log, "round3"); !strings.HasPrefix(round3, "# ERROR: ") || !strings.Contains(round3, "comma") ||
		strings.Count(round3, "# ERROR: ") != 2 {
		t.Fatalf("round 3 starts %q", strings.SplitN(round3, "\n", 3)[:2])
	}
	if got := v.contents(testMaster)["site"]; strings.Join(got.Tags, " ") != "a b" {
		t.Fatalf("tags %q", got.Tags)
	}
}

// TestEditRefusesDiskTemp: with no file system in memory, the editor is
// not run unless --insecure-tmp; then a warning says where the file is.
func TestEditRefusesDiskTemp(t *testing.T) {
	disk := t.TempDir()
	if onMemoryFS(disk) {
		t.Skip("the temporary directory is in memory here")
	}
	var w bytes.Buffer
	if _, err := privateTempDir([]string{disk}, false, &w); err == nil || !strings.Contains(err.Error(), "--insecure-tmp") {
		t.Fatalf("a place on disk: %v", err)
	}
	dir, err := privateTempDir([]string{disk}, true, &w)
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(dir)
	if fi, err := os.Stat(dir); err != nil || fi.Mode().Perm() != 0o700 {
		t.Fatalf("%v %v", fi, err)
	}
	if !strings.Contains(w.String(), "warning: the entry is written on disk, in "+dir) {
		t.Fatalf("warning %q", w.String())
	}
}

// TestEditWipes: what the editor left in the directory is overwritten
// before it is removed.
func TestEditWipes(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "entry.txt")
	if err := os.WriteFile(p, []byte("password: s3cret"), 0o600); err != nil {
		t.Fatal(err)
	}
	// A second name for the file sees what overwrite leaves in it.
	keep := filepath.Join(t.TempDir(), "link")
	if err := os.Link(p, keep); err != nil {
		t.Skip("no hard links here")
	}
	if err := wipeDir(dir); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(keep)
	if err != nil || !bytes.Equal(b, make([]byte, len("password: s3cret"))) {
		t.Fatalf("after the wipe the file holds %q (%v)", b, err)
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Fatal("the directory is still there")
	}
}

// TestEditEndedBySignal: SIGTERM while the editor runs ends it and the
// edit, and the private directory is gone. Not parallel: the signal goes
// to this whole test process.
func TestEditEndedBySignal(t *testing.T) {
	needMemoryFS(t)
	v := newTestVault(t)
	v.add("site", "site-Secret-1")
	before := v.bytes()
	editor, log := editorScript(t, `echo "$d" > $LOG/dir; echo x >> "$f"; touch $LOG/ready; exec sleep 20`)
	done := make(chan cliResult, 1)
	go func() { done <- v.editRun(editor, "site") }()
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		if _, err := os.Stat(filepath.Join(log, "ready")); err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the editor did not start")
		}
	}
	if err := syscall.Kill(os.Getpid(), syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	var r cliResult
	select {
	case r = <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("SIGTERM did not end the edit")
	}
	wantOneLineError(t, r, 1)
	wantStderr(t, r, "ended by terminated: nothing changed")
	if _, err := os.Stat(readLog(t, log, "dir")); !os.IsNotExist(err) {
		t.Errorf("the private directory is still there: %v", err)
	}
	v.unchanged(before)
}

// TestEditWithoutEditorOrTerminal keeps the old answer for scripts.
func TestEditWithoutEditorOrTerminal(t *testing.T) {
	t.Parallel()
	v := newTestVault(t)
	v.add("site", "site-Secret-1")
	r := v.run("", "edit", "site")
	wantOneLineError(t, r, 2)
	wantStderr(t, r, "nothing to change")
}

// TestEditorArgs: vim is told to keep no swap, backup, undo or history.
func TestEditorArgs(t *testing.T) {
	for _, tc := range []struct {
		editor string
		want   []string
	}{
		{"nano", []string{"-c", `exec nano "$@"`, "nano", "/f"}},
		{"code --wait", []string{"-c", `exec code --wait "$@"`, "code --wait", "/f"}},
		{"/usr/bin/vim", []string{"-c", `exec /usr/bin/vim "$@"`, "/usr/bin/vim", "-n", "-i", "NONE", "-c", "set nobackup nowritebackup noundofile", "/f"}},
		{"nvim -u NONE", []string{"-c", `exec nvim -u NONE "$@"`, "nvim -u NONE", "-n", "-i", "NONE", "-c", "set nobackup nowritebackup noundofile", "/f"}},
	} {
		if got := editorArgs(tc.editor, "/f"); strings.Join(got, "|") != strings.Join(tc.want, "|") {
			t.Errorf("%s: %q", tc.editor, got)
		}
	}
}

// TestEditorArgsViIsVim: vi (the default editor) that is vim under
// another name, through symbolic links as Debian's alternatives make it,
// is told to keep no history either: vim's ~/.viminfo would keep the
// lines deleted or yanked in the entry (an old password) on disk.
func TestEditorArgsViIsVim(t *testing.T) {
	dir := t.TempDir()
	vim := filepath.Join(dir, "vim.basic")
	if err := os.WriteFile(vim, []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	alt := filepath.Join(dir, "alternatives")
	if err := os.Mkdir(alt, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(vim, filepath.Join(alt, "vi")); err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(dir, "bin")
	if err := os.Mkdir(bin, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(alt, "vi"), filepath.Join(bin, "vi")); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(bin, "nano"), []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", bin)
	for editor, vimLike := range map[string]bool{
		"vi":                         true,
		filepath.Join(bin, "vi"):     true,
		"vi -R":                      true,
		"nano":                       false,
		"missing-editor":             false,
		filepath.Join(bin, "absent"): false,
	} {
		got := strings.Join(editorArgs(editor, "/f"), "|")
		if strings.Contains(got, "|-i|NONE|") != vimLike {
			t.Errorf("%s: %q", editor, got)
		}
	}
}
