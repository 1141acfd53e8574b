// Package kdbx reads KeePass databases (KDBX 3.1, 4.0 and 4.1) and KeePass 2
// XML exports into a plain document model, and writes KDBX 4 files that
// KeePass and KeePassXC open. It is the building block of passtea's KeePass
// import and export; mapping to passtea's entries is the importer's job.
//
// # Reading
//
// [Read] takes the file and [Credentials] (a password, a key file's key from
// crypto/keyfile, or both) and returns a [Database]: the [Header], [Meta],
// the tree of [Group] and [Entry] values, and the deleted objects. An entry
// keeps its strings in file order with their protected flag, its history
// (earlier versions with their times), times, tags, attachment names and
// sizes, auto-type settings, custom data, icons and colours: everything an
// importer needs to say what passtea cannot hold. [Entry.OTP] reads
// KeePassXC's one-time-code attributes (otp, and the older TOTP Seed / TOTP
// Settings) as an otpauth:// URI. [ReadXML] reads KeePass 2 XML exports
// through the same model. [ReadHeader] reads only the outer header.
//
// Supported: AES-KDF (KDBX 3 transform rounds and KDBX 4's AES-KDF),
// Argon2d and Argon2id (versions 0x13 and 0x10, through crypto.Argon2);
// outer ciphers AES-256-CBC, ChaCha20 and Twofish-CBC; gzip or no
// compression; the KDBX 4 HMAC-SHA-256 block stream and the KDBX 3 hashed
// block stream; the KDBX 4 inner header; inner stream ciphers ChaCha20 and
// Salsa20. Refused with [ErrUnsupported]: KeePass 1 (.kdb) files, KDBX 2.x
// and 5+, AES-128, the ArcFour inner stream, unknown KDFs and ciphers.
// Key derivation secrets and associated data (Argon2's K and A parameters)
// are ignored, as KeePassXC ignores them.
//
// The reader follows KeePassXC 2.7 where formats leave room (its
// src/format): unknown header fields and XML elements are skipped, an empty
// standard field may be repeated, a malformed UUID or time counts as absent.
// It is stricter where leniency would change data silently: a protected
// value that is not UTF-8, two fields of one name with values, and a
// protected value in a file without an inner stream are errors.
//
// # Writing
//
// [Write] writes KDBX 4.0, or 4.1 when a group has tags (which only 4.1
// holds), the lowest version the content needs, as KeePassXC chooses: 4.0
// opens in every KeePass since 2.35 and every KeePassXC since 2.3. The
// caller chooses the KDF and its cost (exports use Argon2id,
// [Argon2idParams]) and the cipher (ChaCha20 by default, AES-256 or Twofish).
// The payload is gzip-compressed, protected fields are encrypted with the
// ChaCha20 inner stream, the one-time code goes in the protected "otp"
// attribute as KeePassXC writes it ([Entry.SetOTP]). Values with characters
// XML 1.0 cannot carry (control characters) are written protected, as
// base64, so they survive; CR is written as a character reference so CR LF
// stays CR LF. Attachments cannot be written (the model keeps no content).
// KDBX 3.1 is not written: KDBX 4 is what current KeePass and KeePassXC
// write themselves, and the only version with Argon2 and an authenticated
// header.
//
// # Hostile files
//
// Every size and count a file controls is checked against [Limits] before it
// is allocated or worked on ([DefaultLimits]):
//
//   - outer header and each inner header field: 1 MiB;
//   - one block of a block stream: 32 MiB (KeePass writes 1 MiB);
//   - decompressed payload (inner header, attachments, XML): 512 MiB, the
//     gzip-bomb cap; the reader fails with [ErrLimit] past it rather than
//     stopping quietly;
//   - XML nesting: 128 levels; entries with history items: 2,000,000;
//     groups: 500,000; strings, attachments, custom data items, tags,
//     associations, icons and deleted objects together: 20,000,000;
//   - Argon2: 1 GiB of memory and memory × passes of 16 GiB (crypto's caps
//     for passtea's own vaults, about 20 s), 10,000 passes, 255 lanes;
//     AES-KDF: 2^29 rounds (about 20 s here). See [DefaultLimits].
//
// The KDF runs before anything authenticates the header, so those caps are
// what bounds the time a file can cost. The model's memory is a small
// multiple of the decompressed size. Errors are one line, wrap one of
// [ErrWrongKey], [ErrNotKDBX], [ErrUnsupported], [ErrCorrupt] or [ErrLimit],
// and never hold a password, a key or a protected value (nor any field
// value; entry titles and field names may appear in the writer's errors).
//
// KDBX 4 authenticates everything (header HMAC, then an HMAC per block), and
// the reader reads the stream to its end so that the last block, the gzip
// checksum and the padding are checked too. KDBX 3.1 has no authentication:
// a wrong key shows in the stream start bytes, damage in the block hashes,
// the gzip checksum or the header hash kept in the XML.
//
// # Secrets in memory
//
// The composite, transformed and derived keys, the inner stream key and the
// buffers this package decrypts into are wiped when done; protected values
// are decrypted into a buffer that is wiped once copied into the Field's
// string; the XML tokenizer's buffers are wiped after the read. Go strings
// cannot be wiped, and compress/gzip keeps an internal window of plaintext
// out of reach: like crypto.Wipe, this is best effort.
//
// # Why our own reader
//
// gokeepasslib, the usual Go library, does not open Argon2id databases (as
// of v3.6.2); passtea's crypto has Argon2d and Argon2id. The format is small, its parts are standard (AES, ChaCha20,
// Salsa20, HMAC, SHA-2, gzip, from the standard library and x/crypto), and
// the limits above have to sit inside the parser, where a library would not
// let us put them.
//
// # XML
//
// The XML is read by a small tokenizer of our own (xmltok.go) rather than
// encoding/xml, which took three quarters of a read: reading 10,000 entries
// went from about 0.6 s and 4 million allocations to about 0.25 s and
// 0.7 million. It refuses document type declarations (so no entity is ever
// defined or expanded) and otherwise accepts what encoding/xml accepts and
// returns the same tokens, which FuzzTokenizer checks.
//
// # Fuzzing
//
// FuzzHeader, FuzzBlockStream, FuzzPayload, FuzzXML (which also writes and
// reads back what it decodes) and FuzzTokenizer have seeds in testdata/fuzz
// or in the targets. Run them by
// hand with a short minimisation time, e.g.
//
//	go test ./interop/kdbx -run XXX -fuzz FuzzXML -fuzztime 5m -fuzzminimizetime 2s
package kdbx
