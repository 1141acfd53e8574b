// Package bitwarden reads Bitwarden's unencrypted exports (JSON and CSV,
// personal and organization) and writes a JSON export that Bitwarden
// imports.
//
// The JSON shapes follow Bitwarden's export models (bitwarden/clients,
// libs/common/src/models/export: cipher, login, login-uri, field, card,
// identity, ssh-key, password-history, folder, collection) and the
// CipherType enum (1 login, 2 secure note, 3 card, 4 identity, 5 SSH key,
// 6 bank account, 7 driver's license, 8 passport).
//
// # Reading JSON
//
//   - Folders become name paths ("Work/Dev" and the item "GitHub" give
//     "Work/Dev/GitHub"). In an organization export, an item without a
//     folder takes its first collection's name as its path; all its
//     collections are listed in a visible field "collections".
//   - Logins keep username, password, every URI, and login.totp (an
//     otpauth URI, a base32 secret or "steam://SECRET") as the one-time
//     code. Passkeys (fido2Credentials) cannot be kept and are listed.
//   - Cards, identities, SSH keys, bank accounts, driver's licenses and
//     passports become custom fields, one per non-empty value; numbers,
//     codes, PINs, SSNs and private keys are concealed.
//   - Custom fields keep their names and values; hidden ones (type 1) are
//     concealed; booleans (type 2) read "true" or "false"; linked fields
//     (type 3) have no value of their own and are listed as not kept.
//   - passwordHistory becomes the password's earlier values: each
//     password was replaced at its lastUsedDate, and set when the one
//     before it was replaced (the oldest: at the item's creation).
//   - creationDate and revisionDate become created and modified;
//     favorites get the tag "favorite", archived items the tag
//     "archived"; items in the trash (deletedDate) are skipped and
//     listed. The master-password re-prompt, URI match rules and
//     attachments cannot be kept and are listed.
//   - A password-protected or account-encrypted export is refused with
//     [interop.ErrEncrypted]: export again as ".json" without a password.
//
// # Reading CSV
//
// folder (or collections),favorite,type,name,notes,fields,reprompt,
// login_uri,login_username,login_password,login_totp. type is "login" or
// "note"; fields holds "name: value" lines (CSV does not say which were
// hidden, so all are visible); login_uri holds URIs separated by commas.
//
// # Writing JSON
//
// Bitwarden's unencrypted JSON: a folder per distinct group path (the
// name up to its last "/"), items of type 1 (login: an entry with a
// password, username, URL or one-time code) or 2 (secure note), custom
// fields as type 0 (text) or 1 (hidden), the password's earlier values
// as passwordHistory (newest first, lastUsedDate = when it was
// replaced), creationDate and revisionDate. Bitwarden has no tags and
// keeps no earlier values of other fields: the report counts the
// entries that had them. Ids are derived from the names, so exporting the
// same vault twice gives the same file.
package bitwarden
