package cli

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/spf13/cobra"

	"github.com/passtea/passtea/crypto"
	"github.com/passtea/passtea/crypto/keyfile"
	"github.com/passtea/passtea/interop"
	"github.com/passtea/passtea/interop/formats"
	"github.com/passtea/passtea/interop/kdbx"
	"github.com/passtea/passtea/ui/term"
	"github.com/passtea/passtea/vault"
)

// exportOptions are what `passtea export` was asked to do.
type exportOptions struct {
	format       formats.Format
	output       string // "" or "-": standard output
	force        bool
	passwordFile string
	keyFile      string
	kdf          kdfFlags
}

func newExportCmd(e *env, g *globals) *cobra.Command {
	var o exportOptions
	var format string
	cmd := &cobra.Command{
		Use:   "export --format FORMAT [-o FILE]",
		Short: "Export every entry to a file another password manager reads",
		Long: `Export the vault's live entries (not the trash) as FORMAT:

  csv             passtea's CSV (name, username, password, url, notes, tags,
                  otp, created, modified); no custom fields or history
  json            passtea's own JSON, lossless: importing it into a new vault
                  gives the same entries, history and times
  bitwarden-json  an unencrypted JSON export that Bitwarden imports
  kdbx            a KeePass database (KDBX 4, Argon2id) that KeePass and
                  KeePassXC open, with groups, fields, history and codes

csv, json and bitwarden-json are NOT encrypted: they hold every password in
plain text. The file is created readable only by you (0600), never written
through a symbolic link, and an existing file is replaced only with --force;
writing to a terminal needs --force. Delete the file when done.

kdbx is protected by a password from --export-password-file, else asked twice
on the terminal, and optionally a key file (--export-key-file: an existing
KeePass key file, or a new one made there). Its Argon2id cost is passtea's
default (256 MiB, 3 passes, 4 lanes) unless --kdf-memory, --kdf-iterations,
--kdf-parallelism or --kdf-time say otherwise; they set the exported file's
key derivation only, never the vault's (passtea passwd changes that).`,
		Example: `  passtea export --format kdbx -o passtea.kdbx
  passtea export --format json -o backup.json
  passtea export --format bitwarden-json -o bitwarden.json`,
		Args: usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			f, err := formats.Parse(format)
			if err != nil || !slices.Contains(formats.Writable, f) {
				return usagef("--format must be one of %s", formatList(formats.Writable))
			}
			o.format = f
			o.kdf.read(cmd)
			if o.kdf.explicit() && f != formats.KDBX || (o.passwordFile != "" || o.keyFile != "") && f != formats.KDBX {
				return usagef("--export-password-file, --export-key-file and the --kdf flags are for --format kdbx")
			}
			return runExport(e, g, o)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&format, "format", "", "the `FORMAT`: csv, json, bitwarden-json or kdbx (required)")
	fl.StringVarP(&o.output, "output", "o", "", "write to `FILE` (default: standard output)")
	fl.BoolVar(&o.force, "force", false, "replace an existing file; write to a terminal")
	fl.StringVar(&o.passwordFile, "export-password-file", "", "kdbx: read the database's password from the first line of `FILE`")
	fl.StringVar(&o.keyFile, "export-key-file", "", "kdbx: protect the database with the key file `FILE` too (made if missing)")
	o.kdf.bind(cmd, kdfExport)
	cmd.MarkFlagRequired("format")
	return cmd
}

// runExport checks where the export goes, gathers the KDBX credentials,
// opens the vault (reading only) and writes the export.
func runExport(e *env, g *globals, o exportOptions) error {
	toStdout := o.output == "" || o.output == "-"
	if toStdout && isTerminalWriter(e.stdout) && !o.force {
		return usagef("refusing to write the export to a terminal: use -o FILE (or --force)")
	}
	if !toStdout && !o.force {
		if _, err := os.Lstat(o.output); err == nil {
			return fmt.Errorf("%s exists: choose another file, or --force to replace it", term.Line(o.output))
		}
	}
	opts := formats.WriteOptions{Exported: time.Now()}
	var kdfText string
	if o.format == formats.KDBX {
		params, err := exportKDF(e, o)
		if err != nil {
			return err
		}
		opts.KDBX.KDF = kdbx.Argon2idParams(params)
		kdfText = params.String()
		c, err := exportCredentials(e, o)
		if err != nil {
			return err
		}
		defer clear(c.Password)
		defer crypto.Wipe(c.KeyFile)
		opts.Credentials = c
	}
	return withVault(e, g, false, func(v store) error {
		bar := newProgressBar(e, "exporting")
		opts.Progress = bar.report
		rep, where, err := writeExport(o, e.stdout, func(w io.Writer) (interop.ExportReport, error) {
			return formats.Write(w, v, o.format, opts)
		})
		bar.done()
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stderr, "exported %s to %s\n", plural(rep.Entries, "entry", "entries"), where)
		for _, l := range rep.Omitted {
			fmt.Fprintf(e.stderr, "not in %s: %s\n", o.format, l)
		}
		switch {
		case o.format.Encrypted():
			fmt.Fprintf(e.stderr, "%s is a KeePass database (KDBX 4, %s), encrypted with the password you gave\n", where, kdfText)
		case where == "standard output":
			fmt.Fprintln(e.stderr, "passtea: warning: the export is NOT encrypted: it holds your passwords in plain text")
		default:
			fmt.Fprintf(e.stderr, "passtea: warning: %s is NOT encrypted: it holds your passwords in plain text; delete it when done\n", where)
		}
		return nil
	})
}

