// Package crypto holds passtea's cryptographic building blocks: the argon2id
// key derivation with its parameter checks and calibration, XChaCha20-Poly1305
// sealing, and wrapping of the random vault key.
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
//     [MaxIterations] and [MaxParallelism] before any work is done.
//   - Sealing is XChaCha20-Poly1305 with a fresh random 24-byte nonce for every
//     call: with 192-bit nonces random generation is safe for any number of
//     messages a password vault will ever seal.
//   - Callers always pass associated data that names what the bytes are, so a
//     sealed blob cannot be moved to another vault, entry or purpose.
//
// # Memory
//
// Go gives no guarantee that a secret is not copied by the runtime (stack
// growth, garbage collection, string conversions). [Wipe] zeroes the buffers
// passtea controls; it is best effort, not a guarantee.
package crypto
