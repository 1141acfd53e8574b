// Package formats is the one door to every import and export format:
// detection from the content, reading by name, writing by name. The
// command calls it; each format lives in its own package below interop.
package formats

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/passtea/passtea/interop"
	"github.com/passtea/passtea/interop/bitwarden"
	"github.com/passtea/passtea/interop/csvfmt"
	"github.com/passtea/passtea/interop/googleauth"
	"github.com/passtea/passtea/interop/internal/jsonx"
	"github.com/passtea/passtea/interop/kdbx"
	"github.com/passtea/passtea/interop/keepass"
	"github.com/passtea/passtea/interop/onepassword"
	"github.com/passtea/passtea/interop/passstore"
	"github.com/passtea/passtea/interop/passteajson"
)

// Format names a format, as --format takes it.
type Format string

// The formats read (and, for CSV, JSON and BitwardenJSON, written).
const (
	Auto           Format = ""               // detect from the content
	CSV            Format = "csv"            // passtea's generic CSV (any header naming name or url)
	JSON           Format = "json"           // passtea's own JSON export
	BitwardenJSON  Format = "bitwarden-json" // Bitwarden's unencrypted JSON export
	BitwardenCSV   Format = "bitwarden-csv"
	OnePUX         Format = "1pux" // 1Password's 1PUX archive (or its export.data)
	OnePasswordCSV Format = "1password-csv"
	ChromeCSV      Format = "chrome-csv" // also Edge, Brave and other Chromium browsers
	FirefoxCSV     Format = "firefox-csv"
	SafariCSV      Format = "safari-csv"
	KeePassXCCSV   Format = "keepassxc-csv"
	LastPassCSV    Format = "lastpass-csv"
	Pass           Format = "pass"        // a pass or gopass store (a directory)
	OTPAuth        Format = "otpauth"     // Google Authenticator export URIs, otpauth:// lists, or a QR image of one
	KDBX           Format = "kdbx"        // a KeePass or KeePassXC database (KDBX 3.1, 4.0, 4.1)
	KeePassXML     Format = "keepass-xml" // KeePass 2 XML export (KeePass, KeePassXC)
)

// Readable lists the formats Read takes, for help texts.
var Readable = []Format{CSV, JSON, BitwardenJSON, BitwardenCSV, OnePUX, OnePasswordCSV, ChromeCSV,
	FirefoxCSV, SafariCSV, KeePassXCCSV, LastPassCSV, Pass, OTPAuth, KDBX, KeePassXML}

// Writable lists the formats Write takes.
var Writable = []Format{CSV, JSON, BitwardenJSON, KDBX}

// ErrNeedsKey is returned by [Read] for a KeePass database: it needs its
// password or key file ([ReadPath] asks for them).
var ErrNeedsKey = errors.New("a KeePass database needs its password or key file")

// Parse reads a --format value.
func Parse(s string) (Format, error) {
	f := Format(strings.ToLower(strings.TrimSpace(s)))
	if f == Auto || slices.Contains(Readable, f) {
		return f, nil
	}
	names := make([]string, len(Readable))
	for i, r := range Readable {
		names[i] = string(r)
	}
	return "", fmt.Errorf("unknown format %q: use one of %s", s, strings.Join(names, ", "))
}

var csvDialects = map[Format]*csvfmt.Dialect{
	CSV: &csvfmt.Generic, BitwardenCSV: &bitwarden.CSV, OnePasswordCSV: &onepassword.CSV,
	ChromeCSV: &csvfmt.Chrome, FirefoxCSV: &csvfmt.Firefox, SafariCSV: &csvfmt.Safari,
	KeePassXCCSV: &csvfmt.KeePassXC, LastPassCSV: &csvfmt.LastPass,
}

// detectOrder is the CSV dialects tried, most specific first.
var detectOrder = []Format{BitwardenCSV, OnePasswordCSV, KeePassXCCSV, FirefoxCSV, SafariCSV, LastPassCSV, ChromeCSV, CSV}

