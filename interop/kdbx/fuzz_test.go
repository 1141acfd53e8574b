// Fuzz targets for everything that reads a file: the header, the block
// streams, the XML decoder, and whole databases. Their seeds are committed
// in testdata/fuzz (go test -run TestFuzzSeeds -update writes them again).

package kdbx

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

// fuzzLimits keep each fuzz input cheap.
var fuzzLimits = func() Limits {
	l := DefaultLimits
	l.MaxXMLSize = 1 << 20
	l.MaxBlockSize = 1 << 16
	l.MaxEntries, l.MaxGroups, l.MaxItems = 1000, 1000, 10000
	l.Argon2MaxMemoryKiB, l.Argon2MaxCost, l.AESMaxRounds = 1024, 4096, 1000
	return l
}()

var fuzzKey = bytes.Repeat([]byte{0x5c}, 64)

func FuzzHeader(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		h, err := readHeader(bytes.NewReader(data), fuzzLimits)
		if err != nil {
			if !isSentinel(err) {
				t.Fatalf("error %v is not a sentinel", err)
			}
			return
		}
		if len(h.raw) > fuzzLimits.MaxHeaderSize || h.KDF.check(fuzzLimits) != nil {
			t.Fatal("accepted a header over the limits")
		}
	})
}

func FuzzBlockStream(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, r := range []io.Reader{
			&hmacBlockReader{r: bytes.NewReader(data), key: fuzzKey, max: fuzzLimits.MaxBlockSize},
			&hashedBlockReader{r: bytes.NewReader(data), max: fuzzLimits.MaxBlockSize},
		} {
			out, err := io.ReadAll(r)
			if err != nil && !isSentinel(err) {
				t.Fatalf("error %v is not a sentinel", err)
			}
			if len(out) > len(data) {
				t.Fatal("more data out than in")
			}
		}
	})
}

// FuzzXML decodes KeePass XML, and checks that whatever decodes, and can be
// written, reads back from a KDBX file with the same content.
func FuzzXML(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		db, err := ReadXMLLimited(bytes.NewReader(data), fuzzLimits)
		if err != nil {
			if !isSentinel(err) {
				t.Fatalf("error %v is not a sentinel", err)
			}
			return
		}
		if db.Root == nil {
			t.Fatal("no root group and no error")
		}
		db = withoutAttachments(db)
		var buf bytes.Buffer
		if err := Write(&buf, db, password, WriteOptions{KDF: fastKDF}); err != nil {
			return // the writer refuses what it cannot write without loss
		}
		got, err := ReadLimited(&buf, password, fuzzLimits)
		if err != nil {
			t.Fatalf("written database does not read back: %v", err)
		}
		if d := compareDatabases(got, db); len(d) > 0 {
			t.Fatalf("round trip differs: %v", d)
		}
	})
}

// FuzzPayload decodes decrypted KDBX 4 payloads: gzip, the inner header,
// the XML. (Random changes to a whole file only meet the HMAC; every
// single-bit change of one is tried in TestTamperAndTruncate.)
func FuzzPayload(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		h := &Header{Version: Version40, Compression: CompressionGzip}
		if len(data) > 0 && data[0] != 0x1f { // not gzip
			h.Compression = CompressionNone
		}
		_, err := decodePayload(bytes.NewReader(data), h, fuzzLimits)
		if err != nil && !isSentinel(err) {
			t.Fatalf("error %v is not a sentinel", err)
		}
	})
}

// payload returns the decrypted payload Write makes for db: the inner
// header and the XML, gzip-compressed or not.
func payload(t *testing.T, db *Database, compressed bool) []byte {
	var plain bytes.Buffer
	body := bufio.NewWriter(&plain)
	stream, err := newInnerStream(StreamChaCha20, []byte("inner key"))
	if err != nil {
		t.Fatal(err)
	}
	body.Write(innerField(innerStreamID, []byte{byte(StreamChaCha20), 0, 0, 0}))
	body.Write(innerField(innerKey, []byte("inner key")))
	body.Write(innerField(innerBinary, []byte("\x01attachment")))
	body.Write(innerField(innerEnd, nil))
	x := &xmlEncoder{w: body, stream: stream, version: Version40}
	x.database(db)
	body.Flush()
	if !compressed {
		return plain.Bytes()
	}
	var z bytes.Buffer
	zw := gzip.NewWriter(&z)
	zw.Write(plain.Bytes())
	zw.Close()
	return z.Bytes()
}

// TestFuzzSeeds writes the seed corpora with -update.
func TestFuzzSeeds(t *testing.T) {
	if !*update {
		t.Skip("writes the seed corpora with -update")
	}
	small := richDatabase()
	small.Root.Groups = small.Root.Groups[:1]
	written := write(t, small, password, WriteOptions{KDF: fastKDF})
	tiny := &Database{Root: &Group{Name: "r", Entries: []*Entry{{Fields: []Field{{"Title", "t", false}, {"Password", "p", true}}}}}}
	var hmacStream bytes.Buffer
	w := &hmacBlockWriter{w: &hmacStream, key: fuzzKey}
	w.Write([]byte("some payload"))
	w.Close()
	seeds := map[string][][]byte{
		"FuzzHeader": {
			written[:300],
			mustRead(t, filepath.Join("testdata", "kdbx31-aeskdf-aes.kdbx"))[:250],
			mustRead(t, filepath.Join("testdata", "kdbx40-argon2id-chacha20.kdbx"))[:300],
		},
		"FuzzBlockStream": {hmacStream.Bytes(), hashedBlocks([]byte("block one"), []byte("block two"))},
		"FuzzXML": {
			mustRead(t, filepath.Join("testdata", "import-31.xml")),
			[]byte(keepassXML(`<Entry><String><Key>Title</Key><Value>x</Value></String><History><Entry/></History></Entry><Group><Name>g</Name></Group>`)),
		},
		"FuzzPayload": {payload(t, tiny, true), payload(t, tiny, false)},
	}
	for target, inputs := range seeds {
		dir := filepath.Join("testdata", "fuzz", target)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		for i, in := range inputs {
			body := "go test fuzz v1\n[]byte(" + strconv.Quote(string(in)) + ")\n"
			if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("seed-%d", i)), []byte(body), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}
