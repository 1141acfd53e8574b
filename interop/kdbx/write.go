package kdbx

import (
	"bufio"
	"compress/gzip"
	"crypto/rand"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"slices"

	"github.com/passtea/passtea/crypto"
)

// WriteOptions choose how [Write] protects a database.
type WriteOptions struct {
	// KDF is the key derivation and its cost; its Salt is ignored (a
	// fresh one is made). Exports use Argon2id ([Argon2idParams]).
	// Parameters must be within [DefaultLimits], so that what passtea
	// writes it can read again.
	KDF KDFParams
	// Cipher is the outer cipher; the zero value means ChaCha20.
	Cipher Cipher
}

// Write encrypts db as a KDBX 4 file into w: KDBX 4.0, or 4.1 when a group
// has tags (which only 4.1 can hold), as KeePassXC chooses. The payload is
// gzip-compressed; protected fields are encrypted with the ChaCha20 inner
// stream. Fields whose values hold characters XML cannot carry are written
// protected so they survive. db is not changed: groups and entries without
// a UUID get a fresh one in the file only.
//
// Write checks db and the options before it writes anything; an error after
// that leaves w partly written, so write to a temporary file and rename.
// Attachments and custom icons cannot be written (their content is not in
// the model) and are an error.
func Write(w io.Writer, db *Database, c Credentials, opt WriteOptions) error {
	version, err := checkWritable(db)
	if err != nil {
		return err
	}
	kdf := opt.KDF
	kdf.Salt = random(32)
	if kdf.KDF != KDFAES && kdf.Version == 0 {
		kdf.Version = argon2Version13
	}
	if err := kdf.check(DefaultLimits); err != nil {
		return fmt.Errorf("write: %w", err)
	}
	cipherID := opt.Cipher
	if cipherID == 0 {
		cipherID = CipherChaCha20
	}
	if cipherID < CipherAES256 || cipherID > CipherTwofish {
		return fmt.Errorf("write: %w: %v", ErrUnsupported, cipherID)
	}
	h := &Header{
		Version: version, Cipher: cipherID, Compression: CompressionGzip, KDF: kdf,
		InnerStream: StreamChaCha20, masterSeed: random(32), encryptionIV: random(cipherID.ivSize()),
	}
	if err := h.marshal(); err != nil {
		return fmt.Errorf("write: %w", err)
	}

	composite, err := c.compositeKey()
	if err != nil {
		return fmt.Errorf("write: %w", err)
	}
	transformed, err := kdf.derive(composite)
	crypto.Wipe(composite)
	if err != nil {
		return fmt.Errorf("write: %w", err)
	}
	cipherKey, hmacKey := masterKeys(h.masterSeed, transformed)
	crypto.Wipe(transformed)
	defer crypto.Wipe(cipherKey)
	defer crypto.Wipe(hmacKey)

	out := bufio.NewWriterSize(w, 64<<10)
	sum := sha256.Sum256(h.raw)
	out.Write(h.raw)
	out.Write(sum[:])
	out.Write(headerMAC(h.raw, hmacKey))
	blocks := &hmacBlockWriter{w: out, key: hmacKey}
	enc, err := encrypter(cipherID, cipherKey, h.encryptionIV, blocks)
	if err != nil {
		return fmt.Errorf("write: %w", err)
	}
	gz := gzip.NewWriter(enc)
	body := bufio.NewWriterSize(gz, 64<<10)

	streamKey := random(64)
	defer crypto.Wipe(streamKey)
	stream, err := newInnerStream(StreamChaCha20, streamKey)
	if err != nil {
		return fmt.Errorf("write: %w", err)
	}
	body.Write(innerField(innerStreamID, []byte{byte(StreamChaCha20), 0, 0, 0}))
	body.Write(innerField(innerKey, streamKey))
	body.Write(innerField(innerEnd, nil))
	x := &xmlEncoder{w: body, stream: stream, version: version}
	x.database(db)
	for _, step := range []func() error{func() error { return x.err }, body.Flush, gz.Close, enc.Close, blocks.Close, out.Flush} {
		if err := step(); err != nil {
			return fmt.Errorf("write: %w", err)
		}
	}
	return nil
}

