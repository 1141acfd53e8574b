// Table tests for Read over every format and every way KeePassXC refuses
// or falls back, the files keepassxc-cli made, the size caps, and New.

package keyfile

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func mustHex(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func sha(b []byte) []byte {
	s := sha256.Sum256(b)
	return s[:]
}

// xmlV2 builds an XML 2.0 key file around hexData with the given Hash.
func xmlV2(hash, hexData string) []byte {
	return []byte(`<?xml version="1.0" encoding="UTF-8"?>
<KeyFile><Meta><Version>2.0</Version></Meta><Key><Data Hash="` + hash + `">` + hexData + `</Data></Key></KeyFile>`)
}

// xmlV1 builds an XML 1.0 key file around b64.
func xmlV1(version, b64 string) []byte {
	return []byte(`<?xml version="1.0" encoding="utf-8"?>
<KeyFile>
	<Meta><Version>` + version + `</Version></Meta>
	<Key><Data>` + b64 + `</Data></Key>
</KeyFile>`)
}

// hashOf is the XML 2.0 Hash attribute for key.
func hashOf(key []byte) string {
	return strings.ToUpper(hex.EncodeToString(sha(key)[:4]))
}

func TestRead(t *testing.T) {
	key32 := mustHex(t, "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f")
	key48 := bytes.Repeat([]byte{0xab}, 48)
	key16 := bytes.Repeat([]byte{0xcd}, 16)
	padded16 := append(bytes.Clone(key16), make([]byte, 16)...)
	hex64 := []byte(hex.EncodeToString(key32))
	notHex64 := bytes.Repeat([]byte("g"), 64)
	upperHex64 := []byte(strings.ToUpper(string(hex64)))
	odd := []byte{0x0a, 0xbc} // "abc" decodes right-aligned, as Qt's fromHex
	otherRoot := []byte(`<?xml version="1.0"?><Other><Key><Data>AAAA</Data></Key></Other>`)
	unclosed := []byte(`<KeyFile><Meta><Version>2.0</Version></Meta><Key><Data Hash="` + hashOf(key32) + `">` + string(hex64) + `</Data></Key>`)
	emptyData := xmlV2(hashOf(nil), "")
	spaced := "\n\t" + string(hex64[:8]) + " \u00a0" + string(hex64[8:40]) + "\r\n " + string(hex64[40:]) + "\n"
	keyBeforeMeta := []byte(`<KeyFile><Key><Data Hash="` + hashOf(key32) + `">` + string(hex64) + `</Data></Key><Meta><Version>2.0</Version></Meta></KeyFile>`)

	tests := []struct {
		name   string
		data   []byte
		key    []byte
		format Format
		err    error
	}{
		{"xml 2.0", xmlV2(hashOf(key32), string(hex64)), key32, XMLv2, nil},
		{"xml 2.0 lower-case hash, spaced data", xmlV2(strings.ToLower(hashOf(key32)), spaced), key32, XMLv2, nil},
		{"xml 2.0 hash with a space", xmlV2(hashOf(key32)[:4]+" "+hashOf(key32)[4:], string(hex64)), key32, XMLv2, nil},
		{"xml 2.0 with byte-order mark", append([]byte("\xef\xbb\xbf"), xmlV2(hashOf(key32), string(hex64))...), key32, XMLv2, nil},
		{"xml 2.0 odd hex", xmlV2(hashOf(odd), "abc"), append(bytes.Clone(odd), make([]byte, 30)...), XMLv2, nil},
		{"xml 2.0 longer data is cut", xmlV2(hashOf(key48), hex.EncodeToString(key48)), key48[:32], XMLv2, nil},
		{"xml 2.0 wrong hash", xmlV2("00000000", string(hex64)), nil, 0, ErrChecksum},
		{"xml 2.0 no hash", []byte(`<KeyFile><Meta><Version>2.0</Version></Meta><Key><Data>` + string(hex64) + `</Data></Key></KeyFile>`), nil, 0, ErrChecksum},
		{"xml 2.0 not hex", xmlV2(hashOf(key32), "zz"+string(hex64[2:])), nil, 0, ErrInvalid},
		{"xml 2.0 empty data falls back to hashing", emptyData, sha(emptyData), Hashed, nil},
		{"xml 1.0", xmlV1("1.00", base64.StdEncoding.EncodeToString(key32)), key32, XMLv1, nil},
		{"xml 1.0 short data is padded", xmlV1("1.0", base64.StdEncoding.EncodeToString(key16)), padded16, XMLv1, nil},
		{"xml 1.0 not base64", xmlV1("1.0", "not*base64"), nil, 0, ErrInvalid},
		{"xml 1.0 unpadded base64", xmlV1("1.0", "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8"), nil, 0, ErrInvalid},
		{"xml version 3.0", xmlV1("3.0", "AAAA"), nil, 0, ErrInvalid},
		{"xml version with spaces", xmlV1(" 2.0", "AAAA"), nil, 0, ErrInvalid},
		{"xml key before meta", keyBeforeMeta, nil, 0, ErrInvalid},
		{"xml other root is hashed", otherRoot, sha(otherRoot), Hashed, nil},
		{"xml unclosed is hashed", unclosed, sha(unclosed), Hashed, nil},
		{"32 bytes", key32, key32, Binary, nil},
		{"64 hex digits", hex64, key32, Hex, nil},
		{"64 upper-case hex digits", upperHex64, key32, Hex, nil},
		{"64 other characters are hashed", notHex64, sha(notHex64), Hashed, nil},
		{"63 hex digits are hashed", hex64[:63], sha(hex64[:63]), Hashed, nil},
		{"65 hex digits are hashed", append(bytes.Clone(hex64), 'a'), sha(append(bytes.Clone(hex64), 'a')), Hashed, nil},
		{"text is hashed", []byte("hello\n"), sha([]byte("hello\n")), Hashed, nil},
		{"empty", nil, nil, 0, ErrEmpty},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			key, format, err := Read(bytes.NewReader(tt.data))
			if tt.err != nil {
				if !errors.Is(err, tt.err) {
					t.Fatalf("err = %v, want %v", err, tt.err)
				}
				if key != nil {
					t.Fatal("a key came with an error")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if format != tt.format {
				t.Errorf("format = %v, want %v", format, tt.format)
			}
			if !bytes.Equal(key, tt.key) {
				t.Errorf("key = %x, want %x", key, tt.key)
			}
		})
	}
}

// The files keepassxc-cli made (testdata/README.md), with keys computed
// outside Go.
func TestReadKeePassXCFiles(t *testing.T) {
	tests := []struct {
		file   string
		format Format
		key    string
	}{
		{"keepassxc.keyx", XMLv2, "c0419f65fe2479cc6a824c975c0a5bf786e1f336ad8e60559cd66e995b265510"},
		{"keepassxc-random.key", Hashed, "9c9f06b12b62693f1491bae5e8a195d9d44d221ac4a74e4999ba72af5cf7cbcf"},
	}
	for _, tt := range tests {
		key, format, err := ReadFile(filepath.Join("testdata", tt.file))
		if err != nil {
			t.Fatalf("%s: %v", tt.file, err)
		}
		if format != tt.format || hex.EncodeToString(key) != tt.key {
			t.Errorf("%s: %v %x, want %v %s", tt.file, format, key, tt.format, tt.key)
		}
	}
}

func TestReadFileRefusesNonRegular(t *testing.T) {
	if _, _, err := ReadFile(t.TempDir()); err == nil {
		t.Fatal("a directory was read as a key file")
	}
	if _, _, err := ReadFile(filepath.Join(t.TempDir(), "missing")); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("err = %v, want not exist", err)
	}
}

