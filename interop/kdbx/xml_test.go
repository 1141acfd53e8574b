// Tests of the XML decoder on KeePass XML exports, and of the one-time-code
// attributes.

package kdbx

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"
)

// keepassXML wraps groups and entries in a minimal KeePass XML document.
func keepassXML(root string) string {
	return `<?xml version="1.0" encoding="utf-8"?><KeePassFile><Meta><DatabaseName>x</DatabaseName></Meta><Root><Group><Name>Root</Name>` +
		root + `</Group></Root></KeePassFile>`
}

func TestReadXMLValues(t *testing.T) {
	doc := keepassXML(`<Entry><UUID>AAECAwQFBgcICQoLDA0ODw==</UUID>
		<Tags>b; a ,b	c</Tags>
		<Times><CreationTime>2020-01-02T03:04:05Z</CreationTime><LastModificationTime>AF2A1w4AAAA=</LastModificationTime>
		<LastAccessTime>nonsense</LastAccessTime><ExpiryTime>2030-01-01T00:00:00</ExpiryTime><Expires>True</Expires><UsageCount>7</UsageCount></Times>
		<String><Key>Title</Key><Value>T &amp; &lt;x&gt; &#x263A;</Value></String>
		<String><Key>Password</Key><Value ProtectInMemory="True">secret</Value></String>
		<String><Key>Notes</Key><Value>a&#13;
b</Value></String>
		<QualityCheck>False</QualityCheck>
		<AutoType><Enabled>False</Enabled><Association><Window>W</Window><KeystrokeSequence>S</KeystrokeSequence></Association></AutoType>
		<Binary><Key>inline.bin</Key><Value>AAECAw==</Value></Binary>
		<Unknown><Deep><Deeper/></Deep></Unknown>
		</Entry>`)
	db, err := ReadXML(strings.NewReader(doc))
	if err != nil {
		t.Fatal(err)
	}
	e := db.Root.Entries[0]
	if e.UUID != (UUID{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}) {
		t.Errorf("UUID %v", e.UUID)
	}
	if !reflect.DeepEqual(e.Tags, []string{"b", "a", "c"}) {
		t.Errorf("tags %q", e.Tags)
	}
	wantTimes := Times{
		Created:  time.Date(2020, 1, 2, 3, 4, 5, 0, time.UTC),
		Modified: time.Unix(0x0ed7805d00-62135596800, 0).UTC(),
		Expiry:   time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC), Expires: true, UsageCount: 7,
	}
	if !reflect.DeepEqual(e.Times, wantTimes) {
		t.Errorf("times %+v, want %+v", e.Times, wantTimes)
	}
	wantFields := []Field{{"Title", "T & <x> ☺", false}, {"Password", "secret", true}, {"Notes", "a\r\nb", false}}
	if !reflect.DeepEqual(e.Fields, wantFields) {
		t.Errorf("fields %#v", e.Fields)
	}
	if !e.ExcludeFromReports || !e.AutoType.Disabled || len(e.AutoType.Associations) != 1 {
		t.Errorf("reports %v, auto-type %+v", e.ExcludeFromReports, e.AutoType)
	}
	if len(e.Attachments) != 1 || e.Attachments[0] != (Attachment{Name: "inline.bin", Ref: -1, Size: 4}) {
		t.Errorf("attachments %+v", e.Attachments)
	}
}

func TestReadXMLRefuses(t *testing.T) {
	entry := func(body string) string { return keepassXML("<Entry>" + body + "</Entry>") }
	cases := map[string]struct {
		doc  string
		want error
	}{
		"not xml":               {"hello", ErrCorrupt},
		"other root":            {"<Other/>", ErrCorrupt},
		"no root group":         {"<KeePassFile><Root></Root></KeePassFile>", ErrCorrupt},
		"two roots":             {strings.Replace(keepassXML(""), "</Root>", "</Root><Root><Group/></Root>", 1), ErrCorrupt},
		"two root groups":       {strings.Replace(keepassXML(""), "</Group>", "</Group><Group/>", 1), ErrCorrupt},
		"unclosed":              {strings.TrimSuffix(keepassXML(""), "</KeePassFile>"), ErrCorrupt},
		"mismatched end":        {strings.Replace(keepassXML(""), "</Root>", "</Rot>", 1), ErrCorrupt},
		"protected without key": {entry(`<String><Key>P</Key><Value Protected="True">AAAA</Value></String>`), ErrCorrupt},
		"duplicate field":       {entry(`<String><Key>A</Key><Value>1</Value></String><String><Key>A</Key><Value>2</Value></String>`), ErrCorrupt},
		"string without value":  {entry(`<String><Key>A</Key></String>`), ErrCorrupt},
		"history in history":    {entry(`<History><Entry><History/></Entry></History>`), ErrCorrupt},
		"element in a value":    {entry(`<String><Key>A</Key><Value>x<b/></Value></String>`), ErrCorrupt},
		"bad number":            {entry(`<IconID>many</IconID>`), ErrCorrupt},
		"bad bool":              {entry(`<Times><Expires>maybe</Expires></Times>`), ErrCorrupt},
		"unknown entity":        {entry(`<Tags>&bomb;</Tags>`), ErrCorrupt},
		"bad base64 binary":     {entry(`<Binary><Key>k</Key><Value>!!</Value></Binary>`), ErrCorrupt},
		"deep nesting":          {keepassXML(strings.Repeat("<Group>", 200) + strings.Repeat("</Group>", 200)), ErrLimit},
	}
	for name, tc := range cases {
		_, err := ReadXML(strings.NewReader(tc.doc))
		if !errors.Is(err, tc.want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("%s: err = %v, want %v", name, err, tc.want)
		}
	}
	// An empty field is replaced by a later one of the same key, as
	// KeePassXC does for its default fields.
	db, err := ReadXML(strings.NewReader(entry(`<String><Key>A</Key><Value/></String><String><Key>A</Key><Value>2</Value></String>`)))
	if err != nil || len(db.Root.Entries[0].Fields) != 1 || db.Root.Entries[0].Get("A") != "2" {
		t.Errorf("repeated empty field: %v", err)
	}
}