// innerField encodes one inner header field.
func innerField(id byte, data []byte) []byte {
	b := []byte{id, byte(len(data)), byte(len(data) >> 8), byte(len(data) >> 16), byte(len(data) >> 24)}
	return append(b, data...)
}

// random returns n random bytes.
func random(n int) []byte {
	b := make([]byte, n)
	rand.Read(b) // never fails (crypto/rand, Go 1.24 and later)
	return b
}

// errWrite marks what the writer refuses in a database.
var errWrite = errors.New("cannot write")

// checkWritable checks that db can be written without loss and returns the
// version it needs.
func checkWritable(db *Database) (Version, error) {
	if db.Root == nil {
		return 0, fmt.Errorf("%w: no root group", errWrite)
	}
	version := Version40
	database := func() string { return "the database" }
	for _, s := range []string{db.Meta.DatabaseName, db.Meta.Description, db.Meta.DefaultUserName} {
		if err := checkText(s, database, false); err != nil {
			return 0, err
		}
	}
	if err := checkCustomData(db.Meta.CustomData, database); err != nil {
		return 0, err
	}
	var check func(g *Group, path string) error
	check = func(g *Group, path string) error {
		if len(g.Tags) > 0 {
			version = Version41
		}
		where := func() string { return fmt.Sprintf("group %q", path) }
		for _, list := range [][]string{{g.Name, g.Notes}, g.Tags} {
			for _, t := range list {
				if err := checkText(t, where, false); err != nil {
					return err
				}
			}
		}
		if err := checkCustomData(g.CustomData, where); err != nil {
			return err
		}
		for _, e := range g.Entries {
			if err := checkEntry(e, path); err != nil {
				return err
			}
			for _, h := range e.History {
				if len(h.History) > 0 {
					return fmt.Errorf("%w: a history item of %q has history", errWrite, path+"/"+e.Get(FieldTitle))
				}
				if err := checkEntry(h, path); err != nil {
					return err
				}
			}
		}
		for _, c := range g.Groups {
			if err := check(c, path+"/"+c.Name); err != nil {
				return err
			}
		}
		return nil
	}
	return version, check(db.Root, db.Root.Name)
}

func checkEntry(e *Entry, path string) error {
	where := func() string { return fmt.Sprintf("entry %q", path+"/"+e.Get(FieldTitle)) }
	if len(e.Attachments) > 0 {
		return fmt.Errorf("%w: %s has attachments, whose content is not kept", errWrite, where())
	}
	names := []string{e.ForegroundColor, e.BackgroundColor, e.OverrideURL, e.AutoType.DefaultSequence}
	for _, list := range [][]string{names, e.Tags} {
		for _, t := range list {
			if err := checkText(t, where, false); err != nil {
				return err
			}
		}
	}
	for i, f := range e.Fields {
		if f.Key == "" || slices.ContainsFunc(e.Fields[:i], func(g Field) bool { return g.Key == f.Key }) {
			return fmt.Errorf("%w: %s has an empty or repeated field name", errWrite, where())
		}
		if err := checkText(f.Key, where, false); err != nil {
			return err
		}
		if err := checkText(f.Value, func() string { return fmt.Sprintf("%s field %q", where(), f.Key) }, true); err != nil {
			return err
		}
	}
	for _, a := range e.AutoType.Associations {
		if err := checkText(a.Window+a.Sequence, where, false); err != nil {
			return err
		}
	}
	return checkCustomData(e.CustomData, where)
}

func checkCustomData(items []CustomDataItem, where func() string) error {
	for _, it := range items {
		if err := checkText(it.Key+it.Value, func() string { return where() + " custom data" }, false); err != nil {
			return err
		}
	}
	return nil
}