// Detect names the format of data from its content. Bytes of a zip are
// 1PUX; of a PNG or JPEG, a QR code; the KeePass signature, KDBX; XML
// whose root is <KeePassFile>, KeePass XML; JSON is told apart by its
// members; text of otpauth URIs is OTPAuth; anything else is read as CSV
// and told apart by its header. It fails with interop.ErrEmpty when data
// holds nothing but spaces, with interop.ErrFormat when nothing fits.
func Detect(data []byte) (Format, error) {
	switch {
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		return OnePUX, nil
	case isImage(data):
		return OTPAuth, nil
	case kdbx.IsKDBX(data):
		return KDBX, nil
	case keepass.IsXML(data):
		return KeePassXML, nil
	}
	text := bytes.TrimLeft(bytes.TrimPrefix(data, []byte("\ufeff")), " \t\r\n")
	if len(text) == 0 {
		return "", fmt.Errorf("%w: the input is empty", interop.ErrEmpty)
	}
	head := text[:min(len(text), 64<<10)]
	switch {
	case bytes.HasPrefix(text, []byte("{")):
		keys := jsonx.TopKeys(text, 64)
		switch {
		case slices.Contains(keys, "format") && bytes.Contains(head, []byte(`"`+passteajson.Format+`"`)):
			return JSON, nil
		case slices.Contains(keys, "accounts"):
			return OnePUX, nil
		case slices.Contains(keys, "items") || slices.Contains(keys, "encrypted"):
			return BitwardenJSON, nil
		}
		return "", fmt.Errorf("%w: JSON that is neither a passtea, a Bitwarden nor a 1Password export", interop.ErrFormat)
	case isOTPText(text):
		return OTPAuth, nil
	}
	t, err := csvfmt.Open(data)
	if err != nil {
		return "", fmt.Errorf("%w: not a CSV file with a header row (%w)", interop.ErrFormat, err)
	}
	for _, f := range detectOrder {
		if csvDialects[f].Matches(t) {
			return f, nil
		}
	}
	return "", fmt.Errorf("%w: a CSV file whose header has neither a name nor a url column: name the format with --format", interop.ErrFormat)
}

// isOTPText reports whether the first line that is neither blank nor a
// "#" comment is an otpauth URI.
func isOTPText(text []byte) bool {
	for line := range bytes.Lines(text) {
		line = bytes.TrimSpace(line)
		if len(line) == 0 || line[0] == '#' {
			continue
		}
		return hasPrefixFold(line, "otpauth-migration:") || hasPrefixFold(line, "otpauth:")
	}
	return false
}

func isImage(b []byte) bool {
	return bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")) || bytes.HasPrefix(b, []byte("\xff\xd8\xff"))
}

func hasPrefixFold(b []byte, prefix string) bool {
	return len(b) >= len(prefix) && strings.EqualFold(string(b[:len(prefix)]), prefix)
}

// Read reads data as format f (Auto: detected). Pass stores are
// directories: use [ReadPath].
func Read(data []byte, f Format, opts interop.Options) (*interop.Import, error) {
	if f == Auto {
		var err error
		if f, err = Detect(data); err != nil {
			return nil, err
		}
	}
	if d, ok := csvDialects[f]; ok {
		return csvfmt.Read(data, d, opts)
	}
	switch f {
	case JSON:
		return passteajson.Read(data, opts)
	case BitwardenJSON:
		return bitwarden.ReadJSON(data, opts)
	case OnePUX:
		if bytes.HasPrefix(data, []byte("PK")) {
			return onepassword.Read1PUX(bytes.NewReader(data), int64(len(data)), opts)
		}
		return onepassword.ReadExportData(data, opts)
	case OTPAuth:
		if isImage(data) {
			return googleauth.ReadImage(bytes.NewReader(data), opts)
		}
		return googleauth.Read(data, opts)
	case KeePassXML:
		return keepass.ReadXML(data, opts)
	case KDBX:
		return nil, ErrNeedsKey
	case Pass:
		return nil, fmt.Errorf("%w: a pass store is a directory", interop.ErrFormat)
	}
	return nil, fmt.Errorf("%w: %q", interop.ErrFormat, f)
}

// Key returns what opens a KeePass database whose outer header is h
// (the command reads a password file or asks on the terminal). It is
// called only once the file is known to be one, and after its key
// derivation is known to be within passtea's limits.
type Key func(h *kdbx.Header) (kdbx.Credentials, error)