func TestReadLargeFiles(t *testing.T) {
	big := bytes.Repeat([]byte("0123456789abcdef"), (MaxXMLSize+4096)/16)
	key, format, err := Read(bytes.NewReader(big))
	if err != nil || format != Hashed || !bytes.Equal(key, sha(big)) {
		t.Fatalf("large file: %v %v, key equal %v", format, err, bytes.Equal(key, sha(big)))
	}
	bigXML := append([]byte("<?xml version=\"1.0\"?>\n<KeyFile><!--"), big...)
	if _, _, err := Read(bytes.NewReader(bigXML)); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("large XML key file: err = %v, want ErrTooLarge", err)
	}
}

func TestReadOverMaxSize(t *testing.T) {
	if testing.Short() {
		t.Skip("hashes 1 GiB")
	}
	_, _, err := Read(&zeros{n: MaxSize + 1})
	if !errors.Is(err, ErrTooLarge) {
		t.Fatalf("err = %v, want ErrTooLarge", err)
	}
}

// zeros reads n zero bytes.
type zeros struct{ n int64 }

func (z *zeros) Read(p []byte) (int, error) {
	if z.n == 0 {
		return 0, io.EOF
	}
	if int64(len(p)) > z.n {
		p = p[:z.n]
	}
	clear(p)
	z.n -= int64(len(p))
	return len(p), nil
}

var hexRun = regexp.MustCompile(`[0-9A-F]{8}`)

func TestNew(t *testing.T) {
	a, b := New(), New()
	if bytes.Equal(a, b) {
		t.Fatal("two key files are the same")
	}
	key, format, err := Read(bytes.NewReader(a))
	if err != nil || format != XMLv2 || len(key) != KeySize {
		t.Fatalf("New's file reads as %v, %d bytes, %v", format, len(key), err)
	}
	// Same layout as the file keepassxc-cli wrote, digits aside.
	want, err := os.ReadFile(filepath.Join("testdata", "keepassxc.keyx"))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := hexRun.ReplaceAll(a, []byte("X")), hexRun.ReplaceAll(want, []byte("X")); !bytes.Equal(got, want) {
		t.Errorf("layout differs from KeePassXC's:\n%s\nwant\n%s", got, want)
	}
}

func TestFormatString(t *testing.T) {
	for f := Hashed; f <= Hex; f++ {
		if s := f.String(); s == "" || strings.HasPrefix(s, "key file format") {
			t.Errorf("format %d has no name", int(f))
		}
	}
	if !Binary.Legacy() || !Hex.Legacy() || !XMLv1.Legacy() || XMLv2.Legacy() || Hashed.Legacy() {
		t.Error("Legacy does not follow KeePassXC's warning")
	}
}
