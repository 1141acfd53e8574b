package csvfmt

import (
	"errors"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/passtea/passtea/interop"
)

func readFixture(t *testing.T, name string) *interop.Import {
	t.Helper()
	data, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	tab, err := Open(data)
	if err != nil {
		t.Fatal(err)
	}
	d := Detect(tab)
	if d == nil {
		t.Fatalf("%s: no dialect detected", name)
	}
	im, err := Read(data, d, interop.Options{})
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return im
}

func TestFixtures(t *testing.T) {
	t.Run("keepassxc", func(t *testing.T) {
		im := readFixture(t, "keepassxc.csv")
		if im.Format != "keepassxc-csv" || len(im.Entries) != 2 || len(im.Skipped) != 1 || im.Skipped[0].Name != "Old" {
			t.Fatalf("%+v", im)
		}
		gh := im.Entries[1]
		if gh.Name != "Work/Dev/GitHub" || gh.Password != `gh "quoted", pass` || gh.Notes != "line 1\nline 2" || gh.Created.IsZero() {
			t.Errorf("%+v", gh.NewEntry)
		}
		if im.Entries[0].Name != "Mail" {
			t.Errorf("%q", im.Entries[0].Name)
		}
	})
	t.Run("chrome", func(t *testing.T) {
		im := readFixture(t, "chrome.csv")
		if im.Format != "chrome-csv" || len(im.Entries) != 3 {
			t.Fatalf("%+v", im)
		}
		if e := im.Entries[1]; e.Name != "accounts.google.com" || e.Password != "pw,2" || e.Notes != "recovery phone" {
			t.Errorf("%+v", e.NewEntry)
		}
		if e := im.Entries[2]; e.Name != "shop.example" || len(e.Changed) != 1 {
			t.Errorf("%+v %q", e.NewEntry, e.Changed)
		}
	})
	t.Run("firefox", func(t *testing.T) {
		im := readFixture(t, "firefox.csv")
		if im.Format != "firefox-csv" || len(im.Entries) != 2 {
			t.Fatalf("%+v", im)
		}
		e := im.Entries[0]
		if e.Name != "example.com" || !e.Created.Equal(time.UnixMilli(1600000000000)) || !e.Modified.Equal(time.UnixMilli(1650000000000)) || len(e.Fields) != 0 {
			t.Errorf("%+v", e.NewEntry)
		}
		if f, _ := im.Entries[1].Field("HTTP realm"); f.Value != "Router Admin" {
			t.Errorf("%+v", im.Entries[1].Fields)
		}
		if !strings.Contains(strings.Join(im.Notes, ""), `"guid", "timeLastUsed"`) {
			t.Errorf("notes %q", im.Notes)
		}
	})
	t.Run("safari", func(t *testing.T) {
		im := readFixture(t, "safari.csv")
		if e := im.Entries[0]; im.Format != "safari-csv" || e.Name != "example.com (alice)" || e.Notes != "a note" || !strings.HasPrefix(e.OTP, "otpauth://totp/example.com:alice") {
			t.Errorf("%s %+v", im.Format, e.NewEntry)
		}
	})
	t.Run("lastpass", func(t *testing.T) {
		im := readFixture(t, "lastpass.csv")
		gh, note := im.Entries[0], im.Entries[1]
		if im.Format != "lastpass-csv" || gh.Name != "Work/Dev/GitHub" || gh.OTP == "" || !slices.Equal(gh.Tags, []string{"favorite"}) {
			t.Errorf("%+v", gh.NewEntry)
		}
		if note.Kind != interop.SecureNote || note.Name != "Work/DB server" || len(note.URLs) != 0 || note.Notes != "NoteType:Server\nHostname:db" {
			t.Errorf("%+v", note)
		}
	})
	t.Run("generic", func(t *testing.T) {
		im := readFixture(t, "generic.csv")
		e := im.Entries[0]
		if im.Format != "csv" || e.Name != "Bank" || e.Username != "me" || e.Notes != "two\nlines" || !slices.Equal(e.Tags, []string{"important", "money"}) {
			t.Errorf("%+v", e.NewEntry)
		}
		if len(im.Notes) != 1 || im.Notes[0] != `columns not read: "Category"` {
			t.Errorf("notes %q", im.Notes)
		}
	})
}

