// Reading an <Entry>: its strings, attachments (resolved against the pool
// once the document is read), auto-type settings and history.

package kdbx

import (
	"encoding/xml"
	"fmt"
	"strconv"

	"github.com/passtea/passtea/crypto"
)

// attachmentRef is an attachment whose pool reference is resolved once the
// whole document is read (KeePassXC resolves them at the end too).
type attachmentRef struct {
	entry *Entry
	index int
	id    string
}

// entry reads an entry, or with history set a history item, which may not
// have a history itself.
func (x *xmlDecoder) entry(history bool) (*Entry, error) {
	if err := count(&x.entries, 1, x.lim.MaxEntries, "entries"); err != nil {
		return nil, err
	}
	e := &Entry{}
	err := x.eachChild(func(el xml.StartElement) (err error) {
		switch el.Name.Local {
		case "UUID":
			e.UUID, err = x.uuid()
		case "IconID":
			e.IconID, err = x.number()
		case "CustomIconUUID":
			e.CustomIcon, err = x.uuid()
		case "ForegroundColor":
			e.ForegroundColor, err = x.text()
		case "BackgroundColor":
			e.BackgroundColor, err = x.text()
		case "OverrideURL":
			e.OverrideURL, _, err = x.value(el)
		case "Tags":
			e.Tags, err = x.tags()
		case "Times":
			e.Times, err = x.times()
		case "QualityCheck":
			var check bool
			check, err = x.bool()
			e.ExcludeFromReports = !check
		case "String":
			err = x.entryString(e)
		case "Binary":
			err = x.entryBinary(e)
		case "AutoType":
			err = x.autoType(&e.AutoType)
		case "CustomData":
			e.CustomData, err = x.customData()
		case "History":
			if history {
				return fmt.Errorf("%w: history inside a history item", errXML)
			}
			err = x.history(e)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	// KeePassXC before KDBX 4.1 kept "exclude from reports" in custom data.
	for i, it := range e.CustomData {
		if it.Key == "KnownBad" {
			e.ExcludeFromReports = it.Value == "true"
			e.CustomData = append(e.CustomData[:i:i], e.CustomData[i+1:]...)
			break
		}
	}
	return e, nil
}

func (x *xmlDecoder) entryString(e *Entry) error {
	if err := x.countItems(1); err != nil {
		return err
	}
	var f Field
	var hasKey, hasValue bool
	err := x.eachChild(func(el xml.StartElement) (err error) {
		switch el.Name.Local {
		case "Key":
			f.Key, _, err = x.value(el)
			hasKey = true
		case "Value":
			f.Value, f.Protected, err = x.value(el)
			hasValue = true
		}
		return err
	})
	if err != nil {
		return err
	}
	if !hasKey || !hasValue {
		return fmt.Errorf("%w: entry string without key or value", errXML)
	}
	for i := range e.Fields {
		if e.Fields[i].Key == f.Key {
			if e.Fields[i].Value != "" {
				return fmt.Errorf("%w: an entry has two %.40q fields", errXML, f.Key)
			}
			e.Fields[i] = f
			return nil
		}
	}
	e.Fields = append(e.Fields, f)
	return nil
}

func (x *xmlDecoder) entryBinary(e *Entry) error {
	if err := x.countItems(1); err != nil {
		return err
	}
	a := Attachment{Ref: -1}
	var ref string
	var hasRef, hasKey, hasValue bool
	err := x.eachChild(func(el xml.StartElement) (err error) {
		switch el.Name.Local {
		case "Key":
			a.Name, err = x.text()
			hasKey = true
		case "Value":
			hasValue = true
			if ref, hasRef = attrOK(el, "Ref"); hasRef {
				err = x.skip()
			} else {
				var data []byte
				data, err = x.binaryValue(el)
				a.Size = len(data)
				crypto.Wipe(data)
			}
		}
		return err
	})
	if err != nil {
		return err
	}
	if !hasKey || !hasValue {
		return fmt.Errorf("%w: attachment without name or value", errXML)
	}
	e.Attachments = append(e.Attachments, a)
	if hasRef {
		x.refs = append(x.refs, attachmentRef{entry: e, index: len(e.Attachments) - 1, id: ref})
	}
	return nil
}

// resolveAttachments points attachments at the pool: by ID in KDBX 3's Meta
// Binaries, by index in KDBX 4's inner header. Unknown references keep Ref
// -1 and size 0, as KeePassXC drops them.
func (x *xmlDecoder) resolveAttachments() {
	for _, r := range x.refs {
		a := &r.entry.Attachments[r.index]
		i, ok := x.pool[r.id]
		if !ok && len(x.pool) == 0 {
			n, err := strconv.Atoi(r.id)
			i, ok = n, err == nil && n >= 0 && n < len(x.db.Binaries)
		}
		if ok {
			a.Ref, a.Size = i, x.db.Binaries[i].Size
		}
	}
}

func (x *xmlDecoder) autoType(at *AutoType) error {
	return x.eachChild(func(el xml.StartElement) (err error) {
		switch el.Name.Local {
		case "Enabled":
			var on bool
			on, err = x.bool()
			at.Disabled = !on
		case "DataTransferObfuscation":
			at.Obfuscation, err = x.number()
		case "DefaultSequence":
			at.DefaultSequence, err = x.text()
		case "Association":
			var a AutoTypeAssociation
			if a, err = x.association(); err == nil {
				at.Associations = append(at.Associations, a)
			}
		}
		return err
	})
}

// association reads an auto-type <Association>, one of Limits.MaxItems.
func (x *xmlDecoder) association() (AutoTypeAssociation, error) {
	var a AutoTypeAssociation
	if err := x.countItems(1); err != nil {
		return a, err
	}
	err := x.eachChild(func(f xml.StartElement) (err error) {
		switch f.Name.Local {
		case "Window":
			a.Window, err = x.text()
		case "KeystrokeSequence":
			a.Sequence, err = x.text()
		}
		return err
	})
	return a, err
}

// history reads an entry's <History>: its <Entry> items.
func (x *xmlDecoder) history(e *Entry) error {
	return x.eachNamed("Entry", func(xml.StartElement) error {
		h, err := x.entry(true)
		if err == nil {
			e.History = append(e.History, h)
		}
		return err
	})
}