func TestReadXMLLimits(t *testing.T) {
	doc := keepassXML(strings.Repeat("<Entry><String><Key>A</Key><Value>1</Value></String></Entry>", 5) +
		strings.Repeat("<Group><Name>g</Name></Group>", 3))
	for name, set := range map[string]func(*Limits){
		"entries": func(l *Limits) { l.MaxEntries = 4 },
		"groups":  func(l *Limits) { l.MaxGroups = 3 },
		"items":   func(l *Limits) { l.MaxItems = 4 },
		"size":    func(l *Limits) { l.MaxXMLSize = int64(len(doc) - 1) },
	} {
		lim := DefaultLimits
		set(&lim)
		if _, err := ReadXMLLimited(strings.NewReader(doc), lim); !errors.Is(err, ErrLimit) {
			t.Errorf("%s: err = %v, want ErrLimit", name, err)
		}
	}
	if _, err := ReadXMLLimited(strings.NewReader(doc), DefaultLimits); err != nil {
		t.Fatal(err)
	}
}

func TestOTP(t *testing.T) {
	entry := func(fields ...string) *Entry {
		e := &Entry{}
		for i := 0; i < len(fields); i += 2 {
			e.Set(fields[i], fields[i+1], false)
		}
		return e
	}
	cases := []struct {
		name string
		e    *Entry
		want string
	}{
		{"none", entry(FieldTitle, "x"), ""},
		{"otpauth kept as is", entry(FieldOTP, "otpauth://totp/A:b?secret=ABC&issuer=A"), "otpauth://totp/A:b?secret=ABC&issuer=A"},
		{"keeotp", entry(FieldTitle, "Site: x", FieldUserName, "me@x", FieldOTP, "key=jbsw y3dp&size=8&step=60&otpHashMode=sha512"),
			"otpauth://totp/Site%3A%20x:me%40x?secret=JBSWY3DP&period=60&digits=8&issuer=Site%3A%20x&algorithm=SHA512"},
		{"keeotp defaults", entry(FieldOTP, "key=JBSWY3DP"), "otpauth://totp/KeePassXC:none?secret=JBSWY3DP&period=30&digits=6&issuer=KeePassXC"},
		{"legacy", entry(FieldTitle, "T", FieldTOTPSeed, "gezd 0189", FieldTOTPSettings, "45;7"),
			"otpauth://totp/T:none?secret=GEZDOLB&period=45&digits=7&issuer=T"},
		{"legacy steam", entry(FieldTitle, "Steam", FieldTOTPSeed, "ABCD", FieldTOTPSettings, "30;S"),
			"otpauth://totp/Steam:none?secret=ABCD&period=30&digits=5&issuer=Steam&encoder=steam"},
		{"legacy bounds", entry(FieldTitle, "T", FieldTOTPSeed, "ABCD", FieldTOTPSettings, "600;99"),
			"otpauth://totp/T:none?secret=ABCD&period=60&digits=10&issuer=T"},
		{"legacy preferred", entry(FieldOTP, "otpauth://totp/x?secret=OTHER", FieldTOTPSeed, "ABCD", FieldTOTPSettings, "30;6", FieldTitle, "T"),
			"otpauth://totp/T:none?secret=ABCD&period=30&digits=6&issuer=T"},
		{"legacy without a seed", entry(FieldTOTPSettings, "30;6"), ""},
		{"neither form", entry(FieldOTP, "just text"), ""},
	}
	for _, tc := range cases {
		got, ok := tc.e.OTP()
		if got != tc.want || ok != (tc.want != "") {
			t.Errorf("%s: %q %v, want %q", tc.name, got, ok, tc.want)
		}
	}
	e := entry(FieldTOTPSeed, "ABCD", FieldTOTPSettings, "30;6", FieldTitle, "T")
	e.SetOTP("otpauth://totp/T?secret=NEW")
	if f, ok := e.Field(FieldOTP); !ok || !f.Protected || len(e.Fields) != 2 {
		t.Errorf("SetOTP: %+v", e.Fields)
	}
	if uri, _ := e.OTP(); uri != "otpauth://totp/T?secret=NEW" {
		t.Errorf("after SetOTP: %q", uri)
	}
}
