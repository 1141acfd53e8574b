package onepassword

import (
	"encoding/json"
	"sync"
)

type vaultAttrs struct {
	Name string `json:"name"`
}

type item struct {
	UUID         string   `json:"uuid"`
	FavIndex     int      `json:"favIndex"`
	CreatedAt    int64    `json:"createdAt"`
	UpdatedAt    int64    `json:"updatedAt"`
	Trashed      bool     `json:"trashed"`
	State        string   `json:"state"`
	CategoryUUID string   `json:"categoryUuid"`
	Details      details  `json:"details"`
	Overview     overview `json:"overview"`
}

type details struct {
	LoginFields        []loginField      `json:"loginFields"`
	NotesPlain         string            `json:"notesPlain"`
	Sections           []section         `json:"sections"`
	PasswordHistory    []passwordHistory `json:"passwordHistory"`
	DocumentAttributes *fileAttrs        `json:"documentAttributes"`
	Password           string            `json:"password"`
}

type loginField struct {
	Value       string `json:"value"`
	ID          string `json:"id"`
	Name        string `json:"name"`
	FieldType   string `json:"fieldType"`
	Designation string `json:"designation"`
}

type section struct {
	Title  string         `json:"title"`
	Name   string         `json:"name"`
	Fields []sectionField `json:"fields"`
}

type sectionField struct {
	Title string                     `json:"title"`
	ID    string                     `json:"id"`
	Value map[string]json.RawMessage `json:"value"`
}

// passwordHistory is {"value": "…", "time": SECONDS}; some writers nest
// the value as {"password": "…"}, which is read too.
type passwordHistory struct {
	Value json.RawMessage `json:"value"`
	Time  int64           `json:"time"`
}

type fileAttrs struct {
	FileName      string `json:"fileName"`
	DocumentID    string `json:"documentId"`
	DecryptedSize int64  `json:"decryptedSize"`
}

type overview struct {
	Title string `json:"title"`
	URL   string `json:"url"`
	URLs  []struct {
		Label string `json:"label"`
		URL   string `json:"url"`
	} `json:"urls"`
	Tags []string `json:"tags"`
}

// categories name 1Password's item categories (categoryUuid); made on
// first use.
var categories = sync.OnceValue(func() map[string]string {
	return map[string]string{
		"001": "login", "002": "card", "003": "secure note", "004": "identity", "005": "password",
		"006": "document", "100": "software license", "101": "bank account", "102": "database",
		"103": "driver's license", "104": "outdoor license", "105": "membership", "106": "passport",
		"107": "reward program", "108": "social security number", "109": "wireless router",
		"110": "server", "111": "email account", "112": "API credential", "113": "medical record",
		"114": "SSH key", "115": "crypto wallet",
	}
})
