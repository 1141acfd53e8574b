// Reading Google Authenticator's export: otpauth-migration://offline?data=…

package otp

import (
	"encoding/base64"
	"fmt"
	"net/url"
	"strings"
	"unicode/utf8"
)

// Limits on an export. Google Authenticator splits an export into QR codes
// of about ten accounts; these leave ample room and bound the work.
const (
	MaxMigrationURILen = 64 << 10 // longest otpauth-migration URI read
	MaxMigrationKeys   = 1000     // most accounts in one payload
)

// Migration is one QR code of a Google Authenticator export ("Transfer
// accounts"). An export of many accounts comes as several codes sharing
// BatchID, numbered by BatchIndex from 0 to BatchSize-1.
type Migration struct {
	Keys       []Key
	Version    int   // format version; 1 in every export seen
	BatchSize  int   // how many QR codes the export has (0 if not said)
	BatchIndex int   // which of them this is, from 0
	BatchID    int32 // the same in every code of one export
}

// The MigrationPayload message. Field numbers and enum values are those of
// Google Authenticator's export, as reconstructed by Aegis
// (app/src/main/proto/google_auth.proto) and extract_otp_secrets
// (src/google_auth.proto):
//
//	message MigrationPayload {
//	  repeated OtpParameters otp_parameters = 1;
//	  int32 version = 2; int32 batch_size = 3; int32 batch_index = 4; int32 batch_id = 5;
//	}
//	message OtpParameters {
//	  bytes secret = 1; string name = 2; string issuer = 3;
//	  Algorithm algorithm = 4;  // 0 unspecified, 1 SHA1, 2 SHA256, 3 SHA512, 4 MD5
//	  DigitCount digits = 5;    // 0 unspecified, 1 six, 2 eight
//	  OtpType type = 6;         // 0 unspecified, 1 HOTP, 2 TOTP
//	  int64 counter = 7;
//	}
const (
	fieldParams     = 1
	fieldVersion    = 2
	fieldBatchSize  = 3
	fieldBatchIndex = 4
	fieldBatchID    = 5

	fieldSecret    = 1
	fieldName      = 2
	fieldIssuer    = 3
	fieldAlgorithm = 4
	fieldDigits    = 5
	fieldType      = 6
	fieldCounter   = 7
)

// ParseMigration reads one otpauth-migration://offline?data=… URI: the
// data parameter is base64 (standard or URL alphabet, padding optional; a
// '+' turned into a space by a lax copy is put back) of a protobuf
// MigrationPayload.
//
// Decoding is strict where a guess could give wrong codes: a wrong wire
// type for a known field, an unknown algorithm, digit count or type, MD5,
// a negative counter, a version above 1 and malformed protobuf are errors.
// Unknown fields are skipped. Unspecified algorithm and digits mean SHA-1
// and 6 digits (Google Authenticator's defaults); an unspecified type is an
// error. An HOTP key's Counter is the export's counter plus one: Google
// Authenticator stores the counter of the last code it showed, and Counter
// is the next to issue (see the package doc). The name field is the
// account's label: an "Issuer:" prefix is
// removed when it repeats the issuer, and taken as the issuer when there is
// none, as [ParseURI] does with a label.
//
// Errors wrap [ErrInvalid], name the account by its position (from 1) and
// never contain a secret.
func ParseMigration(s string) (Migration, error) {
	if len(s) > MaxMigrationURILen {
		return Migration{}, invalidf("export is longer than %d bytes", MaxMigrationURILen)
	}
	s = strings.TrimSpace(s)
	const prefix = "otpauth-migration://offline?"
	if !hasPrefixFold(s, prefix) {
		return Migration{}, invalidf("export does not start with otpauth-migration://offline?")
	}
	var data *string
	for piece := range strings.SplitSeq(s[len(prefix):], "&") {
		name, value, _ := strings.Cut(piece, "=")
		if name != "data" {
			continue
		}
		if data != nil {
			return Migration{}, invalidf("export has two data parameters")
		}
		v, err := url.QueryUnescape(value)
		if err != nil {
			return Migration{}, invalidf("export data has a bad %%-escape")
		}
		data = &v
	}
	if data == nil {
		return Migration{}, invalidf("export has no data parameter")
	}
	payload, err := decodeBase64(*data)
	if err != nil {
		return Migration{}, err
	}
	return decodeMigration(payload)
}

// decodeBase64 reads base64 in either alphabet, with or without padding.
func decodeBase64(s string) ([]byte, error) {
	s = strings.TrimRight(strings.ReplaceAll(s, " ", "+"), "=")
	enc := base64.RawStdEncoding
	if strings.ContainsAny(s, "-_") {
		enc = base64.RawURLEncoding
	}
	b, err := enc.DecodeString(s)
	if err != nil {
		return nil, invalidf("export data is not base64")
	}
	if len(b) == 0 {
		return nil, invalidf("export holds no accounts")
	}
	return b, nil
}

