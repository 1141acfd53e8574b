package agent

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"net"
	"reflect"
	"testing"
	"time"

	"github.com/passtea/passtea/vault"
)

// FuzzReadFrame reads frames from arbitrary bytes: an error or a frame
// no larger than MaxFrame, never a panic.
func FuzzReadFrame(f *testing.F) {
	f.Add([]byte{0, 0, 0, 2, '{', '}'})
	f.Add([]byte{0, 0, 0, 5, '{'})
	f.Add([]byte{0xff, 0xff, 0xff, 0xff})
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		frame, err := readFrame(bytes.NewReader(data))
		if err != nil {
			return
		}
		if n := binary.BigEndian.Uint32(data); int(n) != len(frame) || !bytes.Equal(frame, data[4:4+n]) {
			t.Fatalf("read %d bytes for a frame of %d", len(frame), n)
		}
	})
}

// FuzzDecodeRequest decodes arbitrary requests: an error or a request
// that encodes and decodes to itself.
func FuzzDecodeRequest(f *testing.F) {
	for _, s := range []string{
		`{"op":"hello","version":1}`,
		`{"op":"unlock","path":"L3Yv","password":"cHc=","timeout_ms":600000,"upgrade":true}`,
		`{"op":"add","path":"L3Yv","entry":{"name":"a","urls":["u"],"fields":[{"name":"f","value":"v","concealed":true}],"history":[{"kind":5,"value":"old","set":1}]}}`,
		`{"op":"edit","path":"L3Yv","id":"00000000000000000000000000000000","change":{"urls":[],"fields":[]}}`,
		`{"op":"add_many","path":"L3Yv","entries":[{"name":"a"},{"name":"b"}],"more":true}`,
		`{"op":"status","op":"lock"}`,
		`{"op":1}`,
		`{"op":"get","name":"\ud800"}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		req, err := decodeRequest(data)
		if err != nil {
			return
		}
		enc := mustFrame(req)
		again, err := decodeRequest(enc)
		if err != nil {
			t.Fatalf("a decoded request does not decode again: %v", err)
		}
		if !bytes.Equal(mustFrame(again), enc) {
			t.Fatalf("round trip:\n%+v\n%+v", req, again)
		}
	})
}

// FuzzTables decodes arbitrary table frames: an error, or records that
// encode and decode to the same records.
func FuzzTables(f *testing.F) {
	var tw tableWriter
	tw.entry(vault.Entry{ID: vault.ID{1, 2}, Revision: 7, Name: "a/b", Username: "u", URLs: []string{"x", "y"},
		Tags: []string{"t"}, Created: time.Unix(1, 2).UTC(), HasOTP: true, Deleted: true, Accepted: []string{"weak"}})
	tw.entry(vault.Entry{Name: "é"})
	f.Add(tw.finish()[0])
	var nw tableWriter
	nw.name("one")
	nw.name("")
	f.Add(nw.finish()[0])
	f.Add([]byte{0xff, 0xff, 0xff, 0xff, 0x0f})
	f.Fuzz(func(t *testing.T, data []byte) {
		if es, err := readEntries(data, nil); err == nil {
			var w tableWriter
			for _, e := range es {
				w.entry(e)
			}
			again := []vault.Entry{}
			for _, fr := range w.finish() {
				if again, err = readEntries(fr, again); err != nil {
					t.Fatalf("re-encoded entries do not decode: %v", err)
				}
			}
			if len(es) > 0 && !reflect.DeepEqual(es, again) {
				t.Fatalf("entries round trip:\n%+v\n%+v", es, again)
			}
		}
		if ns, err := readNames(data, nil); err == nil {
			var w tableWriter
			for _, n := range ns {
				w.name(n)
			}
			var again []string
			for _, fr := range w.finish() {
				if again, err = readNames(fr, again); err != nil {
					t.Fatalf("re-encoded names do not decode: %v", err)
				}
			}
			if !reflect.DeepEqual(ns, again) {
				t.Fatalf("names round trip:\n%q\n%q", ns, again)
			}
		}
	})
}

// FuzzServe sends arbitrary bytes to a live agent after a hello: whatever
// they are, the agent answers or hangs up, and goes on serving others.
func FuzzServe(f *testing.F) {
	path := newVaultFile(f, 3)
	s, _, _ := unlocked(f, path, Config{Timeout: time.Hour})
	p := []byte(path)
	for _, req := range []request{
		{Op: opEntries, Path: p},
		{Op: opGet, Path: p, Name: "work/site-00001.example"},
		{Op: opNames, Path: p},
		{Op: opAdd, Path: p, Entry: &newEntryJSON{Name: "fuzz"}},
		{Op: opEdit, Path: p, ID: vault.ID{}.String(), Change: &changeJSON{}},
		{Op: opSetting, Path: p, Key: "k"},
		{Op: opInfo, Path: p},
		{Op: opStatus},
		{Op: opAddMany, Path: p, More: true},
	} {
		b, _ := json.Marshal(req)
		f.Add(binary.BigEndian.AppendUint32(nil, uint32(len(b))), b)
	}
	f.Add([]byte{0, 0, 0, 3}, []byte(`{"}`))
	f.Add([]byte{0x04, 0, 0, 0}, []byte{})
	f.Fuzz(func(t *testing.T, hdr, body []byte) {
		if endsAgent(append(hdr, body...)) {
			t.Skip("a valid request to lock or to change a timeout: it would end the shared agent")
		}
		c, err := net.DialUnix("unix", nil, &net.UnixAddr{Name: SocketPath(s.dir), Net: "unix"})
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		c.SetDeadline(time.Now().Add(5 * time.Second))
		hello, _ := json.Marshal(request{Op: opHello, Version: Version})
		if err := writeFrames(c, hello); err != nil {
			t.Fatal(err)
		}
		if _, err := readFrame(c); err != nil {
			t.Fatal(err)
		}
		c.Write(append(hdr, body...))
		c.CloseWrite()
		// Read whatever comes until the agent hangs up or goes quiet.
		c.SetReadDeadline(time.Now().Add(200 * time.Millisecond))
		for {
			if _, err := readFrame(c); err != nil {
				break
			}
		}
		cl, err := Dial(s.dir)
		if err != nil {
			t.Fatalf("the agent stopped answering: %v", err)
		}
		defer cl.Close()
		if _, err := cl.Open(path); err != nil {
			t.Fatalf("the agent dropped its vault: %v", err)
		}
	})
}

// endsAgent reports whether a byte stream holds a request that may end
// the agent: a lock, or an unlock that shortens the timeout.
func endsAgent(data []byte) bool {
	r := bytes.NewReader(data)
	for {
		frame, err := readFrame(r)
		if err != nil {
			return false
		}
		if req, err := decodeRequest(frame); err == nil && (req.Op == opLock || req.Op == opUnlock) {
			return true
		}
	}
}
