package bitwarden

import (
	"encoding/json"
	"time"
)

// The cipher types (bitwarden/clients, CipherType).
const (
	typeLogin          = 1
	typeSecureNote     = 2
	typeCard           = 3
	typeIdentity       = 4
	typeSSHKey         = 5
	typeBankAccount    = 6
	typeDriversLicense = 7
	typePassport       = 8
)

// The custom field types (bitwarden/clients, FieldType).
const (
	fieldText    = 0
	fieldHidden  = 1
	fieldBoolean = 2
	fieldLinked  = 3
)

type folder struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

type item struct {
	ID              string             `json:"id,omitempty"`
	OrganizationID  *string            `json:"organizationId"`
	FolderID        *string            `json:"folderId"`
	Type            int                `json:"type"`
	Reprompt        int                `json:"reprompt"`
	Name            string             `json:"name"`
	Notes           *string            `json:"notes"`
	Favorite        bool               `json:"favorite"`
	Fields          []itemField        `json:"fields,omitempty"`
	Login           *login             `json:"login,omitempty"`
	SecureNote      *secureNote        `json:"secureNote,omitempty"`
	Card            map[string]*string `json:"card,omitempty"`
	Identity        map[string]*string `json:"identity,omitempty"`
	SSHKey          map[string]*string `json:"sshKey,omitempty"`
	BankAccount     json.RawMessage    `json:"bankAccount,omitempty"`
	DriversLicense  json.RawMessage    `json:"driversLicense,omitempty"`
	Passport        json.RawMessage    `json:"passport,omitempty"`
	CollectionIDs   []string           `json:"collectionIds"`
	PasswordHistory []passwordHistory  `json:"passwordHistory"`
	RevisionDate    *time.Time         `json:"revisionDate,omitempty"`
	CreationDate    *time.Time         `json:"creationDate,omitempty"`
	DeletedDate     *time.Time         `json:"deletedDate"`
	ArchivedDate    *time.Time         `json:"archivedDate,omitempty"`
	Attachments     []attachment       `json:"attachments,omitempty"`
}

type itemField struct {
	Name     *string `json:"name"`
	Value    *string `json:"value"`
	Type     int     `json:"type"`
	LinkedID *int    `json:"linkedId"`
}

type login struct {
	URIs             []uri             `json:"uris"`
	Username         *string           `json:"username"`
	Password         *string           `json:"password"`
	TOTP             *string           `json:"totp"`
	Fido2Credentials []fido2Credential `json:"fido2Credentials,omitempty"`
}

type uri struct {
	Match *int   `json:"match"`
	URI   string `json:"uri"`
}

type fido2Credential struct {
	RPID     string `json:"rpId"`
	UserName string `json:"userName"`
}

type secureNote struct {
	Type int `json:"type"`
}

type passwordHistory struct {
	LastUsedDate *time.Time `json:"lastUsedDate"`
	Password     string     `json:"password"`
}

type attachment struct {
	FileName string `json:"fileName"`
	Size     string `json:"size"`
}

func str(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}
