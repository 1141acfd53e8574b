// Package passstore reads a pass or gopass password store: a directory of
// files encrypted with GnuPG, one per entry, decrypted with the user's
// own gpg ("gpg --batch --quiet --decrypt FILE": the passphrase, if any,
// goes through gpg-agent and its pinentry, never through passtea's argv,
// environment or memory).
//
// # Names
//
// An entry is named by its file's path in the store without ".gpg"
// ("work/github.gpg" is "work/github"). Hidden files and directories
// (.git, .gpg-id, .extensions, gopass's .public-keys) and files that are
// not .gpg are not read (a note counts them); symbolic links are not
// followed (a note lists them). The file's modification time is the
// entry's modified time.
//
// # Content
//
// pass's convention, with gopass's extensions:
//
//   - the first line is the password;
//   - a line "otpauth://…" (pass-otp) is the one-time code; pass-otp's
//     HOTP counter is that of the last code shown, so it is incremented
//     (see the otp package); a second one is kept as a hidden field;
//   - a line "key: value" is a custom field, except user, username and
//     login (the username) and url, website and site (URLs); gopass's
//     "---" line, which opens its YAML key-value section, is dropped and
//     the lines after it are read the same way;
//   - every other line is the notes, in order.
//
// Fields are concealed when their key names a secret (pin, password,
// passphrase, secret, token, key, cvv, code, answer, recovery, private)
// and visible otherwise: pass users put both metadata ("email:") and
// secrets ("pin:") on these lines, and passtea conceals only what
// looks secret, rather than hiding everything or nothing.
//
// A file that gpg cannot decrypt stops the import, naming the file and
// gpg's first line of complaint; nothing is imported.
package passstore
