package agent

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"testing"
)

// mustFrame writes a request without entries, changes and edits by hand:
// to the bytes encoding/json writes, whatever its fields hold.
func TestMustFrameSameBytes(t *testing.T) {
	name := "work/<git>&\u2028\x01"
	// every is a request with every field that mustFrame writes by hand
	// set, so that a field added to request is not left out.
	every := &request{}
	rv := reflect.ValueOf(every).Elem()
	for i := range rv.NumField() {
		f := rv.Field(i)
		switch v := f.Addr().Interface().(type) {
		case *string:
			*v = fmt.Sprintf("s%d<é>", i)
		case *int:
			*v = i
		case *int64:
			*v = int64(i) << 40
		case *bool:
			*v = true
		case *[]byte:
			*v = []byte{byte(i), 0xff}
		case *[]string:
			*v = []string{"a", "<b>", ""}
		default:
			switch f.Kind() {
			case reflect.Pointer, reflect.Slice: // entries, changes, edits
			default:
				t.Fatalf("request field %s: a type this test does not know", rv.Type().Field(i).Name)
			}
		}
	}
	for _, req := range []*request{
		every,
		{Op: opHello, Version: Version},
		{Op: opUnlock, Path: []byte("/v\xff"), Password: []byte("pw"), KeyFile: []byte{0, 1}, TimeoutMS: 5, Upgrade: true},
		{Op: opGet, Path: []byte("/v"), Name: name},
		{Op: opGet, Path: []byte("/home/ü/vault.passtea"), Name: "naïve/\"quoted\"\\ \t\b\f\x7f\xff"},
		{Op: opNames, Path: []byte("/v"), Name: ""},
		{Op: opAddMany, Path: []byte("/v"), Trash: []string{"a", "<b>", ""}, More: true},
		{Op: opLock},
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