// ReadPath reads the file or directory at path ("-" is stdin, read
// whole). A directory is a pass or gopass store; a 1PUX archive is read
// in place (only its export.data, however large its attachments); a
// KeePass database is decrypted with what key returns; any other file
// is read whole, up to opts.Limits.Input bytes. Anything but a regular
// file or a directory (a device, a FIFO) is refused before it is opened.
func ReadPath(ctx context.Context, path string, stdin io.Reader, f Format, key Key, opts interop.Options) (*interop.Import, error) {
	lim := opts.Limits.Or()
	if path == "-" {
		data, err := interop.ReadAll(stdin, lim.Input, "standard input")
		if err != nil {
			return nil, err
		}
		if f == KDBX || (f == Auto && kdbx.IsKDBX(data)) {
			return readKDBX(bytes.NewReader(data), key, opts)
		}
		return Read(data, f, opts)
	}
	info, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if info.IsDir() {
		if f != Auto && f != Pass {
			return nil, fmt.Errorf("%s is a directory, not a %s file", path, f)
		}
		return passstore.ReadDir(ctx, path, passstore.Options{Options: opts})
	}
	if !info.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is not a regular file or a directory", path)
	}
	file, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer file.Close()
	var magic [8]byte
	n, _ := io.ReadFull(file, magic[:])
	if _, err := file.Seek(0, io.SeekStart); err != nil {
		return nil, err
	}
	switch {
	case (f == Auto || f == OnePUX) && bytes.HasPrefix(magic[:n], []byte("PK\x03\x04")):
		return onepassword.Read1PUX(file, info.Size(), opts)
	case f == KDBX || (f == Auto && kdbx.IsKDBX(magic[:n])):
		return readKDBX(file, key, opts)
	}
	data, err := interop.ReadAll(file, lim.Input, path)
	if err != nil {
		return nil, err
	}
	return Read(data, f, opts)
}

// readKDBX reads the outer header (refusing a key derivation over the
// limits before asking for a password), asks key for the credentials,
// and reads the whole database.
func readKDBX(r io.ReadSeeker, key Key, opts interop.Options) (*interop.Import, error) {
	h, err := kdbx.ReadHeader(r)
	if err != nil {
		return nil, err
	}
	if _, err := r.Seek(0, io.SeekStart); err != nil {
		return nil, err
	}
	if key == nil {
		return nil, ErrNeedsKey
	}
	c, err := key(h)
	if err != nil {
		return nil, err
	}
	defer clear(c.Password)
	defer clear(c.KeyFile)
	return keepass.ReadKDBX(bufio.NewReaderSize(r, 1<<20), c, opts)
}

// WriteOptions adjust [Write].
type WriteOptions struct {
	// Exported stamps a passtea JSON export (the zero time leaves the
	// stamp out).
	Exported time.Time
	Progress interop.Progress
	// Credentials protect a KDBX export; KDBX chooses its key derivation
	// and cipher (exports use Argon2id: kdbx.Argon2idParams).
	Credentials kdbx.Credentials
	KDBX        kdbx.WriteOptions
}

// Encrypted reports whether f's files are encrypted (KDBX); the others
// hold the passwords in plain text.
func (f Format) Encrypted() bool { return f == KDBX }

// Write writes src's live entries to w in format f (one of [Writable]).
// Every format but KDBX is unencrypted: the command writes files 0600,
// refuses a terminal unless forced, and says in one line that the file
// holds the passwords in plain text. A KDBX export may be partly written
// when Write fails: write to a temporary file and rename.
func Write(w io.Writer, src interop.Source, f Format, opts WriteOptions) (interop.ExportReport, error) {
	switch f {
	case CSV:
		return csvfmt.Write(w, src, opts.Progress)
	case JSON:
		return passteajson.Write(w, src, opts.Exported, opts.Progress)
	case BitwardenJSON:
		return bitwarden.WriteJSON(w, src, opts.Progress)
	case KDBX:
		return keepass.Write(w, src, opts.Credentials, opts.KDBX, opts.Progress)
	}
	return interop.ExportReport{}, fmt.Errorf("cannot export to %q: use csv, json, bitwarden-json or kdbx", f)
}
