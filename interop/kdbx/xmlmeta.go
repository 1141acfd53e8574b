// Reading <Meta>: the database's name and settings, memory protection,
// custom icons, KDBX 3's attachment pool and custom data.

package kdbx

import (
	"bytes"
	"compress/gzip"
	"encoding/xml"
	"fmt"
	"io"

	"github.com/passtea/passtea/crypto"
)

func (x *xmlDecoder) meta() error {
	m := &x.db.Meta
	return x.eachChild(func(el xml.StartElement) (err error) {
		switch el.Name.Local {
		case "Generator":
			m.Generator, err = x.text()
		case "HeaderHash":
			m.HeaderHash, err = x.binaryValue(el)
		case "DatabaseName":
			m.DatabaseName, _, err = x.value(el)
		case "DatabaseNameChanged":
			m.DatabaseNameChanged, err = x.time()
		case "DatabaseDescription":
			m.Description, _, err = x.value(el)
		case "DefaultUserName":
			m.DefaultUserName, _, err = x.value(el)
		case "RecycleBinEnabled":
			m.RecycleBinEnabled, err = x.bool()
		case "RecycleBinUUID":
			m.RecycleBinUUID, err = x.uuid()
		case "HistoryMaxItems":
			m.HistoryMaxItems, err = x.number()
		case "HistoryMaxSize":
			m.HistoryMaxSize, err = x.number()
		case "MemoryProtection":
			err = x.memoryProtection()
		case "CustomIcons":
			err = x.eachItem("Icon", x.customIcon)
		case "Binaries":
			err = x.eachItem("Binary", x.poolBinary)
		case "CustomData":
			m.CustomData, err = x.customData()
		}
		return err
	})
}

func (x *xmlDecoder) memoryProtection() error {
	mp := &x.db.Meta.MemoryProtection
	return x.eachChild(func(el xml.StartElement) (err error) {
		switch el.Name.Local {
		case "ProtectTitle":
			mp.Title, err = x.bool()
		case "ProtectUserName":
			mp.UserName, err = x.bool()
		case "ProtectPassword":
			mp.Password, err = x.bool()
		case "ProtectURL":
			mp.URL, err = x.bool()
		case "ProtectNotes":
			mp.Notes, err = x.bool()
		}
		return err
	})
}

// customIcon reads one <Icon> of <CustomIcons>, keeping its data's size.
func (x *xmlDecoder) customIcon(xml.StartElement) error {
	var icon CustomIcon
	err := x.eachChild(func(f xml.StartElement) (err error) {
		switch f.Name.Local {
		case "UUID":
			icon.UUID, err = x.uuid()
		case "Data":
			var data []byte
			data, err = x.binaryValue(f)
			icon.Size = len(data)
		case "Name":
			icon.Name, err = x.text()
		case "LastModificationTime":
			icon.Modified, err = x.time()
		}
		return err
	})
	if err != nil {
		return err
	}
	x.db.Meta.CustomIcons = append(x.db.Meta.CustomIcons, icon)
	return nil
}

// poolBinary reads one <Binary> of KDBX 3's attachment pool (<Binaries>),
// keeping its size only.
func (x *xmlDecoder) poolBinary(el xml.StartElement) error {
	data, err := x.binaryValue(el)
	if err != nil {
		return err
	}
	size := len(data)
	if isTrue(attr(el, "Compressed")) {
		size, err = gunzippedSize(data, x.lim.MaxXMLSize)
		if err != nil {
			return err
		}
	}
	crypto.Wipe(data)
	x.pool[attr(el, "ID")] = len(x.db.Binaries)
	x.db.Binaries = append(x.db.Binaries, Binary{Size: size, Protected: isTrue(attr(el, "Protected"))})
	return nil
}

// gunzippedSize returns the size of gzip data once decompressed, refusing
// more than limit bytes.
func gunzippedSize(data []byte, limit int64) (int, error) {
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return 0, fmt.Errorf("%w: compressed attachment: %v", ErrCorrupt, err)
	}
	n, err := discard(io.LimitReader(zr, limit+1))
	if err != nil {
		return 0, fmt.Errorf("%w: compressed attachment: %v", ErrCorrupt, err)
	}
	if n > limit {
		return 0, fmt.Errorf("%w: an attachment larger than %d bytes", ErrLimit, limit)
	}
	return int(n), nil
}

// discard reads r to its end through a buffer it wipes, and returns how
// many bytes it read.
func discard(r io.Reader) (int64, error) {
	buf := make([]byte, 32<<10)
	defer crypto.Wipe(buf)
	var total int64
	for {
		n, err := r.Read(buf)
		total += int64(n)
		if err == io.EOF {
			return total, nil
		}
		if err != nil {
			return total, err
		}
	}
}

// customData reads the <Item>s of a <CustomData> (of Meta, a group or an
// entry).
func (x *xmlDecoder) customData() ([]CustomDataItem, error) {
	var items []CustomDataItem
	err := x.eachItem("Item", func(xml.StartElement) error {
		it, err := x.customDataItem()
		if err == nil {
			items = append(items, it)
		}
		return err
	})
	return items, err
}

func (x *xmlDecoder) customDataItem() (CustomDataItem, error) {
	var it CustomDataItem
	var hasKey, hasValue bool
	err := x.eachChild(func(f xml.StartElement) (err error) {
		switch f.Name.Local {
		case "Key":
			it.Key, _, err = x.value(f)
			hasKey = true
		case "Value":
			it.Value, _, err = x.value(f)
			hasValue = true
		case "LastModificationTime":
			it.Modified, err = x.time()
		}
		return err
	})
	if err != nil {
		return it, err
	}
	if !hasKey || !hasValue {
		return it, fmt.Errorf("%w: custom data item without key or value", errXML)
	}
	return it, nil
}
