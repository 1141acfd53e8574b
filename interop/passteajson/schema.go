package passteajson

import "time"

// Format and Version identify the export.
const (
	Format  = "passtea-export"
	Version = 1
)

// file is the top-level object.
type file struct {
	Format   string     `json:"format"`
	Version  int        `json:"version"`
	Exported *time.Time `json:"exported,omitempty"`
}

// entry is one ENTRY of the schema.
type entry struct {
	Name     string     `json:"name"`
	Username string     `json:"username,omitempty"`
	URLs     []string   `json:"urls,omitempty"`
	Tags     []string   `json:"tags,omitempty"`
	Password string     `json:"password,omitempty"`
	Notes    string     `json:"notes,omitempty"`
	OTP      string     `json:"otp,omitempty"`
	Fields   []field    `json:"fields,omitempty"`
	History  []oldValue `json:"history,omitempty"`
	Accepted []string   `json:"accepted,omitempty"`
	Created  *time.Time `json:"created,omitempty"`
	Modified *time.Time `json:"modified,omitempty"`
}

type field struct {
	Name      string `json:"name"`
	Value     string `json:"value"`
	Concealed bool   `json:"concealed,omitempty"`
}

// oldValue is one OLD of the schema.
type oldValue struct {
	Kind      string     `json:"kind"`
	Field     string     `json:"field,omitempty"`
	Value     *string    `json:"value,omitempty"`
	Values    []string   `json:"values,omitempty"`
	Concealed bool       `json:"concealed,omitempty"`
	Removed   bool       `json:"removed,omitempty"`
	Set       *time.Time `json:"set,omitempty"`
	Replaced  *time.Time `json:"replaced,omitempty"`
}