// writeExport runs write into standard output or, with -o, into a new
// file: a temporary file (0600) beside it, synced, then moved into place
// (renamed over the target with --force, else linked, which fails if
// the target appeared meanwhile). Neither follows a symbolic link at
// the target; a failed export leaves nothing behind. It returns what
// write reported and how to name the destination in messages.
func writeExport(o exportOptions, stdout io.Writer, write func(io.Writer) (interop.ExportReport, error)) (interop.ExportReport, string, error) {
	if o.output == "" || o.output == "-" {
		bw := bufio.NewWriterSize(stdout, 64<<10)
		rep, err := write(bw)
		if err == nil {
			err = bw.Flush()
		}
		if err != nil {
			return rep, "", fmt.Errorf("export: %w", err)
		}
		return rep, "standard output", nil
	}
	where := term.Line(o.output)
	tmp, err := os.CreateTemp(filepath.Dir(o.output), ".passtea-export-*")
	if err != nil {
		// The temporary file's name means nothing to the user: name the
		// directory it was to be made in.
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return interop.ExportReport{}, "", fmt.Errorf("export to %s: directory %s: %w", where, term.Line(filepath.Dir(o.output)), err)
	}
	defer os.Remove(tmp.Name()) // after a link or a failure; after a rename there is nothing left to remove
	rep, err := write(tmp)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return rep, "", fmt.Errorf("export: %w (no file was written)", err)
	}
	if o.force {
		err = os.Rename(tmp.Name(), o.output)
	} else if err = os.Link(tmp.Name(), o.output); errors.Is(err, fs.ErrExist) {
		return rep, "", fmt.Errorf("%s exists: choose another file, or --force to replace it", where)
	}
	if err != nil {
		return rep, "", fmt.Errorf("export: %w", err)
	}
	return rep, where, nil
}

// isTerminalWriter reports whether w is a terminal.
func isTerminalWriter(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && isTerminal(f)
}

// exportKDF returns the Argon2id parameters of a KDBX export: passtea's
// defaults, changed by the --kdf flags; --kdf-time calibrates.
func exportKDF(e *env, o exportOptions) (vault.KDFParams, error) {
	s, _, err := o.kdf.settings(e.stderr, vault.DefaultKDF, false)
	return s.Params, err
}

// exportCredentials returns what protects a KDBX export: the password
// from --export-password-file or asked twice (an empty answer means
// none, with a key file), and the key of --export-key-file, made first
// when the file does not exist.
func exportCredentials(e *env, o exportOptions) (kdbx.Credentials, error) {
	var c kdbx.Credentials
	if o.keyFile != "" {
		key, err := exportKeyFile(e, o.keyFile)
		if err != nil {
			return c, err
		}
		c.KeyFile = key
	}
	if o.passwordFile != "" {
		pw, err := readSecretFile(o.passwordFile)
		if err != nil {
			return c, err
		}
		c.Password = pw
		return c, nil
	}
	p, err := e.prompter()
	if err != nil {
		return c, errors.New("no terminal to ask for the export's password: use --export-password-file FILE")
	}
	defer p.Close()
	prompt := "Password for the KeePass export: "
	if c.KeyFile != nil {
		prompt = "Password for the KeePass export (empty for the key file alone): "
	}
	pw, err := p.secret(prompt)
	if err != nil {
		return c, err
	}
	again, err := p.secret("Repeat to confirm: ")
	defer clear(again)
	if err != nil {
		clear(pw)
		return c, err
	}
	if string(again) != string(pw) {
		clear(pw)
		return c, errors.New("the two passwords differ: nothing was exported")
	}
	switch {
	case len(pw) > 0:
		c.Password = pw
	case c.KeyFile != nil:
		c.NoPassword = true
	default:
		return c, errors.New("empty password: nothing was exported (give a key file to export without a password)")
	}
	return c, nil
}

// exportKeyFile reads a KeePass key file, or makes a new one (0600,
// never through a symbolic link) where there is none.
func exportKeyFile(e *env, path string) ([]byte, error) {
	key, _, err := keyfile.ReadFile(path)
	if err == nil {
		return key, nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("--export-key-file: %w", err)
	}
	data := keyfile.New()
	defer crypto.Wipe(data)
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, fmt.Errorf("--export-key-file: %w", err)
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path)
		return nil, fmt.Errorf("--export-key-file: %w", err)
	}
	fmt.Fprintf(e.stderr, "created the key file %s: keep it with the export (both are needed to open it)\n", term.Line(path))
	key, _, err = keyfile.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("--export-key-file: %w", err)
	}
	return key, nil
}
