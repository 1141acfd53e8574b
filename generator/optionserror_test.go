package generator

import (
	"errors"
	"testing"
)

func TestOptionsErrorKinds(t *testing.T) {
	none := DefaultOptions()
	none.Lower, none.Upper, none.Digits, none.Symbols = false, false, false, false
	short := DefaultOptions()
	short.Length = 3
	excluded := DefaultOptions()
	excluded.Exclude = DigitChars
	long := DefaultOptions()
	long.Length = MaxLength + 1
	for _, tc := range []struct {
		name string
		opts Options
		kind error
	}{
		{"every class off", none, ErrNoClass},
		{"shorter than the classes", short, ErrRequirement},
		{"a required class excluded", excluded, ErrRequirement},
		{"too long", long, nil},
	} {
		err := Validate(tc.opts)
		var oe *OptionsError
		if !errors.As(err, &oe) {
			t.Fatalf("%s: %v is not an *OptionsError", tc.name, err)
		}
		for _, k := range []error{ErrNoClass, ErrRequirement} {
			if got := errors.Is(err, k); got != (k == tc.kind) {
				t.Errorf("%s: errors.Is(%v, %v) = %v", tc.name, err, k, got)
			}
		}
	}
}
