package jsonx

import (
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/passtea/passtea/interop"
)

func TestTopKeys(t *testing.T) {
	for in, want := range map[string][]string{
		`{"a":1,"b":{"c":2},"d":["e",{"f":3}],"g\"h":"x:y"}`: {"a", "b", "d", `g"h`},
		` {"items": [], "encrypted" : false}`:                {"items", "encrypted"},
		`[{"a":1}]`:                                          nil,
		`{"a":"unterminated`:                                 {"a"}, // keys seen so far
		``:                                                   nil,
	} {
		if got := TopKeys([]byte(in), 10); !slices.Equal(got, want) {
			t.Errorf("TopKeys(%s) = %q, want %q", in, got, want)
		}
	}
}

func TestCheck(t *testing.T) {
	lim := interop.Limits{Input: 1 << 20, Entries: 10, Record: 100, Values: 5, Files: 1, Ratio: 1}
	for in, ok := range map[string]bool{
		`{"a":"b"}`:                          true,
		`["x,y,{[","z"]`:                     true, // structure inside strings does not count
		`[1,2,3,4,5,6]`:                      false,
		`"` + strings.Repeat("x", 100) + `"`: false,
	} {
		err := Check([]byte(in), lim)
		if (err == nil) != ok || err != nil && !errors.Is(err, interop.ErrLimit) {
			t.Errorf("Check(%s) = %v", in, err)
		}
	}
}

func TestDecoder(t *testing.T) {
	d := New([]byte(`{"n":null,"xs":[{"a":1},{"a":2}],"skip":{"deep":[1,2]}} `), interop.Limits{})
	var got []string
	err := d.Object("$", func(key string) error {
		switch key {
		case "n", "xs":
			return d.Array("$."+key, func(i int, raw json.RawMessage) error {
				got = append(got, string(raw))
				return nil
			})
		}
		return d.Skip("$." + key)
	})
	if err != nil || d.End() != nil || !slices.Equal(got, []string{`{"a":1}`, `{"a":2}`}) {
		t.Errorf("%v %q", err, got)
	}
	var v struct{ A int }
	err = Unmarshal("$.x", []byte(`{"A":"one"}`), &v)
	var re *interop.RecordError
	if !errors.As(err, &re) || re.Place != "$.x.A" {
		t.Errorf("%v", err)
	}
	if err := UnmarshalStrict("$", []byte(`{"B":1}`), &v); err == nil {
		t.Error("unknown member accepted")
	}
	if err := New([]byte(`{} x`), interop.Limits{}).Object("$", nil); err != nil {
		t.Fatal(err)
	}
}
