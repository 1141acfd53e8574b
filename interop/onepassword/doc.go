// Package onepassword reads 1Password's exports: the 1PUX archive
// (1Password 8, "1Password Unencrypted Export") and the CSV export.
//
// # 1PUX
//
// A zip archive whose export.data is JSON: accounts, each with vaults,
// each with items (1Password's 1PUX format description; the shapes of
// Bitwarden's 1PUX importer types, bitwarden/clients
// libs/importer/src/importers/onepassword/types). Only export.data is
// read; attachments (files/…) are listed, never extracted.
//
//   - Names: the item's title, under its vault's name when the export
//     holds more than one vault ("Work/GitHub").
//   - overview: url and urls (all of them), tags, favIndex (tag
//     "favorite"); state "archived" gives the tag "archived"; items in the
//     trash are skipped and listed.
//   - details.loginFields: the username and password designations give
//     the username and password; other login fields become custom fields
//     (concealed when their fieldType is P).
//   - details.sections: every field with a value becomes a custom field
//     named by its title: concealed values, card numbers and private keys
//     concealed; dates as YYYY-MM-DD, month-years as MM/YYYY, addresses on
//     several lines; the first totp value is the one-time code (further
//     ones are hidden fields); references to other items and files cannot
//     be kept and are listed.
//   - details.notesPlain: the notes; details.password: the password of a
//     Password item; details.passwordHistory: earlier passwords, each
//     replaced at its time and set when the one before was replaced.
//   - createdAt and updatedAt (Unix seconds): created and modified.
//
// Categories (categoryUuid) name the kind the summary counts: 001 login,
// 002 credit card, 003 secure note, 004 identity, 005 password, 006
// document, 100 to 115 software license to crypto wallet.
//
// # Hostile archives
//
// Before archive/zip parses the central directory, a guard lets it read
// only the last 8 MiB of the file, so a directory of millions of tiny
// headers cannot cost memory; the archive may list at most Limits.Files
// members. export.data may expand to at most Limits.Input bytes and at
// most Limits.Ratio times its compressed size; both are checked while
// reading, whatever the archive claims.
//
// # CSV
//
// 1Password 8's CSV: Title,Url,Username,Password,OTPAuth,Favorite,
// Archived,Tags,Notes (tags separated by commas).
package onepassword
