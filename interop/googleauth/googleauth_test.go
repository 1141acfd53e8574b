package googleauth

import (
	"errors"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/passtea/passtea/interop"
)

func TestReadExport(t *testing.T) {
	data, err := os.ReadFile("testdata/export.txt")
	if err != nil {
		t.Fatal(err)
	}
	im, err := Read(data, interop.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var names, places []string
	for _, e := range im.Entries {
		names = append(names, e.Name)
		places = append(places, e.Place)
		if e.Kind != interop.OneTimeCode || !strings.HasPrefix(e.OTP, "otpauth://totp/") {
			t.Errorf("%+v", e)
		}
	}
	want := []string{"raspberrypi (pi@raspberrypi)", "SerenityLabs (test1@serenitylabs.co.uk)", "SerenityLabs (test2@serenitylabs.co.uk)",
		"SerenityLabs (test3@serenitylabs.co.uk)", "SerenityLabs (test4@serenitylabs.co.uk)", "Example (alice@example.com)"}
	if !slices.Equal(names, want) {
		t.Errorf("names %q", names)
	}
	if places[1] != "line 3, account 1" || places[5] != "line 5" {
		t.Errorf("places %q", places)
	}
	if im.Entries[0].Username != "pi@raspberrypi" {
		t.Errorf("username %q", im.Entries[0].Username)
	}
}

func TestReadImage(t *testing.T) {
	f, err := os.Open("../../otp/qr/testdata/export-phone.png")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	im, err := ReadImage(f, interop.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(im.Entries) == 0 || !strings.HasPrefix(im.Entries[0].Place, "QR code") {
		t.Errorf("%+v", im.Entries)
	}
}

func TestReadErrors(t *testing.T) {
	for in, want := range map[string]string{
		"otpauth://totp/x?secret=JBSWY3DPEHPK3PXP\nhello\n": "line 2: neither",
		"otpauth-migration://offline?data=!!!":              "line 1: invalid one-time code",
		"otpauth://totp/x?secret=1\n":                       "line 1:",
		"\n# nothing\n":                                     "no one-time codes",
	} {
		_, err := Read([]byte(in), interop.Options{})
		if err == nil || !strings.HasPrefix(err.Error(), want) && !errors.Is(err, interop.ErrEmpty) {
			t.Errorf("%q: %v, want %q", in, err, want)
		}
	}
	// The same account twice is imported once.
	im, err := Read([]byte("otpauth://totp/x?secret=JBSWY3DPEHPK3PXP\notpauth://totp/x?secret=JBSWY3DPEHPK3PXP\n"), interop.Options{})
	if err != nil || len(im.Entries) != 1 || len(im.Skipped) != 1 {
		t.Errorf("%v %+v", err, im)
	}
}
