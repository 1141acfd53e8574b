// Package vault reads and writes passtea's vault files and holds their
// entries.
//
// The file format, what it authenticates, what a copy reveals and the
// threat model are specified in FORMAT.md beside this file; version 1,
// which is still read, in FORMAT-v1.md. In short: a random vault key
// wrapped in two slots (the master password, with an optional key file,
// through argon2id; a recovery code); a sealed root listing groups of
// entries; for each group a sealed index page (names, usernames, URLs,
// tags) and a sealed secret page (passwords, notes, one-time codes, custom
// fields and every earlier value), opened only when needed; everything
// padded so a copy reveals only its size bucket.
//
// # Use
//
//	f, err := vault.ReadFile(path, nil)               // the header only
//	v, err := f.Unlock(vault.Credentials{Password: pw}) // or f.Recover(code)
//	es, err := v.Entries()                             // names, usernames, URLs, tags
//	s, err := v.Secret(es[0].ID)                       // password, notes, fields, history
//	_, err = v.Add(vault.NewEntry{Name: "work/github", Secret: vault.Secret{Password: pw}})
//	code, n, _, err := vault.NextHOTP(v, id)           // an HOTP code, its counter saved first
//	v.Lock()                                           // zero the key
//
// Every change is saved at once, atomically and durably, under a lock that
// lets several passtea processes share one file without losing each
// other's changes: a save first merges what others saved. The same merge
// folds in copies from other machines ([Vault.Merge], [Vault.OpenCopy],
// [Vault.MergeConflictCopies]; [Vault.MergePreview] only reports); it is
// deterministic, commutative, associative and idempotent (FORMAT.md,
// "Merging"). [ReplaceFile] puts in place a copy that already holds every
// change of the file (a git fast-forward), under the writers' lock.
//
// Reading never writes: opening and unlocking have no side effects on
// disk. Upgrades and repairs are separate calls that front ends make after
// an unlock: [Vault.UpgradeKDF], [Vault.MergeConflictCopies].
//
// # Errors
//
// Callers tell failures apart with errors.Is: [ErrWrongPassword],
// [ErrBackoff] (a [*BackoffError] says how long to wait), [ErrDamaged] (a
// [*DamagedError] says what and whether VAULT.bak exists),
// [ErrNewerVersion], [ErrNotVault], [ErrNoVault] (a [*NoVaultError] points
// at a backup), [ErrExists], [ErrBackupExists], [ErrNotFound],
// [ErrNameTaken], [ErrInvalid] (an [*InvalidError] names the field),
// [ErrTooLarge] (a [*LimitError] names the limit), [ErrLocked],
// [ErrConflict], [ErrLockTimeout], [ErrInterrupted], [ErrForeignBackup],
// [ErrOtherVault], [ErrRecoveryCode], [ErrSharedDir], [ErrNoOTP]. No error message
// contains an entry's secret.
package vault
