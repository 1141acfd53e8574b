// Package keepass maps KeePass databases (KDBX files and KeePass 2 XML
// exports, read and written by package kdbx) to passtea's entries and
// back: the import reads a kdbx.Database into an interop.Import, the
// export builds a kdbx.Database from a vault.
//
// # Import
//
//   - Names: the groups below the root and the title make the name path
//     ("Work/Servers/db1"); a "/" inside a title or group name makes
//     more levels, as in KeePassXC's own CSV, and the summary says so.
//     The root group's name is not part of any name. An entry without a
//     title is named after its URL's host, else its user name.
//   - The recycle bin (Meta's RecycleBinUUID, when enabled) is skipped:
//     its entries are listed as skipped.
//   - UserName, Password, Notes become the username, password and notes;
//     URL and KeePassXC's additional URLs (attributes "KP2A_URL",
//     "KP2A_URL_1", ...) become the URLs, in that order; tags stay tags
//     (spaces and commas respelled "-"); creation and modification
//     times are kept.
//   - Other attributes become custom fields in file order, concealed when
//     KeePass protects them (a protected value with line breaks, such as
//     an SSH key, stays visible: passtea conceals one-line values). A
//     protected title, username, URL or notes cannot be concealed in
//     passtea: the summary says so.
//   - One-time codes: KeePassXC's "otp" (an otpauth:// URI or KeeOTP's
//     form) and its older "TOTP Seed"/"TOTP Settings", and KeePass 2's own
//     TimeOtp-Secret(-Hex, -Base32, -Base64) with TimeOtp-Length, -Period
//     and -Algorithm, and HmacOtp-Secret(...) with HmacOtp-Counter (the
//     next counter, as passtea keeps it), become the entry's code,
//     validated by package otp. An attribute that does not read as a code
//     is kept as a hidden field, and so is a second, different code.
//   - History: KeePass keeps whole earlier versions of an entry, each
//     with the time it was saved; passtea keeps earlier values field by
//     field, with when each was set and replaced. Each version is mapped
//     as the entry is, and every field that differs between two
//     consecutive versions gives an earlier value set when the first
//     version with it was saved and replaced when the next one was: an
//     entry with three saved passwords has two earlier passwords with
//     their dates. An earlier title is taken in the entry's current
//     groups (versions do not record moves).
//   - "Exclude from reports" (KDBX 4.1 QualityCheck, KeePassXC's older
//     KnownBad) accepts the audit findings that KeePassXC's health check
//     and breach report skip: weak, reused and breached.
//   - Not kept, and listed per entry: attachments (with their sizes),
//     expiry dates, icons (custom ones and any built-in icon but the
//     default key), colours, URL overrides, auto-type sequences and
//     window associations, custom data items (plugin and browser
//     integration data). Per group: group notes and tags, and empty
//     groups. Usage counts and access times are not user data and are
//     not mentioned.
//
// # Export
//
// A KDBX 4 file (kdbx.Write; the command chooses Argon2id) with a root
// group "Root" and a group per name path segment, each group's UUID made
// from its path so that two exports of one vault merge in KeePassXC;
// entries keep their passtea ID as UUID.
//
//   - Title is the last segment of the name; UserName, Password
//     (protected), URL (the first URL), Notes; more URLs as "KP2A_URL_1",
//     "KP2A_URL_2", ... (KeePassXC's additional URLs); custom fields as
//     attributes, protected when concealed; tags; creation and
//     modification times.
//   - A custom field whose name KeePass or KeePassXC read as something
//     else (Title, Password, otp, KP2A_URL…, TimeOtp-…, HmacOtp-…) is
//     written as "NAME (passtea)".
//   - Time-based codes (TOTP, Steam) go in the protected "otp" attribute,
//     which KeePassXC reads (keepassxc-cli show -t). Counter-based ones
//     go in KeePass 2's HmacOtp-Secret-Base32 and HmacOtp-Counter:
//     KeePassXC 2.7 shows time-based codes for an otpauth://hotp URI in
//     "otp" (measured: `show -t` printed a TOTP code), which would be
//     wrong codes. Digits other than 6, SHA-256/512 and the code's label
//     do not fit KeePass's HOTP attributes: the report says so.
//   - History: passtea's earlier values become KeePass versions. The
//     times at which some value was replaced cut the entry's life into
//     intervals; each interval before the last gives one version holding,
//     for each field, the value it had then (the earlier value replaced
//     next after the interval's start, else the current one), saved at
//     the interval's start. An earlier name keeps only its last segment
//     as title. A field without earlier values is in every version with
//     its current value: passtea does not record when a value that
//     replaced nothing was set. KeePass keeps unlimited history items in the file
//     (HistoryMaxItems -1) so that KeePassXC does not trim them on its
//     next save.
//   - "Exclude from reports" is set when the entry accepted the "weak"
//     finding.
//   - Reported as not kept (counted per entry): earlier values a merge
//     set aside (they have no place in time), earlier names in other
//     groups, renamed custom fields, accepted findings other than
//     exactly weak, reused and breached, conflict marks, and HOTP
//     settings beyond KeePass's.
package keepass
