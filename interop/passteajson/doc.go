// Package passteajson reads and writes passtea's own JSON export: every
// live entry with everything the vault shows of it, so that an export
// imported into a new vault gives the same entries (names, usernames,
// URLs, tags, password, notes, one-time code, custom fields in order and
// concealed or not, every earlier value with when it was set and
// replaced, created and modified times).
//
// # Schema (version 1)
//
// A UTF-8 JSON object:
//
//	{
//	  "format": "passtea-export",        // required, exactly this
//	  "version": 1,                      // required; readers refuse a higher one
//	  "exported": "2026-03-04T05:06:07.000000008Z",
//	  "entries": [ ENTRY, … ]
//	}
//
// ENTRY (every member but "name" may be left out when empty):
//
//	{
//	  "name": "work/github",             // "/" separates groups
//	  "username": "alice",
//	  "urls": ["https://github.com/login"],
//	  "tags": ["dev", "work"],
//	  "password": "…",
//	  "notes": "…",                      // line breaks are "\n"
//	  "otp": "otpauth://totp/…",         // canonical otpauth URI
//	  "fields": [{"name": "PIN", "value": "…", "concealed": true}],
//	  "history": [ OLD, … ],             // oldest first
//	  "accepted": ["weak"],              // audit findings the user accepted
//	  "created": "RFC 3339 time",        // nanoseconds, UTC
//	  "modified": "RFC 3339 time"
//	}
//
// OLD is an earlier value of one field:
//
//	{
//	  "kind": "password",   // name, username, urls, tags, password, notes, otp or field
//	  "field": "PIN",       // kind "field": the custom field's name
//	  "value": "…",         // kinds urls and tags: "values": ["…", …] instead
//	  "concealed": true,    // passwords, codes and concealed fields
//	  "removed": true,      // kind "field": this write deleted the field
//	  "set": "RFC 3339",    // when the value was set
//	  "replaced": "RFC 3339" // when the next value replaced it (absent: never)
//	}
//
// Times are written with nanoseconds in UTC; readers take any RFC 3339
// time. Values follow the vault's rules (vault/FORMAT.md, "Writes"): a
// file that breaks them is refused, naming the entry ("entries[3]").
// Unknown members are refused too: a reader of version 1 that skipped
// them could not promise the round trip.
//
// # What the round trip keeps, exactly
//
// Everything above goes into the vault as it was: a field cleared (or a
// custom field deleted) stays cleared, and each current value keeps the
// time it became current (the newest earlier value's replaced time).
package passteajson
