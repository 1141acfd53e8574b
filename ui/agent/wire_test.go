package agent

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"
)

// plainRequest has every field of request but those that carry entries,
// changes and edits, in the same order with the same tags, so that a
// request encodes to the same bytes either way.
func TestPlainRequestFields(t *testing.T) {
	heavy := map[string]bool{"Entry": true, "Entries": true, "Edits": true, "Change": true}
	var want []reflect.StructField
	rt := reflect.TypeFor[request]()
	for i := range rt.NumField() {
		if f := rt.Field(i); !heavy[f.Name] {
			want = append(want, f)
		}
	}
	pt := reflect.TypeFor[plainRequest]()
	if pt.NumField() != len(want) {
		t.Fatalf("plainRequest has %d fields, request %d besides entries, changes and edits", pt.NumField(), len(want))
	}
	for i, w := range want {
		if f := pt.Field(i); f.Name != w.Name || f.Type != w.Type || f.Tag != w.Tag {
			t.Errorf("plainRequest field %d is %s %s %q, request's is %s %s %q", i, f.Name, f.Type, f.Tag, w.Name, w.Type, w.Tag)
		}
	}
}

func TestMustFrameSameBytes(t *testing.T) {
	name := "work/<git>&\u2028\x01"
	for _, req := range []*request{
		{Op: opHello, Version: Version},
		{Op: opUnlock, Path: []byte("/v\xff"), Password: []byte("pw"), KeyFile: []byte{0, 1}, TimeoutMS: 5, Upgrade: true},
		{Op: opGet, Path: []byte("/v"), Name: name},
		{Op: opSetSetting, Path: []byte("/v"), Key: "k", Value: name, ID: "x", More: true, Trash: []string{"a"},
			Other: []byte("/o"), Into: []byte("/i")},
		{Op: opAdd, Path: []byte("/v"), Entry: &newEntryJSON{Name: name}},
		{Op: opEdit, Path: []byte("/v"), ID: "x", Change: &changeJSON{Name: &name}},
	} {
		want, err := json.Marshal(req)
		if err != nil {
			t.Fatal(err)
		}
		if got := mustFrame(req); !bytes.Equal(got, want) {
			t.Errorf("%s: mustFrame gives\n%s\nnot\n%s", req.Op, got, want)
		}
	}
}
