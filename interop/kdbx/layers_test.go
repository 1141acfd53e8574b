// Tests of the layers on their own: AES-KDF against the plain loop, the CBC
// reader at every chunk boundary, the block streams, the Salsa20 key stream,
// the variant map and the header's checks.

package kdbx

import (
	"bytes"
	"crypto/aes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"testing"
	"testing/iotest"

	"golang.org/x/crypto/salsa20"
)

func TestAESKDFMatchesPlainLoop(t *testing.T) {
	key := bytes.Repeat([]byte{0x42}, 32)
	seed := bytes.Repeat([]byte{0x17}, 32)
	for _, rounds := range []uint64{1, 2, 2047, 2048, 2049, 6001} {
		block, _ := aes.NewCipher(seed)
		x := bytes.Clone(key)
		for range rounds {
			block.Encrypt(x[:16], x[:16])
			block.Encrypt(x[16:], x[16:])
		}
		want := sha256.Sum256(x)
		got, err := aesKDF(key, seed, rounds)
		if err != nil || !bytes.Equal(got, want[:]) {
			t.Errorf("%d rounds: %x, want %x (%v)", rounds, got, want, err)
		}
	}
}

func TestCBCReaderBoundaries(t *testing.T) {
	key, iv := bytes.Repeat([]byte{1}, 32), bytes.Repeat([]byte{2}, 16)
	for _, size := range []int{0, 1, 15, 16, 17, cbcChunk - 17, cbcChunk - 16, cbcChunk - 1, cbcChunk, cbcChunk + 1, 3*cbcChunk + 5} {
		plain := make([]byte, size)
		for i := range plain {
			plain[i] = byte(i * 7)
		}
		var ct bytes.Buffer
		w, err := encrypter(CipherAES256, key, iv, &ct)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(plain[:size/3])
		w.Write(plain[size/3:])
		w.Close()
		for name, r := range map[string]io.Reader{"whole": bytes.NewReader(ct.Bytes()), "one byte at a time": iotest.OneByteReader(bytes.NewReader(ct.Bytes()))} {
			dec, _, err := decrypter(CipherAES256, key, iv, r)
			if err != nil {
				t.Fatal(err)
			}
			got, err := io.ReadAll(dec)
			if err != nil || !bytes.Equal(got, plain) {
				t.Errorf("%d bytes, %s: got %d bytes, %v", size, name, len(got), err)
			}
		}
	}
	// Bad padding and partial blocks.
	block, _ := aes.NewCipher(key)
	for name, last := range map[string][]byte{"zero pad": make([]byte, 16), "pad 17": bytes.Repeat([]byte{17}, 16), "uneven pad": append(bytes.Repeat([]byte{1}, 15), 3)} {
		ct := make([]byte, 16)
		x := bytes.Clone(last)
		for i := range x {
			x[i] ^= iv[i]
		}
		block.Encrypt(ct, x)
		dec, _, _ := decrypter(CipherAES256, key, iv, bytes.NewReader(ct))
		if _, err := io.ReadAll(dec); !errors.Is(err, ErrCorrupt) {
			t.Errorf("%s: err = %v", name, err)
		}
	}
	dec, _, _ := decrypter(CipherAES256, key, iv, bytes.NewReader(make([]byte, 20)))
	if _, err := io.ReadAll(dec); !errors.Is(err, ErrCorrupt) {
		t.Errorf("partial block: err = %v", err)
	}
}

func TestHMACBlocks(t *testing.T) {
	key := bytes.Repeat([]byte{9}, 64)
	var buf bytes.Buffer
	w := &hmacBlockWriter{w: &buf, key: key}
	data := bytes.Repeat([]byte("0123456789"), blockSize/5) // two full blocks
	w.Write(data)
	w.Write([]byte("tail"))
	w.Close()
	stream := buf.Bytes()
	got, err := io.ReadAll(&hmacBlockReader{r: bytes.NewReader(stream), key: key, max: blockSize})
	if err != nil || !bytes.Equal(got, append(bytes.Clone(data), "tail"...)) {
		t.Fatalf("read back %d bytes, %v", len(got), err)
	}
	// Blocks moved, changed, cut or too large are refused.
	swapped := bytes.Clone(stream)
	first := 36 + blockSize
	copy(swapped, stream[first:2*first])
	copy(swapped[first:], stream[:first])
	cases := map[string]struct {
		data []byte
		max  int
		want error
	}{
		"swapped blocks": {swapped, blockSize, ErrCorrupt},
		"changed data":   {append(append(bytes.Clone(stream[:40]), stream[40]^1), stream[41:]...), blockSize, ErrCorrupt},
		"cut":            {stream[:len(stream)-1], blockSize, ErrCorrupt},
		"no end block":   {stream[:len(stream)-36], blockSize, ErrCorrupt},
		"too large":      {stream, blockSize - 1, ErrLimit},
	}
	for name, tc := range cases {
		_, err := io.ReadAll(&hmacBlockReader{r: bytes.NewReader(tc.data), key: key, max: tc.max})
		if !errors.Is(err, tc.want) {
			t.Errorf("%s: err = %v, want %v", name, err, tc.want)
		}
	}
}

