// Command bench makes the data of the audit comparison (compare.sh beside
// it): a passtea vault and a KeePass 2 XML file holding the same entries,
// and a sorted Pwned Passwords SHA-1 list of a given size holding the real
// SHA-1s of the entries meant to be breached among synthetic hashes.
//
//	go run ./audit/bench -dir DIR [-entries 10000] [-list-bytes 1073741824]
//
// It writes DIR/vault.passtea (master password in DIR/master, argon2id
// 64 MiB, 3 passes, 4 lanes), DIR/entries.xml and DIR/pwned-sha1.txt, and
// prints how many entries of each kind it planted.
//
// Of the entries: 5% weak (a word and digits), 15% in groups of 2–5 that
// share a password, 5% breached (the list holds their hash), 5% changed
// two years ago; the rest are generated passwords of 20 characters.
package main

import (
	"bufio"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"encoding/xml"
	"flag"
	"fmt"
	"log"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"time"

	"github.com/passtea/passtea/crypto"
	"github.com/passtea/passtea/generator"
	"github.com/passtea/passtea/generator/strength/hibp"
	"github.com/passtea/passtea/vault"
)

const master = "Bench-Kettle-48-Lantern-Quince"

func main() {
	dir := flag.String("dir", "", "write the data to `DIR`")
	entries := flag.Int("entries", 10000, "how many entries")
	listBytes := flag.Int64("list-bytes", 1<<30, "size of the breached-password list")
	flag.Parse()
	if *dir == "" {
		log.Fatal("give -dir")
	}
	rng := rand.New(rand.NewPCG(1, 2))
	items, breached, counts := plant(rng, *entries)
	if err := writeVault(filepath.Join(*dir, "vault.passtea"), items); err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(*dir, "master"), []byte(master+"\n"), 0o600); err != nil {
		log.Fatal(err)
	}
	if err := writeXML(filepath.Join(*dir, "entries.xml"), items); err != nil {
		log.Fatal(err)
	}
	if err := writeList(filepath.Join(*dir, "pwned-sha1.txt"), *listBytes, breached); err != nil {
		log.Fatal(err)
	}
	fmt.Println(counts)
}

// plant makes the entries; breached are the passwords the list must hold.
func plant(rng *rand.Rand, n int) (items []vault.NewEntry, breached []string, counts string) {
	gen := generator.New(nil)
	words := []string{"summer", "dragon", "monkey", "soccer", "falcon", "orange", "winter", "purple", "silver", "thunder"}
	twoYearsAgo := time.Now().Add(-2 * 365 * 24 * time.Hour)
	var weak, reused, nBreached, old int
	for i := 0; len(items) < n; i++ {
		pw, err := gen.Generate(generator.DefaultOptions())
		if err != nil {
			log.Fatal(err)
		}
		it := vault.NewEntry{Name: fmt.Sprintf("site-%05d", i), Username: fmt.Sprintf("user%d@example.com", i)}
		it.URLs = []string{fmt.Sprintf("https://site-%05d.example.com/login", i)}
		switch k := i % 20; {
		case k == 0:
			it.Password = words[rng.IntN(len(words))] + strconv.Itoa(rng.IntN(100))
			weak++
		case k == 1:
			it.Password = fmt.Sprintf("bench-breached-%d-%s", i, pw[:6])
			breached = append(breached, it.Password)
			nBreached++
		case k == 2:
			it.Password = pw
			it.Created = twoYearsAgo
			it.Modified = twoYearsAgo
			old++
		case k == 3:
			// A group of 2–5 entries sharing one password.
			size := 2 + rng.IntN(4)
			for j := 0; j < size && len(items) < n; j++ {
				shared := it
				shared.Name = fmt.Sprintf("site-%05d-%d", i, j)
				shared.Password = pw
				items = append(items, shared)
				reused++
			}
			continue
		default:
			it.Password = pw
		}
		items = append(items, it)
	}
	return items, breached, fmt.Sprintf("%d entries: %d weak, %d reused, %d breached, %d old, the rest generated", len(items), weak, reused, nBreached, old)
}

