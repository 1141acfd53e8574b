package kdbx

import "errors"

// Errors that callers tell apart with [errors.Is]. Every error this package
// returns is one line, and none holds a protected value, a password or a key.
var (
	// ErrWrongKey is returned when the password or key file does not open
	// the database (KDBX 4: the header HMAC does not match; KDBX 3: the
	// stream start bytes do not match).
	ErrWrongKey = errors.New("the password or key file does not open this database")
	// ErrNotKDBX is returned for a file that is not a KeePass 2 database.
	ErrNotKDBX = errors.New("not a KeePass database (.kdbx)")
	// ErrUnsupported is returned for valid files this package cannot open:
	// KeePass 1 databases, unknown versions, ciphers or key derivations.
	ErrUnsupported = errors.New("unsupported KeePass database")
	// ErrCorrupt is returned for a damaged or malformed file: a hash or
	// HMAC that does not match, a truncated stream, malformed XML.
	ErrCorrupt = errors.New("damaged KeePass database")
	// ErrLimit is returned when a file asks for more than [Limits] allow:
	// key derivation cost, sizes, counts or nesting depth.
	ErrLimit = errors.New("database over passtea's limits")
)
