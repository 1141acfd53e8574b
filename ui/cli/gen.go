package cli

// This file holds `passtea gen`. Scripts run it in loops, so its start-up
// is part of its speed (issue 17).
//
// Where the start-up goes, measured with perf stat on the 2-vCPU VM
// (CPU time and minor page faults a process; rounds of 30–100 runs, the
// binaries compared alternating, on a machine shared with other builds; a
// Go hello-world takes 0.8–0.9 ms and 204 faults, pwgen 0.5 ms and 60):
// `passtea gen` takes 4–5 ms and 1,000–1,020 faults, nearly all before
// main, in the runtime and in the initialisation of every package linked
// in, whichever command runs:
//
//   - zxcvbn's frequency lists, 1.1–1.5 ms and 405–410 faults: package
//     github.com/trustelem/zxcvbn/frequency builds a map literal of
//     []string at init, copying 1.52 MB of string headers to the heap.
//     generator/strength needs the lists, issue 14 wants them from a
//     module, and none found that the proxy serves publishes zxcvbn
//     4.4.2's lists as static data (see strength's doc), so this stays.
//   - cgo: where a C compiler is found, `go build` links net and os/user
//     with cgo, and the binary is dynamic (ld.so, libc, threads through
//     pthread): 0.5–1.1 ms and 55–80 faults. A CGO_ENABLED=0 build is
//     static; Go's own DNS resolver and user lookup then serve what
//     passtea needs of them (audit --online, terminfo's home directory).
//   - the rest, 1.4–1.8 ms and 330 faults over hello-world: the runtime's
//     start for a 27 MB binary (itabs, module data) and 138 other
//     packages' inits, 0.31 MB: QR decoding's tables (gozxing and x/text's
//     IANA index, 0.15 MB, 5% of the CPU time), atotto/clipboard
//     searching $PATH for xclip, lipgloss detecting the terminal's
//     colours.
//   - passtea's own work after that is small: commands built, flags
//     parsed, one password made and written (BenchmarkGenOne: 234
//     allocations, 91 KB; was 302 and 102 KB).
//
// What passtea does about it: newRootCmd builds only the root and gen
// (commands.go), without the version (read from the build information)
// and cobra's completion command; tables only other commands use are made on first
// use (sync.OnceValue), so passtea's own packages allocate 4.1 KB at init
// (was 9.2 KB); nothing reads a file or the settings before gen runs; no
// garbage collection runs (1.84 MB allocated at init, under the first
// goal of 4 MB). These save tens of microseconds and 10 faults, within the
// noise of whole runs here; the large costs above are outside passtea's
// code. TestGenStartupInits (startup_linux_test.go) holds package
// initialisation to a budget and names every dependency whose init
// allocates 32 KB or more; testdata/bench-gen-start.sh measures it all
// again.

import (
	"bufio"
	"fmt"
	"math"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/spf13/cobra"

	"github.com/passtea/passtea/generator"
)

// genOptions are what `passtea gen` was asked for.
type genOptions struct {
	opts       generator.Options
	count      int
	json       bool
	copy       bool
	clearAfter time.Duration
}

func newGenCmd(e *env) *cobra.Command {
	var (
		gf genFlags
		o  genOptions
	)
	cmd := &cobra.Command{
		Use:   "gen",
		Short: "Generate passwords, passphrases or PINs",
		Long: `gen prints new random passwords, one a line. It needs no vault.

By default a password has 20 characters from lowercase and uppercase letters,
digits and the 32 ASCII symbols, with at least one of each. Every password
that satisfies the options is equally likely; --json shows the exact entropy.

--words N makes a passphrase from the EFF large wordlist (7,776 words), and
--pin N a PIN of N digits.`,
		Example: `  passtea gen
  passtea gen --length 32 --no-symbols --count 5
  passtea gen --words 6 --separator " " --capitalize --with-number
  passtea gen --pin 6 --json
  passtea gen --copy`,
		Args: usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			var err error
			if o.opts, err = gf.options(cmd); err != nil {
				return err
			}
			switch {
			case o.count < 1:
				return usagef("--count must be at least 1")
			case o.copy && o.count != 1:
				return usagef("--copy takes a single password: drop --count")
			case o.copy && o.json:
				return usagef("--copy and --json don't mix: --copy prints nothing secret")
			}
			if err := checkClearAfter(cmd, o.copy, o.clearAfter); err != nil {
				return err
			}
			return runGen(e, generator.New(nil), o)
		},
	}
	gf.bind(cmd.Flags())
	f := cmd.Flags()
	f.IntVar(&o.count, "count", 1, "print `N` of them, one a line")
	f.BoolVar(&o.json, "json", false, `print one JSON object a line: {"password", "entropy_bits", "length"}`)
	f.BoolVar(&o.copy, "copy", false, "copy the password to the clipboard instead of printing it")
	addClearAfterFlag(cmd, &o.clearAfter)
	return cmd
}

func runGen(e *env, gen *generator.Generator, o genOptions) error {
	if o.copy {
		return genCopy(e, gen, o.opts, o.clearAfter)
	}
	return genPrint(e, gen, o.opts, o.count, o.json)
}

func genCopy(e *env, gen *generator.Generator, opts generator.Options, clearAfter time.Duration) error {
	pw, err := gen.Append(nil, opts)
	if err != nil {
		return err
	}
	defer clear(pw)
	msg, err := copyToClipboard(e, string(pw), clearAfter)
	if err != nil {
		return fmt.Errorf("copy: %w", err)
	}
	fmt.Fprintln(e.stderr, msg)
	return nil
}

// genPrint writes count secrets through one buffer; each is appended in
// place, so none is copied or allocated.
func genPrint(e *env, gen *generator.Generator, opts generator.Options, count int, asJSON bool) error {
	w := bufio.NewWriterSize(e.stdout, 64<<10)
	var bits float64
	if asJSON {
		var err error
		if bits, err = generator.Entropy(opts); err != nil {
			return err
		}
		bits = math.Round(bits*10) / 10
	}
	var scratch []byte
	for range count {
		line := w.AvailableBuffer()
		if asJSON {
			var err error
			if scratch, err = gen.Append(scratch[:0], opts); err != nil {
				return err
			}
			line = append(line, `{"password": `...)
			line = appendJSONString(line, scratch)
			line = append(line, `, "entropy_bits": `...)
			line = strconv.AppendFloat(line, bits, 'f', 1, 64)
			line = append(line, `, "length": `...)
			line = strconv.AppendInt(line, int64(utf8.RuneCount(scratch)), 10)
			line = append(line, "}\n"...)
		} else {
			var err error
			if line, err = gen.Append(line, opts); err != nil {
				return err
			}
			line = append(line, '\n')
		}
		if _, err := w.Write(line); err != nil {
			return fmt.Errorf("write: %w", err)
		}
	}
	clear(scratch)
	if err := w.Flush(); err != nil {
		return fmt.Errorf("write: %w", err)
	}
	return nil
}

// appendJSONString appends s, which is valid UTF-8, as a JSON string.
func appendJSONString(dst, s []byte) []byte {
	const hex = "0123456789abcdef"
	dst = append(dst, '"')
	for _, c := range s {
		switch {
		case c == '"' || c == '\\':
			dst = append(dst, '\\', c)
		case c < 0x20:
			dst = append(dst, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
		default:
			dst = append(dst, c)
		}
	}
	return append(dst, '"')
}
