package agent

import (
	"encoding/json"
	"reflect"
	"testing"
)

// responses are responses as the agent writes them: those that commands
// nearly always get are read by hand.
var handRead = []response{
	{OK: true, Version: Version, PID: 4242},
	{OK: true, Path: []byte("/home/ü/vault.passtea\xff")},
	{OK: true, Tables: 2, Count: 10000},
	{OK: true, Path: []byte("/v"), Already: true, Warning: "a \"warning\" <&> \u2028 \x01 é\n"},
	{OK: true, Value: "v", Set: true},
	{OK: true, Secret: &secretJSON{Password: `p"\/<>&` + "\t\x7f😀", Notes: "n\r\n", OTP: "otpauth://totp/x?secret=A"}},
	{OK: true, Secret: &secretJSON{}},
	{},
}

func TestDecodeResponseByHand(t *testing.T) {
	for _, want := range handRead {
		b, err := json.Marshal(&want)
		if err != nil {
			t.Fatal(err)
		}
		var got response
		if !(&respReader{b: b}).response(&got) {
			t.Errorf("%s: not read by hand", b)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: read as %+v", b, got)
		}
	}
	// What the reader does not take goes to json.Unmarshal.
	for _, want := range []response{
		{Error: &wireError{Code: "version", Message: "m"}},
		{OK: true, Notices: []string{"merged"}},
		{OK: true, Secret: &secretJSON{Password: "p", Fields: []fieldJSON{{Name: "pin", Value: "1"}}}},
	} {
		b, _ := json.Marshal(&want)
		var got response
		if err := decodeResponse(b, &got); err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("%s: read as %+v, %v", b, got, err)
		}
	}
}

// FuzzDecodeResponse: whatever the hand reader takes, json.Unmarshal
// takes too and reads the same.
func FuzzDecodeResponse(f *testing.F) {
	for _, r := range handRead {
		b, _ := json.Marshal(&r)
		f.Add(b)
	}
	for _, s := range []string{`{"ok":true,"ok":false}`, `{"OK":true}`, `{"\u006fk":true}`, `{"pid":-0}`, `{"pid":01}`,
		`{"count":99999999999999999999}`, `{"path":""}`, `{"path":"a\nA="}`, `{"secret":{},"secret":{"notes":"x"}}`,
		`{"warning":"\ud83d\ude00"}`, `{"value":"\u00e9\u0000"}`, `{"ok":true} `, `{"set":null}`, `{}x`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var fast response
		if !(&respReader{b: data}).response(&fast) {
			return
		}
		var slow response
		if err := json.Unmarshal(data, &slow); err != nil {
			t.Fatalf("%q: read by hand, refused by encoding/json: %v", data, err)
		}
		if !reflect.DeepEqual(fast, slow) {
			t.Fatalf("%q: by hand %+v, by encoding/json %+v", data, fast, slow)
		}
	})
}