func writeVault(path string, items []vault.NewEntry) error {
	v, _, err := vault.Create(path, vault.NewVault{
		Credentials: vault.Credentials{Password: []byte(master)},
		KDF:         vault.KDFSettings{Params: crypto.KDFParams{MemoryKiB: 64 << 10, Iterations: 3, Parallelism: 4}, Explicit: true},
	}, nil)
	if err != nil {
		return err
	}
	defer v.Lock()
	return v.AddMany(items)
}

// KeePass 2 XML, the parts keepassxc-cli import reads.
type (
	xmlFile struct {
		XMLName xml.Name `xml:"KeePassFile"`
		Meta    struct {
			Generator string `xml:"Generator"`
		} `xml:"Meta"`
		Root struct {
			Group xmlGroup `xml:"Group"`
		} `xml:"Root"`
	}
	xmlGroup struct {
		UUID    string     `xml:"UUID"`
		Name    string     `xml:"Name"`
		Entries []xmlEntry `xml:"Entry"`
	}
	xmlEntry struct {
		UUID  string `xml:"UUID"`
		Times struct {
			Created  string `xml:"CreationTime"`
			Modified string `xml:"LastModificationTime"`
		} `xml:"Times"`
		Strings []xmlString `xml:"String"`
	}
	xmlString struct {
		Key   string `xml:"Key"`
		Value string `xml:"Value"`
	}
)

func uuid(i uint64) string {
	var b [16]byte
	binary.BigEndian.PutUint64(b[:8], i+1)
	return base64.StdEncoding.EncodeToString(b[:])
}

func writeXML(path string, items []vault.NewEntry) error {
	var f xmlFile
	f.Meta.Generator = "passtea audit bench"
	f.Root.Group = xmlGroup{UUID: uuid(1 << 40), Name: "Root"}
	now := time.Now().UTC().Format(time.RFC3339)
	for i, it := range items {
		e := xmlEntry{UUID: uuid(uint64(i)), Strings: []xmlString{
			{"Title", it.Name}, {"UserName", it.Username}, {"Password", it.Password}, {"URL", it.URLs[0]},
		}}
		e.Times.Created, e.Times.Modified = now, now
		if !it.Created.IsZero() {
			e.Times.Created = it.Created.UTC().Format(time.RFC3339)
			e.Times.Modified = e.Times.Created
		}
		f.Root.Group.Entries = append(f.Root.Group.Entries, e)
	}
	b, err := xml.MarshalIndent(f, "", "\t")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append([]byte(xml.Header), b...), 0o600)
}

// writeList writes a sorted list of about size bytes: synthetic hashes
// spread evenly over the hash space, and the hashes of breached.
func writeList(path string, size int64, breached []string) error {
	var planted []hibp.Hash
	for _, pw := range breached {
		planted = append(planted, hibp.HashOf(pw))
	}
	slices.SortFunc(planted, func(a, b hibp.Hash) int { return slices.Compare(a[:], b[:]) })
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	n := uint64(size / 49) // lines average 49 bytes
	step := ^uint64(0) / n
	rng := rand.New(rand.NewPCG(3, 4))
	line := make([]byte, 0, 64)
	write := func(h hibp.Hash, count uint64) {
		line = hex.AppendEncode(line[:0], h[:])
		for k := range 40 {
			if line[k] >= 'a' {
				line[k] -= 'a' - 'A'
			}
		}
		line = append(line, ':')
		line = strconv.AppendUint(line, count, 10)
		line = append(line, '\r', '\n')
		w.Write(line)
	}
	for i := range n {
		var h hibp.Hash
		binary.BigEndian.PutUint64(h[:8], i*step+rng.Uint64N(step))
		binary.BigEndian.PutUint64(h[8:16], rng.Uint64())
		binary.BigEndian.PutUint32(h[16:], rng.Uint32())
		for len(planted) > 0 && slices.Compare(planted[0][:], h[:]) < 0 {
			write(planted[0], 1+rng.Uint64N(1000))
			planted = planted[1:]
		}
		write(h, 1+rng.Uint64N(100000))
	}
	for _, h := range planted {
		write(h, 1)
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
