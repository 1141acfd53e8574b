// Package crypto holds passtea's cryptographic building blocks: Argon2 (our
// own implementation of RFC 9106) and the argon2id key derivation built on
// it, with its parameter checks, calibration and preparation;
// XChaCha20-Poly1305 sealing; and wrapping of the random vault key.
//
// It works on byte slices only and imports nothing else of passtea's.
//
// # Choices
//
//   - Key derivation is argon2id (RFC 9106) with a 32-byte output and a 32-byte
//     random salt. The defaults (256 MiB, 4 lanes, iterations calibrated to
//     about half a second and never fewer than 3) sit well above RFC 9106's
//     second recommended option (64 MiB, t=3, p=4), which is the floor for
//     defaults. Parameters read from a file are checked against [MaxMemoryKiB],
//     [MaxIterations], [MaxParallelism] and [MaxCost] before any work is done.
//   - Sealing is XChaCha20-Poly1305 with a fresh random 24-byte nonce for every
//     call: with 192-bit nonces random generation is safe for any number of
//     messages a password vault will ever seal.
//   - Callers always pass associated data that names what the bytes are, so a
//     sealed blob cannot be moved to another vault, entry or purpose.
//
// # Argon2
//
// [Argon2] is written here from RFC 9106 rather than taken from
// golang.org/x/crypto/argon2, for speed and for inputs x/crypto lacks
// (Argon2d, version 0x10, the secret and associated data, which KeePass
// KDBX 4 files use). A derivation at the defaults took twice as long as the
// reference C implementation in a fresh process, and the compression was not
// the reason: x/crypto XORs each new block into never-written memory on the
// first pass, so every page is faulted in twice (read, then write), 131,600
// minor faults at 256 MiB against C's 65,800, with two threads contending on
// them. Ours:
//
//   - writes, not XORs, on the first pass (RFC 9106 §3.2 step 5);
//   - on Linux, takes the memory from an anonymous mapping outside the Go
//     heap, aligned to 2 MiB and advised to use transparent huge pages
//     (MADV_HUGEPAGE) and to stay out of core dumps (MADV_DONTDUMP): about
//     400 page faults at 256 MiB. Elsewhere the memory is a Go slice;
//   - compresses with AVX2 on amd64 (argon2_g_amd64.s, our own), prefetching
//     each reference block whole; portable Go elsewhere (arm64, CPUs without
//     AVX2) and with the purego build tag;
//   - runs the lanes of each slice on up to GOMAXPROCS goroutines that take
//     the next lane free and meet at the slice's end (RFC 9106 §3.4);
//   - wipes the memory, which holds password-derived state, in parallel before
//     giving it back, as the reference implementation does.
//
// Known answers (RFC 9106 §5, the reference implementation's test vectors,
// our own up to 1 GiB) and differential tests against x/crypto and the
// reference command line on random parameters keep it exactly Argon2.
//
// Measured on the 2-vCPU VM passtea is developed on (AMD EPYC with AVX2,
// Linux 6.18, transparent huge pages on madvise), argon2id, t=3, p=4, with
// crypto/bench/compare.sh: hyperfine side by side in the same run, 20 runs
// each, ranges over repeated runs. Other work shared the machine, so the
// runs were given the CPU with chrt -f 10 (SCHED_FIFO); at normal priority
// under a load of 9 the ratios held (256 MiB: C 611–1109 ms, passtea
// 200–520 ms).
//
//	                      argon2 -r (C)       passtea            passtea / C
//	64 MiB, wall          91–150 ms           43–70 ms           0.42–0.50 (means)
//	256 MiB, wall         356–553 ms          161–366 ms         0.45–0.52 (means)
//	256 MiB, user CPU     0.53–0.67 s         0.28–0.35 s
//	256 MiB, system CPU   0.11–0.33 s         0.01–0.36 s
//	256 MiB, page faults  65,650              400–430
//	512 MiB, wall         842–1065 ms         398–548 ms
//
// golang.org/x/crypto/argon2, which passtea used before, took 780–1013 ms at
// 256 MiB in the same runs (0.96 s system time, 131,600 faults). On blocks
// in cache G takes 0.18–0.19 µs (BenchmarkCompress), 0.66–0.73 µs in our
// portable Go, and x/crypto's SSE4 code about 0.5 µs (a 1 MiB, 10-pass
// derivation, 2 million blocks, took 0.41 s with ours and 1.03 s with
// x/crypto). The system time varies from run to run because this VM hands
// freed memory back to its host (virtio-balloon free page reporting), so
// touching it again can cost the host's faults too; C pays the same.
//
// # Paying while the user types
//
// Allocating and first touching the memory is a fixed part of every cold
// derivation. [PrepareKDF] does it in the background when a password prompt
// appears, so that after Enter the derivation is compute only; the key is
// the same with or without it. The memory depends on memory and lanes only,
// so a preparation serves any number of passes. At the defaults, inside the
// process, a derivation took 160–285 ms cold and 148–200 ms after
// PrepareKDF and a second of typing (BenchmarkDeriveKeyDefault and
// BenchmarkDeriveKeyPrepared: 224 and 187 ms); the saving is larger where
// page faults are dear, as on this VM when the host must fault memory back
// in. [Measure] never takes prepared memory, so calibrating after the
// prompt appeared leaves it for the derivation.
//
// # Defaults
//
// [Default] stays 256 MiB, 4 lanes, with passes calibrated to
// [DefaultTarget] (500 ms) and never fewer than 3. A derivation at 512 MiB
// and 3 passes now costs 0.40–0.55 s here, what 256 MiB cost the C reference
// (0.36–0.55 s) and less than it cost passtea with x/crypto (0.78–1.01 s),
// so 512 MiB was within reach. We keep 256 MiB because:
//
//   - a vault's parameters travel with it to every machine it is synced to,
//     and the smallest one must derive it: 1 GiB boards, 512 MiB–1 GiB
//     virtual servers, containers with memory limits, where 512 MiB and the
//     process around it risk the OOM killer;
//   - raising Default makes every existing vault weaker than the default,
//     and the vault's upgrade rewrites such vaults on their next unlock: a
//     silent jump that can lock out such a machine;
//   - the time saved is not lost: at 256 MiB calibration now picks 7–8
//     passes for 500 ms here, where with x/crypto a cold derivation at 3
//     passes already took longer than the target and calibration stayed at
//     the minimum of 3.
//
// Memory buys more than passes against parallel hardware (an attacker's
// area × time grows as memory² × passes), so 512 MiB is the next step when
// the smallest machine passtea supports grows; a user can choose it today
// with explicit KDF settings.
//
// # Limits
//
// [KDFParams.Validate] caps memory at 1 GiB, passes at 100, lanes at 64 and
// memory × passes at [MaxCost], 16 GiB-passes. The most a hostile file can
// make a reader do is 1 GiB × 16 passes in one lane (one lane cannot be
// spread over cores): 11.1 s here (8.5 s of compute, 2.7 s of system time
// first touching 1 GiB on this VM) and 1 GiB of memory; with 4 lanes 5.6 s;
// 160 MiB × 100 passes in one lane 6.7 s. Where G runs in portable Go the
// compute is about 1.8 times as long (256 MiB × 16 passes in one lane:
// 4.3 s against 2.4 s), about 17 s for the worst file. That is within the
// 10–15 s a reader should ever spend on this machine, so MaxCost stays: it
// binds no vault passtea makes (calibration clamps to it), and lowering it
// would make vaults above the new cap unreadable. 8 GiB-passes would halve
// the bound if it must be smaller.
//
// # Memory
//
// Go gives no guarantee that a secret is not copied by the runtime (stack
// growth, garbage collection, string conversions). [Wipe] zeroes the buffers
// passtea controls, and Argon2's memory is wiped before it is given back;
// this is best effort, not a guarantee.
package crypto