// hashedBlocks encodes KDBX 3's hashed block stream (test side only: the
// writer writes KDBX 4).
func hashedBlocks(blocks ...[]byte) []byte {
	var out []byte
	for i, b := range append(blocks, nil) {
		out = binary.LittleEndian.AppendUint32(out, uint32(i))
		if len(b) == 0 {
			out = append(out, make([]byte, 32)...)
		} else {
			sum := sha256.Sum256(b)
			out = append(out, sum[:]...)
		}
		out = binary.LittleEndian.AppendUint32(out, uint32(len(b)))
		out = append(out, b...)
	}
	return out
}

func TestHashedBlocks(t *testing.T) {
	good := hashedBlocks([]byte("first block"), []byte("second"))
	got, err := io.ReadAll(&hashedBlockReader{r: bytes.NewReader(good), max: 100})
	if err != nil || string(got) != "first blocksecond" {
		t.Fatalf("%q %v", got, err)
	}
	bad := func(f func(b []byte)) []byte { b := bytes.Clone(good); f(b); return b }
	cases := map[string]struct {
		data []byte
		want error
	}{
		"wrong index":     {bad(func(b []byte) { b[0] = 1 }), ErrCorrupt},
		"wrong hash":      {bad(func(b []byte) { b[5] ^= 1 }), ErrCorrupt},
		"changed data":    {bad(func(b []byte) { b[40] ^= 1 }), ErrCorrupt},
		"end with a hash": {bad(func(b []byte) { b[len(b)-10] = 1 }), ErrCorrupt},
		"negative size":   {bad(func(b []byte) { b[39] = 0x80 }), ErrLimit},
		"truncated":       {good[:len(good)-1], ErrCorrupt},
		"larger than max": {hashedBlocks(make([]byte, 101)), ErrLimit},
		"no end block":    {good[:len(good)-40], ErrCorrupt},
		"empty":           {nil, ErrCorrupt},
		"single block":    {hashedBlocks([]byte("x")), nil},
	}
	for name, tc := range cases {
		_, err := io.ReadAll(&hashedBlockReader{r: bytes.NewReader(tc.data), max: 100})
		if !errors.Is(err, tc.want) && !(tc.want == nil && err == nil) {
			t.Errorf("%s: err = %v, want %v", name, err, tc.want)
		}
	}
}

// The Salsa20 inner stream, consumed in pieces, equals x/crypto's one-shot
// Salsa20 with KeePass's key and nonce.
func TestSalsaStream(t *testing.T) {
	protectedKey := []byte("protected stream key")
	msg := make([]byte, 1000)
	for i := range msg {
		msg[i] = byte(i)
	}
	key := sha256.Sum256(protectedKey)
	want := make([]byte, len(msg))
	salsa20.XORKeyStream(want, msg, salsa20IV[:], &key)
	s, err := newInnerStream(StreamSalsa20, protectedKey)
	if err != nil {
		t.Fatal(err)
	}
	got := bytes.Clone(msg)
	for off, n := 0, 1; off < len(got); off, n = off+n, n*2+1 {
		end := min(off+n, len(got))
		s.XORKeyStream(got[off:end], got[off:end])
	}
	if !bytes.Equal(got, want) {
		t.Fatal("Salsa20 key stream differs from x/crypto's")
	}
	if _, err := newInnerStream(1, protectedKey); !errors.Is(err, ErrUnsupported) {
		t.Errorf("ArcFour: err = %v", err)
	}
}

