// Package interop is what passtea's imports and exports share: the entry
// an importer produces ([Entry]: a vault.NewEntry with its kind, its
// place in the source and what the summary says about it), the
// [Import] that collects them, the [Summary], the rules that make a
// source's values fit the vault ([Clean], [Name], [Path], [Text]),
// one-time codes ([OTPURI]), what happens to names the vault has
// already ([Resolve]), which imported codes go into existing entries
// ([MergeOTP]), the [Source] exporters read, and the [Limits] that bound
// what a hostile file can cost.
//
// Each format lives in its own package: csvfmt (passtea's generic CSV,
// the browsers', KeePassXC's and LastPass's), bitwarden, onepassword,
// passstore (pass and gopass), googleauth (one-time-code exports),
// passteajson (passtea's own, lossless), keepass (KeePass and KeePassXC
// databases and XML exports, on top of kdbx, which reads and writes the
// files). The formats package detects a format from the content and
// dispatches; the command calls it.
//
// # Choices
//
//   - All or nothing. A reader returns an import only when every record
//     reads and the vault would take every entry ([vault.ValidateEntry]);
//     otherwise a [*RecordError] names the first bad record's place ("line
//     12", "items[3]", "accounts[0].vaults[1].items[7]", "work/x.gpg") and
//     says what is wrong without quoting any value.
//   - Nothing silently dropped. What a source holds that passtea cannot
//     keep (attachments, passkeys, icons, URL match rules, re-prompt flags,
//     references between items, more than 64 URLs) is listed per entry
//     ([Entry.Dropped]); what was changed to fit (names, tags respelled, a
//     hidden field with line breaks kept visible) is listed too
//     ([Entry.Changed]); records that give no entry (items in a trash)
//     are listed as skipped.
//   - Values are kept byte for byte, except line breaks in notes and
//     visible fields (CR LF and CR become LF, as the vault stores them)
//     and what the vault cannot hold: passwords and usernames are never
//     trimmed. A value with a character the vault refuses (a control
//     character in a password) fails the import, naming the record: the
//     user fixes the source rather than passtea guessing.
//   - Hidden values with line breaks (SSH private keys) become visible
//     fields: the vault conceals only one-line values (FORMAT.md, kind 8).
//   - Names: folders and groups become "/"-separated paths; a name the
//     vault takes is kept as it is; otherwise control and invisible
//     format characters become spaces, segments are trimmed and empty
//     ones dropped, and the summary says so ([Entry.SetPath]). An item without a name is named after its URL's host,
//     else its username, else its kind. Two items of one name in one
//     import become "NAME" and "NAME (2)".
//   - Favorites and archived items become the tags "favorite" and
//     "archived"; tags with spaces or commas (which passtea's tags cannot
//     hold) are written with "-".
//   - Password histories that give only when a password stopped being
//     used (Bitwarden's lastUsedDate, 1Password's time) become earlier
//     values replaced then, and set when the one before them was replaced.
//
// # Limits
//
// [DefaultLimits]: 1 GiB of input, 1,000,000 entries (the vault's limit),
// 16 MiB and 100,000 JSON values per record, 1,000,000 files in a pass
// store or zip, export.data expanding at most 200 times. JSON exports
// are streamed element by element (interop/internal/jsonx) so that a
// small document cannot cost more than a small multiple of its size in
// structs; 1PUX archives are opened in place and only export.data is read.
// A limit broken is a [*LimitError] (errors.Is [ErrLimit]).
package interop
