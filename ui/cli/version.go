package cli

import (
	"runtime/debug"
	"strings"
)

// version is passtea's version, from the build information Go records: the
// module version for `go install …@v1.2.3`, else the commit the binary was
// built from ("devel 3f2a9c1 2026-03-14T15:09:26Z, modified").
func version() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "unknown (no build information)"
	}
	return formatVersion(bi)
}

func formatVersion(bi *debug.BuildInfo) string {
	if v := bi.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	var rev, when string
	var modified bool
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.time":
			when = s.Value
		case "vcs.modified":
			modified = s.Value == "true"
		}
	}
	if rev == "" {
		return "devel"
	}
	parts := []string{rev[:min(len(rev), 12)]}
	if when != "" {
		parts = append(parts, when)
	}
	out := "devel " + strings.Join(parts, " ")
	if modified {
		out += ", modified"
	}
	return out
}
