// Package vault reads and writes passtea's vault files and holds their
// entries.
//
// The file format, what it authenticates and the threat model are specified
// in FORMAT.md beside this file. In short: a random vault key wrapped by an
// argon2id key derived from the master password; an index of all entries'
// plain fields sealed with XChaCha20-Poly1305 under the vault key; and one
// sealed secret (password, notes, history) per entry, opened only when it is
// shown or copied.
//
// # Use
//
//	v, err := vault.Open(path, password, nil)   // or ReadFile, then Unlock
//	for _, e := range v.Entries() { … }          // names, usernames, URLs, tags
//	s, err := v.Secret(e.ID)                     // the password, notes, history
//	_, err = v.Add(vault.Fields{Name: "work/github"}, vault.Secret{Password: pw})
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
// [ErrNotFound], [ErrNameTaken], [ErrInvalid], [ErrLocked], [ErrConflict].
// No error message contains an entry's secret.
package vault
