package cli

import (
	"reflect"
	"strings"
	"testing"
)

func TestParseConfig(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		want     *userConfig
		err      string
	}{
		{"empty", "", &userConfig{}, ""},
		{"comments", "# a\n; b\n\n   \n", &userConfig{}, ""},
		{"vault", "[vault \"/home/ann/v.passtea\"]\nkey-file = /home/ann/k.keyx\n",
			&userConfig{sections: []configSection{{"vault", "/home/ann/v.passtea", []configValue{{"key-file", "/home/ann/k.keyx"}}}}}, ""},
		{"quoted", "[vault \"/a \\\"b\\\" \\\\c\"]\r\n  key-file =  \" spaced \\u00e9\"  \r\n",
			&userConfig{sections: []configSection{{"vault", `/a "b" \c`, []configValue{{"key-file", " spaced é"}}}}}, ""},
		{"kind only", "[ui]\ntheme = dark\n", &userConfig{sections: []configSection{{"ui", "", []configValue{{"theme", "dark"}}}}}, ""},
		{"merged sections", "[vault \"a\"]\nx = 1\n[vault \"b\"]\nx = 2\n[vault \"a\"]\ny = 3\n",
			&userConfig{sections: []configSection{{"vault", "a", []configValue{{"x", "1"}, {"y", "3"}}}, {"vault", "b", []configValue{{"x", "2"}}}}}, ""},
		{"equals in the value", "[s]\nk = a=b\n", &userConfig{sections: []configSection{{"s", "", []configValue{{"k", "a=b"}}}}}, ""},
		{"before a section", "key-file = x\n", nil, "line 1: a setting before any [section]"},
		{"twice", "[s]\nk = 1\nk = 2\n", nil, "line 3: k is set twice in this section"},
		{"no equals", "[s]\nk\n", nil, "line 2: a setting is KEY = VALUE"},
		{"bad key", "[s]\nKey = 1\n", nil, "line 2: a key is lower-case letters"},
		{"bad kind", "[Vault]\n", nil, "line 1: a section's kind is lower-case"},
		{"unclosed", "[vault \"x\"\n", nil, "line 1: a section header must end with ]"},
		{"unquoted name", "[vault x]\n", nil, "line 1: the section's name: want a \"quoted string\""},
		{"bad escape", "[s]\nk = \"\\q\"\n", nil, "line 2: the value of k: a \"quoted string\" with a bad escape"},
		{"long line", "[s]\nk = " + strings.Repeat("x", maxConfigSize) + "\n", nil, "line 2: line too long"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := parseConfig([]byte(tc.in))
			if tc.err != "" {
				if err == nil || !strings.HasPrefix(err.Error(), tc.err) {
					t.Fatalf("err %v, want %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.want) && !(len(got.sections) == 0 && len(tc.want.sections) == 0) {
				t.Fatalf("got %+v, want %+v", got, tc.want)
			}
		})
	}
}

func TestConfigSetUnset(t *testing.T) {
	c := &userConfig{}
	c.set("vault", "/v", "key-file", "/k1")
	c.set("vault", "/w", "key-file", "/k2")
	c.set("vault", "/v", "key-file", "/k3")
	if v, ok := c.get("vault", "/v", "key-file"); !ok || v != "/k3" {
		t.Fatalf("get = %q, %v", v, ok)
	}
	want := "# passtea's settings; passtea config changes them (comments are not kept)\n\n[vault \"/v\"]\nkey-file = \"/k3\"\n\n[vault \"/w\"]\nkey-file = \"/k2\"\n"
	if got := string(c.bytes()); got != want {
		t.Fatalf("bytes:\n%s\nwant:\n%s", got, want)
	}
	if !c.unset("vault", "/v", "key-file") || c.unset("vault", "/v", "key-file") || c.unset("vault", "/none", "key-file") {
		t.Fatal("unset")
	}
	if strings.Contains(string(c.bytes()), "/v") {
		t.Fatalf("an empty section is written:\n%s", c.bytes())
	}
}

// FuzzConfig: whatever parses writes back to a file that parses to the
// same settings, and writing that again gives the same bytes.
func FuzzConfig(f *testing.F) {
	for _, s := range []string{
		"", "[vault \"/a\"]\nkey-file = /b\n", "[s]\nk = \"\\x00\\n\"\n", "# c\n[a]\n[b \"\"]\nx-1 = \n",
		"[vault \"a\"]\nx = 1\n[vault \"a\"]\ny = 2\n", "[s]\r\nk = \"é\"\r\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		c, err := parseConfig(b)
		if err != nil {
			return
		}
		out := c.bytes()
		again, err := parseConfig(out)
		if err != nil {
			t.Fatalf("written settings do not parse: %v\n%s", err, out)
		}
		for _, s := range c.sections {
			for _, v := range s.values {
				if got, ok := again.get(s.kind, s.name, v.key); !ok || got != v.value {
					t.Fatalf("[%s %q] %s = %q came back as %q, %v", s.kind, s.name, v.key, v.value, got, ok)
				}
			}
		}
		if string(again.bytes()) != string(out) {
			t.Fatalf("writing twice differs:\n%s\n---\n%s", out, again.bytes())
		}
	})
}
