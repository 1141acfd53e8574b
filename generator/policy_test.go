package generator

import (
	"slices"
	"strings"
	"testing"
)

func TestPolicyViolations(t *testing.T) {
	all := Policy{MinLength: 8, MaxLength: 12, Lower: true, Upper: true, Digit: true, Special: true, MinScore: 3}
	for _, tc := range []struct {
		name  string
		p     Policy
		pw    string
		score int
		want  []string
	}{
		{"no rules", Policy{}, "", 0, nil},
		{"complies", all, "aB3!aB3!", 3, nil},
		{"short", all, "aB3!", 4, []string{"shorter than 8 characters"}},
		{"long", all, "aB3!aB3!aB3!x", 4, []string{"longer than 12 characters"}},
		{"code points, not bytes", Policy{MinLength: 4, MaxLength: 4}, "éééé", 0, nil},
		{"classes", all, "aaaaaaaa", 4, []string{"no uppercase letter", "no digit", "no special character"}},
		{"any script", all, "ßΩ٣ ßΩ٣ ", 4, nil},
		{"score", all, "aB3!aB3!", 2, []string{"strength 2 of 4 is below the required 3"}},
		{"all at once", all, "", 0, []string{
			"shorter than 8 characters", "no lowercase letter", "no uppercase letter",
			"no digit", "no special character", "strength 0 of 4 is below the required 3",
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := tc.p.Violations(tc.pw, tc.score)
			if !slices.Equal(got, tc.want) {
				t.Errorf("Violations(%q) = %q, want %q", tc.pw, got, tc.want)
			}
			for _, v := range got {
				if tc.pw != "" && strings.Contains(v, tc.pw) {
					t.Errorf("%q quotes the password", v)
				}
			}
		})
	}
}
