// Package keyfile reads and makes KeePass key files: the second secret,
// kept outside the database, that KeePass, KeePassXC and passtea combine with
// a master password.
//
// A key file yields a 32-byte key. [Read] tells the formats apart the way
// KeePassXC 2.7 does (src/keys/FileKey.cpp, FileKey::load), in this order:
//
//  1. XML whose first element is <KeyFile>: version 1.0 (<Meta><Version>
//     starting with "1.0") holds the key in base64 in <Key><Data>; version
//     2.0 holds it in hex, whitespace allowed, with a Hash attribute that must
//     equal the first 4 bytes of the SHA-256 of the key. The decoded data is
//     copied into 32 zero bytes (longer data is cut, shorter is padded), as
//     KeePassXC does. An unsupported version, data that is not base64 or hex,
//     or a wrong Hash is an error, not a fallback: KeePassXC refuses those
//     files too. XML that is not well-formed, has another first element, or
//     has no data falls through to the next formats.
//  2. Exactly 32 bytes: the key itself.
//  3. Exactly 64 hex digits: the key in hex.
//  4. Anything else: the SHA-256 of the whole file.
//
// [New] makes an XML 2.0 key file laid out as KeePassXC writes it
// (FileKey::createXMLv2): 32 random bytes in upper-case hex, in groups of
// eight digits, four groups a line.
//
// # Limits and differences
//
// A file up to [MaxXMLSize] is read whole and tried in the order above. A
// larger one can only be a hashed key file: it is hashed as it streams in,
// up to [MaxSize], so memory stays small; a larger file whose first element
// is <KeyFile> is refused rather than hashed, since KeePassXC would have read
// it as XML and derived another key. Empty files are refused, as KeePassXC
// does.
//
// The XML is read with encoding/xml. On the files KeePass and KeePassXC write
// it makes the same decisions as Qt's QXmlStreamReader. It reads UTF-8 only (a
// UTF-8 byte-order mark is skipped); an XML key file declared in another
// encoding is treated as not XML and hashed, where KeePassXC would decode it.
//
// The file's bytes are wiped from the buffers this package owns once the key
// is made; the caller wipes the returned key when done.
package keyfile
