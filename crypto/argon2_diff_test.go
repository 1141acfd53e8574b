// Differential tests: our Argon2 against golang.org/x/crypto/argon2 (Argon2i
// and Argon2id, version 0x13) and against the reference implementation's
// command line where it is installed (every type and version), on random
// parameters; and FuzzArgon2, the same against x/crypto under the fuzzer.

package crypto

import (
	"bytes"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"os/exec"
	"strings"
	"testing"

	"golang.org/x/crypto/argon2"
)

// xcrypto returns x/crypto's tag for p (Argon2i or Argon2id, version 0x13,
// no secret, no associated data, at most 255 lanes).
func xcrypto(password []byte, p Argon2Params) []byte {
	if p.Type == Argon2i {
		return argon2.Key(password, p.Salt, p.Iterations, p.MemoryKiB, uint8(p.Lanes), p.KeyLen)
	}
	return argon2.IDKey(password, p.Salt, p.Iterations, p.MemoryKiB, uint8(p.Lanes), p.KeyLen)
}

// randomParams returns small random parameters: 1 to 64 lanes, memory from
// 8·lanes KiB to about 3 MiB and rarely a multiple of 4·lanes, 1 to 4 passes,
// tags of 4 to 300 bytes, salts of 0 to 40 bytes.
func randomParams(rng *rand.Rand, typ Argon2Type) Argon2Params {
	lanes := uint32(1 + rng.IntN(64))
	if rng.IntN(3) == 0 {
		lanes = uint32(1 + rng.IntN(4))
	}
	salt := make([]byte, rng.IntN(41))
	for i := range salt {
		salt[i] = byte(rng.Uint32())
	}
	return Argon2Params{
		Type:       typ,
		Version:    Argon2Version13,
		MemoryKiB:  8*lanes + uint32(rng.IntN(3000)),
		Iterations: uint32(1 + rng.IntN(4)),
		Lanes:      lanes,
		KeyLen:     uint32(4 + rng.IntN(297)),
		Salt:       salt,
	}
}

func TestArgon2MatchesXCrypto(t *testing.T) {
	seed := rand.Uint64()
	rng := rand.New(rand.NewPCG(seed, 17))
	n := 120
	if testing.Short() || raceEnabled {
		n = 20
	}
	for i := range n {
		typ := Argon2id
		if i%3 == 2 {
			typ = Argon2i
		}
		p := randomParams(rng, typ)
		password := make([]byte, rng.IntN(70))
		for j := range password {
			password[j] = byte(rng.Uint32())
		}
		got, err := Argon2(password, p)
		if err != nil {
			t.Fatalf("seed %d: Argon2(%+v): %v", seed, p, err)
		}
		if want := xcrypto(password, p); !bytes.Equal(got, want) {
			t.Fatalf("seed %d: Argon2(%x, %+v):\n  ours %x\nx/crypto %x", seed, password, p, got, want)
		}
	}
}

// TestArgon2MatchesReferenceCLI runs Debian's argon2 (the reference
// implementation) on random parameters of every type and both versions, the
// combinations x/crypto cannot check. Its command line takes the salt as an
// argument (8 bytes or more, no NUL) and refuses an empty password, so both
// are printable here.
func TestArgon2MatchesReferenceCLI(t *testing.T) {
	bin, err := exec.LookPath("argon2")
	if err != nil {
		t.Skip("argon2 (the reference command line) is not installed")
	}
	seed := rand.Uint64()
	rng := rand.New(rand.NewPCG(seed, 9106))
	const letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 !#%+,-./:;=?@_~"
	text := func(n int) string {
		var b strings.Builder
		for range n {
			b.WriteByte(letters[rng.IntN(len(letters))])
		}
		return b.String()
	}
	n := 24
	if testing.Short() {
		n = 6
	}
	for i := range n {
		p := randomParams(rng, Argon2Type(i%3))
		p.Version = []uint32{Argon2Version10, Argon2Version13}[i/3%2]
		p.Salt = []byte(text(8 + rng.IntN(25)))
		password := text(1 + rng.IntN(40))
		flag := map[Argon2Type]string{Argon2d: "-d", Argon2i: "-i", Argon2id: "-id"}[p.Type]
		cmd := exec.Command(bin, string(p.Salt), flag, "-v", fmt.Sprintf("%x", p.Version),
			"-t", fmt.Sprint(p.Iterations), "-k", fmt.Sprint(p.MemoryKiB), "-p", fmt.Sprint(p.Lanes),
			"-l", fmt.Sprint(p.KeyLen), "-r")
		cmd.Stdin = strings.NewReader(password)
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("%v: %v", cmd.Args, err)
		}
		want, err := hex.DecodeString(strings.TrimSpace(string(out)))
		if err != nil {
			t.Fatalf("%v printed %q", cmd.Args, out)
		}
		got, err := Argon2([]byte(password), p)
		if err != nil {
			t.Fatalf("seed %d: Argon2(%+v): %v", seed, p, err)
		}
		if !bytes.Equal(got, want) {
			t.Fatalf("seed %d: Argon2(%q, %+v):\n ours %x\n  cli %x", seed, password, p, got, want)
		}
	}
}

// FuzzArgon2 checks Argon2i and Argon2id against x/crypto on whatever the
// fuzzer finds, with the cost kept small: lanes 1..64, memory up to 8·lanes +
// 2047 KiB, up to 3 passes, tags of 4 to 1027 bytes.
func FuzzArgon2(f *testing.F) {
	f.Add(true, uint16(0), uint8(0), uint8(0), uint16(28), []byte("password"), []byte("somesalt"))
	f.Add(false, uint16(3), uint8(2), uint8(63), uint16(60), []byte{}, []byte{})
	f.Add(true, uint16(2047), uint8(1), uint8(6), uint16(1020), []byte("\x00\xff"), []byte("0123456789abcdef"))
	f.Fuzz(func(t *testing.T, id bool, extraKiB uint16, passes, lanes uint8, keyLen uint16, password, salt []byte) {
		p := Argon2Params{Type: Argon2i, Version: Argon2Version13, Salt: salt}
		if id {
			p.Type = Argon2id
		}
		p.Lanes = 1 + uint32(lanes%64)
		p.MemoryKiB = 8*p.Lanes + uint32(extraKiB%2048)
		p.Iterations = 1 + uint32(passes%3)
		p.KeyLen = 4 + uint32(keyLen%1024)
		got, err := Argon2(password, p)
		if err != nil {
			t.Fatalf("Argon2(%+v): %v", p, err)
		}
		if want := xcrypto(password, p); !bytes.Equal(got, want) {
			t.Fatalf("Argon2(%x, %+v):\n  ours %x\nx/crypto %x", password, p, got, want)
		}
	})
}
