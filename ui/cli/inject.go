package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"
)

// maxTemplate bounds a template read by inject.
const maxTemplate = 16 << 20

// maxFilled bounds the filled template: references to one large value (a
// megabyte of notes) repeated through a template would otherwise ask for
// that value's size as many times.
const maxFilled = 64 << 20

// injectOptions are what `passtea inject` was asked for.
type injectOptions struct {
	in, out string // "" : standard input, standard output
	force   bool
}

func newInjectCmd(e *env, g *globals) *cobra.Command {
	var o injectOptions
	cmd := &cobra.Command{
		Use:   "inject [-i TEMPLATE] [-o FILE]",
		Short: "Fill the references in a template with the values they name",
		Long: `Copy a template (standard input, or -i) to standard output (or -o), with each
reference {{ passtea://NAME[:FIELD] }} replaced by the value of that field.
FIELD is password (the default), username, url, notes, otp (the current code)
or the name of a custom field; in NAME and FIELD a backslash makes the next
character plain ("\:" for a colon in a name, "\}" for a brace). Other "{{"
are left as they are.

Every reference is looked up before anything is written: a reference to an
entry or field that does not exist fails with its line, and no output. A file
written with -o has mode 0600 (only you can read it), replaced at once when it
exists.`,
		Example: `  echo 'db_password: {{ passtea://work/db }}' | passtea inject
  passtea inject -i config.tpl -o config.yml
  # config.tpl:
  #   user: {{ passtea://work/db:username }}
  #   token: {{ passtea://work/github:API token }}`,
		Args: usageArgs(cobra.NoArgs),
		RunE: func(*cobra.Command, []string) error {
			return runInject(e, g, o)
		},
	}
	cmd.Flags().StringVarP(&o.in, "in-file", "i", "", "read the template from `TEMPLATE` (default standard input)")
	cmd.Flags().StringVarP(&o.out, "out-file", "o", "", "write to `FILE`, mode 0600 (default standard output)")
	cmd.Flags().BoolVarP(&o.force, "force", "f", false, "replace FILE even if it is not a regular file of yours")
	return cmd
}

func runInject(e *env, g *globals, o injectOptions) error {
	tpl, err := readTemplate(e, o.in)
	if err != nil {
		return err
	}
	found, err := scanTemplate(tpl)
	if err != nil {
		return fmt.Errorf("the template: %w", err)
	}
	out, err := fillTemplate(e, g, tpl, found)
	if err != nil {
		return err
	}
	if o.out == "" {
		_, err = io.WriteString(e.stdout, out)
		return err
	}
	if err := writePrivateFile(o.out, []byte(out), o.force); err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "wrote %s (%d %s filled)\n", o.out, len(found), pluralWord(len(found), "reference", "references"))
	return nil
}

// readTemplate reads the whole template from path, or standard input.
func readTemplate(e *env, path string) (string, error) {
	r := e.stdin
	if path != "" && path != "-" {
		f, err := os.Open(path)
		if err != nil {
			return "", fmt.Errorf("read the template: %w", err)
		}
		defer f.Close()
		r = f
	}
	b, err := io.ReadAll(io.LimitReader(r, maxTemplate+1))
	if err != nil {
		return "", fmt.Errorf("read the template: %w", err)
	}
	if len(b) > maxTemplate {
		return "", fmt.Errorf("the template is larger than %d MiB", maxTemplate>>20)
	}
	return string(b), nil
}

// fillTemplate replaces the references found in tpl by their values. A
// template without references does not open the vault.
func fillTemplate(e *env, g *globals, tpl string, found []tplRef) (string, error) {
	if len(found) == 0 {
		return tpl, nil
	}
	refs := make([]ref, len(found))
	for i, f := range found {
		refs[i] = f.ref
	}
	var values map[ref]refValue
	err := withVault(e, g, false, func(v store) error {
		var err error
		values, err = resolveRefs(v, refs, time.Now())
		return err
	})
	if err != nil {
		return "", err
	}
	size := len(tpl)
	for _, f := range found {
		if size += len(values[f.ref].value) - (f.end - f.start); size > maxFilled {
			return "", fmt.Errorf("the filled template would be larger than %d MiB (its references name large values many times): nothing was written", maxFilled>>20)
		}
	}
	var b strings.Builder
	b.Grow(size)
	last := 0
	for _, f := range found {
		b.WriteString(tpl[last:f.start])
		b.WriteString(values[f.ref].value)
		last = f.end
	}
	b.WriteString(tpl[last:])
	return b.String(), nil
}

// writePrivateFile writes data to path with mode 0600: into a new file
// beside it, synced, then renamed over it, so that the file is never seen
// half written nor, even for a moment, with a wider mode. Unless force,
// an existing path must be a regular file of this user's (a symbolic
// link, a device or someone else's file are refused).
func writePrivateFile(path string, data []byte, force bool) error {
	if fi, err := os.Lstat(path); err == nil && !force {
		if !fi.Mode().IsRegular() {
			return fmt.Errorf("%s exists and is not a regular file: remove it, or add --force", path)
		}
		if !ownedByMe(fi) {
			return fmt.Errorf("%s belongs to another user: remove it, or add --force", path)
		}
	} else if err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("write %s: %w", path, err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	done := false
	defer func() {
		if !done {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if err := tmp.Chmod(0o600); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if _, err := tmp.Write(data); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Sync(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	done = true
	return nil
}
