// Package otp makes one-time codes: RFC 4226 HOTP, RFC 6238 TOTP (SHA-1,
// SHA-256, SHA-512; 6 to 10 digits; any period from 1 second to a day) and
// Steam Guard codes. It reads keys from otpauth:// URIs, bare base32
// secrets and Google Authenticator exports, and writes a key back as one
// canonical URI. It is pure: no clock, no files, no terminal; callers pass
// the time. The sub-package otp/qr reads and draws QR codes.
//
// # Storing and using a key
//
// A [Key] is stored as the string [Key.URI] returns: it holds every
// parameter, and [ParseURI] reads it back to the same key (the round trip
// is tested and fuzzed). For a time-based key, [Key.Code] gives the code
// for a moment, [Key.Expires] when it stops being current (the time to
// clear a copied code) and [Key.SecondsLeft] the whole seconds left,
// rounded up (a JSON "expires_in"; from Period down to 1). For an HOTP
// key, [Key.Next] returns the code for Key.Counter and increments it: save
// the key's new URI in the same commit that hands out the code, and show
// the code only once that commit succeeded, so that two processes never
// issue the same counter.
//
// # Choices
//
//   - Codes are computed with the standard library's crypto/hmac in about
//     thirty lines (see code.go) rather than with github.com/pquerna/otp
//     (v1.5.0). Its code generation is as short, but the rest does not fit
//     a password manager: its Key.String returns the whole URI, secret
//     included; NewKeyFromURL returns net/url's errors, which quote the
//     URI; its accessors fall back to defaults on bad values instead of
//     refusing them; and it brings a barcode library along. We would use
//     only its twenty lines of HMAC and write the rest ourselves anyway.
//     The RFC 6238 and RFC 4226 vectors are the tests.
//   - HOTP's Counter is the counter of the next code to issue, as in RFC
//     4226 (whose Appendix D starts at 0) and the Key Uri Format's
//     "initial counter": a new key with counter=0 gives HOTP(0) first, and
//     all of Appendix D is reachable through [Key.Next]. Google
//     Authenticator (OtpProvider.getCurrentCode in
//     google-authenticator-android) and pass-otp (otp.bash) store the
//     counter of the last code shown and increment before computing, so
//     [ParseMigration] adds one to the exported counter, and an importer
//     of pass-otp's URIs should add one after [Parse]. A URI written here
//     and read by those apps skips one code, which a server's look-ahead
//     window accepts; a code issued twice would be refused.
//   - Secrets are accepted from 1 to [MaxSecretLen] bytes. RFC 4226 asks
//     for at least 16 bytes and recommends 20, but many sites issue 10
//     (16 base32 characters) or fewer; refusing them would lock a user out
//     of an account whose secret the site already chose. Base32 is read
//     leniently (either case, padding optional, spaces and hyphens between
//     groups) and always written upper case without padding.
//   - Periods are 1 to [MaxPeriod] seconds (a day, KeePassXC's limit);
//     digits are 6 (RFC 4226's minimum) to 10 (all of the 31-bit value).
//   - Steam keys are read in both forms in use: KeePassXC's
//     "otpauth://totp/…&encoder=steam" and the "otpauth://steam/…" of Aegis
//     and andOTP; they are written in KeePassXC's form, which names every
//     parameter (digits=5, period=30). Steam's digits, period and algorithm
//     are fixed; a URI that says otherwise is refused.
//   - A URI whose label issuer ("Issuer:account") and issuer parameter
//     differ is refused rather than guessed: they name who the code is
//     for. Case and a '+' written for a space are not differences.
//   - Unknown URI parameters (image, color, ...) are ignored and not
//     written back. A parameter given twice is an error, since two readers
//     could take different ones.
//   - Issuer and account names are refused if they hold control or
//     bidirectional-format characters or invalid UTF-8: they are shown in
//     terminals and used as entry names.
//   - Google Authenticator exports are decoded by reading protobuf's wire
//     format here (wire.go, held to google.golang.org/protobuf's protowire
//     by a differential fuzz test; importing protowire cost every passtea
//     start about 0.1 ms), with no generated code; sizes and counts are bounded ([MaxMigrationURILen],
//     [MaxMigrationKeys]) and any account that would need a guess (an
//     unknown enum value, MD5, no type) fails the whole export, so that
//     nothing is imported half.
//
// # Secrets
//
// The secret is an unexported field; [Key.String], [Key.GoString] and
// [Key.Format] print a redacted form for every fmt verb, encoding/json
// sees no secret, and no error of this package quotes its input. Tests
// check each of these.
package otp
