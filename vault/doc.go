// Package vault reads and writes passtea's vault files and holds their
// entries.
//
// The file format, what it authenticates and the threat model are specified
// in FORMAT.md beside this file. In short: a random vault key wrapped in two
// slots (the master password, with an optional key file, and a recovery
// code); a root sealed with XChaCha20-Poly1305 under the vault key that
// lists groups of entries; for each group an index page (names, usernames,
// URLs, tags) and a secret page (passwords, notes, one-time codes, custom
// fields and every earlier value), opened only when they are needed; and
// random filler up to a size bucket.
//
// # Use
//
//	v, err := vault.Open(path, password, nil)   // or ReadFile, then Unlock
//	es, err := v.Entries()                       // names, usernames, URLs, tags
//	s, err := v.Secret(es[0].ID)                 // the password, notes, history
//	_, err = v.Add(vault.NewEntry{Name: "work/github", Secret: vault.Secret{Password: pw}})
//	v.Lock()                                     // zero the key
//
// Every change is saved at once, atomically and durably, under a lock that
// lets several passtea processes share one file without losing each other's
// changes (see [Vault.Refresh] and FORMAT.md, "Writing").
//
// # Errors
//
// Callers tell failures apart with errors.Is: [ErrWrongPassword],
// [ErrDamaged] (a [*DamagedError] says what and whether VAULT.bak exists),
// [ErrNewerVersion], [ErrNotVault], [ErrNoVault], [ErrExists],
// [ErrNotFound], [ErrNameTaken], [ErrInvalid], [ErrLocked], [ErrConflict],
// [ErrTooLarge], [ErrBackupExists], [ErrForeignBackup], [ErrLockTimeout],
// [ErrInterrupted], [ErrOtherVault], [ErrRecoveryCode]. No error message
// contains an entry's secret.
package vault