func TestGeneric(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		want     []string // name|username|password|urls|notes|tags|otp?
		err      string
	}{
		{name: "all columns", in: "name,username,password,url,notes,tags\nmail,me,pw-1,https://mail.example,hello,a b\n",
			want: []string{"mail|me|pw-1|https://mail.example|hello|a,b|"}},
		{name: "aliases", in: "title,login_username,login_password,login_uri,note\nBank,me,pw-1,https://bank.example,n\n",
			want: []string{"Bank|me|pw-1|https://bank.example|n||"}},
		{name: "host names", in: "uri,user,password\nhttps://www.a.example/x,u,p\n", want: []string{"a.example|u|p|https://www.a.example/x|||"}},
		{name: "folder", in: "folder,name,password\nWork/Dev,x,p\n", want: []string{"Work/Dev/x||p||||"}},
		{name: "several URLs", in: "name,url\nx,\"https://a\nhttps://b\"\n", want: []string{"x|||https://a https://b|||"}},
		{name: "otp", in: "name,otp\nx,JBSWY3DPEHPK3PXP\n", want: []string{"x||||||otp"}},
		{name: "duplicate names", in: "name\nx\nx\n", want: []string{"x||||||", "x (2)||||||"}},
		{name: "blank rows", in: "name,password\n\n,\nx,p\n", want: []string{"x||p||||"}},
		{name: "CRLF", in: "name,password\r\nx,p\r\n", want: []string{"x||p||||"}},
		{name: "empty", in: "", err: "empty"},
		{name: "header only", in: "name,password\n", err: "no rows"},
		{name: "no name or url", in: "username,password\nu,p\n", err: "line 1: the header has neither a name nor a url column"},
		{name: "two name columns", in: "name,title\nx,y\n", err: "line 1: two columns give the name"},
		{name: "bad quote", in: "name\n\"x\n", err: "line 2"},
		{name: "wrong field count", in: "name,password\nx\n", err: "line 2"},
		{name: "no name no url", in: "name,password\n,p\n", want: []string{"login||p||||"}},
		{name: "control character", in: "name,password\nx,\"a\x1bb\"\n", err: "line 2: invalid entry: the password contains a control character"},
		{name: "bad time", in: "name,created\nx,yesterday\n", err: "line 2: created: not a time"},
		// Cases of the CSV reader the import command had before this package.
		{name: "header case and spaces", in: " Name , PASSWORD ,Url\nx,p,https://x.example\n", want: []string{"x||p|https://x.example|||"}},
		{name: "byte order mark, quoted header", in: "\ufeff\"name\",\"password\"\nx,p\n", want: []string{"x||p||||"}},
		{name: "quotes, commas and line breaks", in: "name,password,notes\n\"a, b\",\"p,w\"\"q\",\"line 1\nline 2\"\nc,p2,\n",
			want: []string{"a, b||p,w\"q||line 1\nline 2||", "c||p2||||"}},
		{name: "name trimmed, username and password kept", in: "name,username,password\n  x  , u ,\" p \"\n", want: []string{"x| u | p ||||"}},
		{name: "tags split at commas, semicolons and spaces", in: "name,tags\nx,\"a, b;c  d\"\n", want: []string{"x|||||a,b,c,d|"}},
		{name: "empty name: the host", in: "name,url,password\n,https://www.github.com,p\n", want: []string{"github.com||p|https://www.github.com|||"}},
		{name: "two url columns by case", in: "URL,url\nhttps://a.example,https://b.example\n", err: `line 1: two columns are called "url"`},
		{name: "line after a multi-line field", in: "name,password,notes\na,p,\"1\n2\n3\"\nb,\"x\ny\",\n", err: "line 5: invalid entry: the password contains a control character"},
		{name: "username with a tab", in: "name,username\nx,\"a\tb\"\n", err: "line 2: invalid entry: the username contains a control character"},
		{name: "name too long", in: "name\n" + strings.Repeat("n", 300) + "\n", want: []string{strings.Repeat("n", 256) + "||||||"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			im, err := Read([]byte(tc.in), &Generic, interop.Options{})
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("err %v, want %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, e := range im.Entries {
				otp := ""
				if e.OTP != "" {
					otp = "otp"
				}
				got = append(got, strings.Join([]string{e.Name, e.Username, e.Password, strings.Join(e.URLs, " "), e.Notes, strings.Join(e.Tags, ","), otp}, "|"))
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestErrorsNameNoValue(t *testing.T) {
	_, err := Read([]byte("name,password\nx,\"secret\x07value\"\n"), &Generic, interop.Options{})
	var re *interop.RecordError
	if !errors.As(err, &re) || strings.Contains(err.Error(), "secret") {
		t.Fatalf("err %v", err)
	}
}

func TestEntryLimit(t *testing.T) {
	in := "name\n" + strings.Repeat("x\n", 11)
	_, err := Read([]byte(in), &Generic, interop.Options{Limits: interop.Limits{Input: 1 << 20, Entries: 10, Record: 1 << 20, Values: 100, Files: 10, Ratio: 10}})
	if !errors.Is(err, interop.ErrLimit) {
		t.Fatalf("err %v", err)
	}
}