func TestVariantMap(t *testing.T) {
	items := []VariantItem{
		{"u32", uint32(7)}, {"u64", uint64(1 << 40)}, {"b", true}, {"i32", int32(-3)},
		{"i64", int64(-1 << 40)}, {"s", "text ☕"}, {"bytes", []byte{1, 2, 3}},
	}
	enc, err := marshalVariantMap(items)
	if err != nil {
		t.Fatal(err)
	}
	got, err := parseVariantMap(enc)
	if err != nil || len(got) != len(items) {
		t.Fatalf("%v %v", got, err)
	}
	for i := range items {
		if !bytes.Equal([]byte(toString(got[i].Value)), []byte(toString(items[i].Value))) || got[i].Name != items[i].Name {
			t.Errorf("item %d: %v, want %v", i, got[i], items[i])
		}
	}
	if _, err := marshalVariantMap([]VariantItem{{"f", 1.5}}); err == nil {
		t.Error("a float was encoded")
	}
	cases := map[string][]byte{
		"short":           {0},
		"version 2":       {0, 2, 0},
		"name cut":        {0, 1, vtUInt32, 9, 0, 0, 0, 'a'},
		"value cut":       {0, 1, vtUInt32, 1, 0, 0, 0, 'a', 4, 0, 0, 0, 1},
		"bool size":       {0, 1, vtBool, 1, 0, 0, 0, 'a', 2, 0, 0, 0, 1, 1},
		"unknown type":    {0, 1, 0x11, 1, 0, 0, 0, 'a', 0, 0, 0, 0},
		"string not utf8": {0, 1, vtString, 1, 0, 0, 0, 'a', 1, 0, 0, 0, 0xff},
	}
	for name, b := range cases {
		if _, err := parseVariantMap(b); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

func toString(v any) string {
	switch x := v.(type) {
	case []byte:
		return string(x)
	case string:
		return x
	}
	return fmt.Sprint(v)
}

// header4 builds a KDBX 4 header from fields (id, data) with the given
// version, for the header tests.
func header4(version uint32, fields ...any) []byte {
	b := binary.LittleEndian.AppendUint32(nil, signature1)
	b = binary.LittleEndian.AppendUint32(b, signature2)
	b = binary.LittleEndian.AppendUint32(b, version)
	for i := 0; i < len(fields); i += 2 {
		data := fields[i+1].([]byte)
		b = append(b, byte(fields[i].(int)))
		if version>>16 == 4 {
			b = binary.LittleEndian.AppendUint32(b, uint32(len(data)))
		} else {
			b = binary.LittleEndian.AppendUint16(b, uint16(len(data)))
		}
		b = append(b, data...)
	}
	return b
}

func argon2Variants(mem, iter uint64, lanes, version uint32, salt int) []byte {
	b, _ := marshalVariantMap([]VariantItem{
		{"$UUID", uuidArgon2d[:]}, {"V", version}, {"P", lanes}, {"M", mem}, {"I", iter}, {"S", make([]byte, salt)},
	})
	return b
}

func TestHeaderChecks(t *testing.T) {
	seed, iv16, iv12 := make([]byte, 32), make([]byte, 16), make([]byte, 12)
	aesID, chachaID := uuidAES256[:], uuidChaCha20[:]
	gz := []byte{1, 0, 0, 0}
	okKDF := argon2Variants(64<<20, 2, 2, 0x13, 32)
	end := []byte("\r\n\r\n")
	valid := header4(uint32(Version41), fieldCipherID, chachaID, fieldCompression, gz, fieldMasterSeed, seed, fieldEncryptionIV, iv12, fieldKDFParameters, okKDF, fieldEnd, end)
	h, err := readHeader(bytes.NewReader(valid), DefaultLimits)
	if err != nil {
		t.Fatalf("valid header: %v", err)
	}
	if h.KDF.KDF != KDFArgon2d || h.KDF.MemoryKiB != 64<<10 || h.KDF.Parallelism != 2 || h.Version != Version41 || h.Cipher != CipherChaCha20 {
		t.Errorf("header %+v", h)
	}
	keepass1 := binary.LittleEndian.AppendUint32(binary.LittleEndian.AppendUint32(nil, signature1), signature2KeePass1)
	cases := map[string]struct {
		data []byte
		want error
	}{
		"not kdbx":          {[]byte("PK\x03\x04 a zip file, say"), ErrNotKDBX},
		"empty":             {nil, ErrNotKDBX},
		"keepass 1":         {append(keepass1, 0, 0, 0, 0), ErrUnsupported},
		"version 2":         {header4(0x00020000), ErrUnsupported},
		"version 5":         {header4(0x00050000), ErrUnsupported},
		"truncated":         {valid[:len(valid)-3], ErrCorrupt},
		"no end":            {valid[:len(valid)-9], ErrCorrupt},
		"unknown cipher":    {header4(uint32(Version40), fieldCipherID, make([]byte, 16)), ErrUnsupported},
		"aes-128":           {header4(uint32(Version40), fieldCipherID, uuidAES128[:]), ErrUnsupported},
		"short cipher id":   {header4(uint32(Version40), fieldCipherID, []byte{1}), ErrCorrupt},
		"compression 2":     {header4(uint32(Version40), fieldCompression, []byte{2, 0, 0, 0}), ErrUnsupported},
		"short master seed": {header4(uint32(Version40), fieldMasterSeed, []byte{1}), ErrCorrupt},
		"legacy field in 4": {header4(uint32(Version40), fieldTransformRounds, make([]byte, 8)), ErrCorrupt},
		"kdf field in 3":    {header4(uint32(Version31), fieldKDFParameters, okKDF), ErrCorrupt},
		"no kdf":            {header4(uint32(Version40), fieldCipherID, aesID, fieldMasterSeed, seed, fieldEncryptionIV, iv16, fieldEnd, end), ErrCorrupt},
		"iv size":           {header4(uint32(Version40), fieldCipherID, aesID, fieldMasterSeed, seed, fieldEncryptionIV, iv12, fieldKDFParameters, okKDF, fieldEnd, end), ErrCorrupt},
		"argon2 lanes 0":    {header4(uint32(Version40), fieldCipherID, aesID, fieldMasterSeed, seed, fieldEncryptionIV, iv16, fieldKDFParameters, argon2Variants(1<<20, 1, 0, 0x13, 32), fieldEnd, end), ErrCorrupt},
		"argon2 memory":     {header4(uint32(Version40), fieldCipherID, aesID, fieldMasterSeed, seed, fieldEncryptionIV, iv16, fieldKDFParameters, argon2Variants(64<<30, 1, 1, 0x13, 32), fieldEnd, end), ErrLimit},
		"argon2 passes":     {header4(uint32(Version40), fieldCipherID, aesID, fieldMasterSeed, seed, fieldEncryptionIV, iv16, fieldKDFParameters, argon2Variants(1<<20, 1<<40, 1, 0x13, 32), fieldEnd, end), ErrLimit},
		"argon2 version":    {header4(uint32(Version40), fieldCipherID, aesID, fieldMasterSeed, seed, fieldEncryptionIV, iv16, fieldKDFParameters, argon2Variants(1<<20, 1, 1, 0x14, 32), fieldEnd, end), ErrUnsupported},
		"argon2 salt":       {header4(uint32(Version40), fieldCipherID, aesID, fieldMasterSeed, seed, fieldEncryptionIV, iv16, fieldKDFParameters, argon2Variants(1<<20, 1, 1, 0x13, 4), fieldEnd, end), ErrCorrupt},
		"argon2 odd memory": {header4(uint32(Version40), fieldCipherID, aesID, fieldMasterSeed, seed, fieldEncryptionIV, iv16, fieldKDFParameters, argon2Variants(1<<20+1, 1, 1, 0x13, 32), fieldEnd, end), ErrCorrupt},
		"header too large":  {header4(uint32(Version40), fieldComment, make([]byte, 2<<20)), ErrLimit},
		"v3 no stream key":  {header4(uint32(Version31), fieldCipherID, aesID, fieldMasterSeed, seed, fieldEncryptionIV, iv16, fieldTransformSeed, seed, fieldTransformRounds, make([]byte, 8), fieldEnd, end), ErrCorrupt},
		"v3 arcfour":        {header4(uint32(Version31), fieldInnerRandomStreamID, []byte{1, 0, 0, 0}), ErrUnsupported},
		"v3 start bytes":    {header4(uint32(Version31), fieldStreamStartBytes, []byte{1}), ErrCorrupt},
	}
	for name, tc := range cases {
		_, err := readHeader(bytes.NewReader(tc.data), DefaultLimits)
		if !errors.Is(err, tc.want) {
			t.Errorf("%s: err = %v, want %v", name, err, tc.want)
		}
	}
}
