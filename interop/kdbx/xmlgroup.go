// Reading <Root>: the group tree, the times and tags groups and entries
// share, and deleted objects.

package kdbx

import (
	"encoding/xml"
	"fmt"
)

func (x *xmlDecoder) root() error {
	return x.eachChild(func(el xml.StartElement) (err error) {
		switch el.Name.Local {
		case "Group":
			if x.db.Root != nil {
				return fmt.Errorf("%w: more than one root group", errXML)
			}
			x.db.Root, err = x.group()
		case "DeletedObjects":
			err = x.eachItem("DeletedObject", x.deletedObject)
		}
		return err
	})
}

func (x *xmlDecoder) group() (*Group, error) {
	if err := count(&x.groups, 1, x.lim.MaxGroups, "groups"); err != nil {
		return nil, err
	}
	g := &Group{}
	err := x.eachChild(func(el xml.StartElement) (err error) {
		switch el.Name.Local {
		case "UUID":
			g.UUID, err = x.uuid()
		case "Name":
			g.Name, _, err = x.value(el)
		case "Notes":
			g.Notes, _, err = x.value(el)
		case "IconID":
			g.IconID, err = x.number()
		case "CustomIconUUID":
			g.CustomIcon, err = x.uuid()
		case "Times":
			g.Times, err = x.times()
		case "Tags":
			g.Tags, err = x.tags()
		case "CustomData":
			g.CustomData, err = x.customData()
		case "Group":
			var c *Group
			if c, err = x.group(); err == nil {
				g.Groups = append(g.Groups, c)
			}
		case "Entry":
			var e *Entry
			if e, err = x.entry(false); err == nil {
				g.Entries = append(g.Entries, e)
			}
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	return g, nil
}

func (x *xmlDecoder) tags() ([]string, error) {
	s, err := x.text()
	if err != nil {
		return nil, err
	}
	tags := splitTags(s)
	return tags, x.countItems(len(tags))
}

func (x *xmlDecoder) times() (Times, error) {
	var t Times
	err := x.eachChild(func(el xml.StartElement) (err error) {
		switch el.Name.Local {
		case "CreationTime":
			t.Created, err = x.time()
		case "LastModificationTime":
			t.Modified, err = x.time()
		case "LastAccessTime":
			t.Accessed, err = x.time()
		case "ExpiryTime":
			t.Expiry, err = x.time()
		case "Expires":
			t.Expires, err = x.bool()
		case "UsageCount":
			t.UsageCount, err = x.number()
		case "LocationChanged":
			t.LocationChanged, err = x.time()
		}
		return err
	})
	return t, err
}

// deletedObject reads one <DeletedObject> of <DeletedObjects>, keeping it
// when it names a UUID.
func (x *xmlDecoder) deletedObject(xml.StartElement) error {
	var d DeletedObject
	err := x.eachChild(func(f xml.StartElement) (err error) {
		switch f.Name.Local {
		case "UUID":
			d.UUID, err = x.uuid()
		case "DeletionTime":
			d.Deleted, err = x.time()
		}
		return err
	})
	if err != nil {
		return err
	}
	if !d.UUID.IsZero() {
		x.db.DeletedObjects = append(x.db.DeletedObjects, d)
	}
	return nil
}