// decodeMigration decodes a MigrationPayload.
func decodeMigration(b []byte) (Migration, error) {
	var m Migration
	for len(b) > 0 {
		num, typ, n := consumeTag(b)
		if n < 0 {
			return Migration{}, malformed()
		}
		b = b[n:]
		switch {
		case num == fieldParams && typ == bytesType:
			v, n := consumeBytes(b)
			if n < 0 {
				return Migration{}, malformed()
			}
			b = b[n:]
			if len(m.Keys) == MaxMigrationKeys {
				return Migration{}, invalidf("export holds more than %d accounts", MaxMigrationKeys)
			}
			k, err := decodeParams(v)
			if err != nil {
				return Migration{}, fmt.Errorf("account %d: %w", len(m.Keys)+1, err)
			}
			m.Keys = append(m.Keys, k)
		case num >= fieldVersion && num <= fieldBatchID && typ == varintType:
			v, n := consumeVarint(b)
			if n < 0 {
				return Migration{}, malformed()
			}
			b = b[n:]
			// int32 fields: negative values come as 10-byte varints.
			x := int32(v)
			switch num {
			case fieldVersion:
				m.Version = int(x)
			case fieldBatchSize:
				m.BatchSize = int(x)
			case fieldBatchIndex:
				m.BatchIndex = int(x)
			case fieldBatchID:
				m.BatchID = x
			}
		case num <= fieldBatchID:
			return Migration{}, invalidf("export field %d has the wrong wire type", num)
		default:
			n := consumeFieldValue(num, typ, b)
			if n < 0 {
				return Migration{}, malformed()
			}
			b = b[n:]
		}
	}
	switch {
	case m.Version > 1:
		return Migration{}, invalidf("export version %d is newer than this passtea reads: update passtea", m.Version)
	case m.Version < 0 || m.BatchSize < 0 || m.BatchIndex < 0 ||
		m.BatchSize > 0 && m.BatchIndex >= m.BatchSize:
		return Migration{}, invalidf("export has an impossible version or batch number")
	case len(m.Keys) == 0:
		return Migration{}, invalidf("export holds no accounts")
	}
	return m, nil
}

// decodeParams decodes one OtpParameters message into a key.
func decodeParams(b []byte) (Key, error) {
	var (
		secret                 []byte
		name, issuer           string
		algorithm, digits, typ uint64
		counter                uint64
	)
	for len(b) > 0 {
		num, wtyp, n := consumeTag(b)
		if n < 0 {
			return Key{}, malformed()
		}
		b = b[n:]
		switch {
		case (num == fieldSecret || num == fieldName || num == fieldIssuer) && wtyp == bytesType:
			v, n := consumeBytes(b)
			if n < 0 {
				return Key{}, malformed()
			}
			b = b[n:]
			switch num {
			case fieldSecret:
				secret = v
			case fieldName:
				name = string(v)
			case fieldIssuer:
				issuer = string(v)
			}
		case num >= fieldAlgorithm && num <= fieldCounter && wtyp == varintType:
			v, n := consumeVarint(b)
			if n < 0 {
				return Key{}, malformed()
			}
			b = b[n:]
			switch num {
			case fieldAlgorithm:
				algorithm = v
			case fieldDigits:
				digits = v
			case fieldType:
				typ = v
			case fieldCounter:
				counter = v
			}
		case num <= fieldCounter:
			return Key{}, invalidf("export field %d has the wrong wire type", num)
		default:
			n := consumeFieldValue(num, wtyp, b)
			if n < 0 {
				return Key{}, malformed()
			}
			b = b[n:]
		}
	}

	var t Type
	switch typ {
	case 1:
		t = HOTP
	case 2:
		t = TOTP
	case 0:
		return Key{}, invalidf("the code type (HOTP or TOTP) is not given")
	default:
		return Key{}, invalidf("unknown code type %d", typ)
	}
	if len(secret) == 0 {
		return Key{}, invalidf("secret is empty")
	}
	k, err := NewKey(t, secret)
	if err != nil {
		return Key{}, err
	}
	switch algorithm {
	case 0, 1:
		k.Algorithm = SHA1
	case 2:
		k.Algorithm = SHA256
	case 3:
		k.Algorithm = SHA512
	case 4:
		return Key{}, invalidf("algorithm MD5 is not supported")
	default:
		return Key{}, invalidf("unknown algorithm %d", algorithm)
	}
	switch digits {
	case 0, 1:
		k.Digits = 6
	case 2:
		k.Digits = 8
	default:
		return Key{}, invalidf("unknown digit count %d", digits)
	}
	if t == HOTP {
		if int64(counter) < 0 {
			return Key{}, invalidf("counter is negative")
		}
		// Google Authenticator keeps the counter of the last code it
		// showed; Key.Counter is the next one.
		k.Counter = counter + 1
	}
	if !utf8.ValidString(name) || !utf8.ValidString(issuer) {
		return Key{}, invalidf("name or issuer is not valid UTF-8")
	}
	k.Issuer, k.Account = splitName(strings.TrimSpace(issuer), name)
	if err := k.Validate(); err != nil {
		return Key{}, err
	}
	return k, nil
}

// splitName takes the account from an export's name, which is the label
// the account was added with, perhaps "Issuer:account".
func splitName(issuer, name string) (string, string) {
	prefix, account, ok := strings.Cut(name, ":")
	switch {
	case !ok:
		return issuer, strings.TrimSpace(name)
	case issuer == "":
		return strings.TrimSpace(prefix), strings.TrimSpace(account)
	case strings.EqualFold(strings.TrimSpace(prefix), issuer):
		return issuer, strings.TrimSpace(account)
	}
	return issuer, strings.TrimSpace(name)
}

// malformed is the error for protobuf that does not decode.
func malformed() error { return invalidf("export data is damaged (not a valid protobuf message)") }
