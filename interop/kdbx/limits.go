package kdbx

import "github.com/passtea/passtea/crypto"

// Limits bound what a file may make the reader do. Every read checks them
// before it allocates or derives, so a hostile file costs at most about
// these amounts of memory and time. [DefaultLimits] fit any real database
// passtea has seen with room to spare; a caller may raise them for one file
// the user vouches for.
type Limits struct {
	// MaxHeaderSize bounds the outer header (all fields together).
	MaxHeaderSize int
	// MaxBlockSize bounds one block of the KDBX 4 HMAC block stream or
	// the KDBX 3 hashed block stream; a block is held whole to be
	// verified. KeePass and KeePassXC write 1 MiB blocks.
	MaxBlockSize int
	// MaxXMLSize bounds the decompressed payload: the inner header with
	// its attachments and the XML. It is the gzip-bomb cap.
	MaxXMLSize int64
	// MaxDepth bounds the nesting of XML elements (groups nest in groups).
	MaxDepth int
	// MaxEntries bounds entries and history items together.
	MaxEntries int
	// MaxGroups bounds groups.
	MaxGroups int
	// MaxItems bounds strings, attachments, custom data items, auto-type
	// associations, tags, icons and deleted objects together.
	MaxItems int
	// Argon2 bounds Argon2d and Argon2id.
	Argon2MaxMemoryKiB   uint64 // memory
	Argon2MaxIterations  uint64 // passes
	Argon2MaxParallelism uint32 // lanes
	Argon2MaxCost        uint64 // memory (KiB) × passes
	// AESMaxRounds bounds AES-KDF rounds.
	AESMaxRounds uint64
}

// DefaultLimits are the limits [Read] and [ReadXML] apply.
//
// Argon2 memory and memory × passes are crypto's caps for passtea's own
// vaults ([crypto.MaxMemoryKiB], [crypto.MaxCost]: about 20 s of work at
// most). Passes and lanes get KDBX-specific caps instead of
// [crypto.MaxIterations] and [crypto.MaxParallelism]: KeePassXC calibrates
// passes at 64 MiB, and a slow target on a fast machine can pass 100 (memory
// × passes still bounds the time); it sets lanes to the machine's thread
// count, which passes 64 on large machines, and lanes cost threads, not
// memory. There is no minimum beyond Argon2's own (8 KiB per lane): other
// programs' files may use less memory than passtea would choose.
//
// AES-KDF rounds: passtea runs about 30 million rounds a second (two AES
// chains on two cores); KeePassXC ran 47 million a second on the same
// machine, so its 5-second maximum target asks for about 240 million; 2^29
// (537 million) stays under about 20 s here.
//
// Sizes: 512 MiB of decompressed payload holds well over 100,000 entries
// with history; the model built from it takes at most a few times that.
var DefaultLimits = Limits{
	MaxHeaderSize:        1 << 20,
	MaxBlockSize:         32 << 20,
	MaxXMLSize:           512 << 20,
	MaxDepth:             128,
	MaxEntries:           2_000_000,
	MaxGroups:            500_000,
	MaxItems:             20_000_000,
	Argon2MaxMemoryKiB:   crypto.MaxMemoryKiB,
	Argon2MaxIterations:  10_000,
	Argon2MaxParallelism: 255,
	Argon2MaxCost:        crypto.MaxCost,
	AESMaxRounds:         1 << 29,
}
