// Command bench derives one argon2id key the way passtea does, as a whole
// process, for side-by-side timing against the reference implementation's
// command line (see compare.sh). Its arguments follow that command line's:
//
//	printf '%s' PASSWORD | bench [-t N] [-m LOG2KIB | -k KIB] [-p N] SALT
//
// prints the 32-byte key in hex, like argon2 SALT -id ... -l 32 -r. The salt
// must be at least 16 bytes, as passtea requires.
//
// -n N derives N times in the process; -time prints each derivation's wall
// time to stderr; -prepare D calls crypto.PrepareKDF first and waits D, as a
// user typing would, before deriving; -xcrypto derives with
// golang.org/x/crypto/argon2 instead, for comparison.
package main

import (
	"encoding/hex"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/passtea/passtea/crypto"
	"golang.org/x/crypto/argon2"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func run() error {
	t := flag.Uint("t", 3, "passes")
	m := flag.Uint("m", 12, "memory as log2 of KiB")
	k := flag.Uint("k", 0, "memory in KiB (overrides -m)")
	p := flag.Uint("p", 1, "lanes")
	n := flag.Int("n", 1, "derivations in this process")
	timed := flag.Bool("time", false, "print each derivation's time to stderr")
	prepare := flag.Duration("prepare", 0, "call PrepareKDF and wait this long before deriving")
	xcrypto := flag.Bool("xcrypto", false, "derive with golang.org/x/crypto/argon2")
	flag.Parse()
	if flag.NArg() != 1 || *m > 31 || *p > 255 || *t > 1<<32-1 {
		flag.Usage()
		os.Exit(2)
	}
	memory := uint32(1) << *m
	if *k != 0 {
		memory = uint32(*k)
	}
	params := crypto.KDFParams{MemoryKiB: memory, Iterations: uint32(*t), Parallelism: uint8(*p)}
	salt := []byte(flag.Arg(0))
	password, err := io.ReadAll(os.Stdin)
	if err != nil {
		return fmt.Errorf("read password: %w", err)
	}
	if *prepare > 0 {
		crypto.PrepareKDF(params)
		time.Sleep(*prepare)
	}
	var key []byte
	for range *n {
		start := time.Now()
		if *xcrypto {
			key = argon2.IDKey(password, salt, params.Iterations, params.MemoryKiB, params.Parallelism, crypto.KeySize)
		} else if key, err = crypto.DeriveKey(password, salt, params); err != nil {
			return err
		}
		if *timed {
			fmt.Fprintf(os.Stderr, "%.1f ms\n", float64(time.Since(start).Microseconds())/1e3)
		}
	}
	fmt.Println(hex.EncodeToString(key))
	return nil
}
