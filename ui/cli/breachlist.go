package cli

// This file opens the offline Pwned Passwords list that audit, serve and
// the master-password checks use: the one named by --hibp, else the one
// remembered for later runs (package ui/breachlist keeps the setting).

import (
	"fmt"

	"github.com/passtea/passtea/generator/strength"
	"github.com/passtea/passtea/generator/strength/hibp"
	"github.com/passtea/passtea/ui/breachlist"
)

// openBreachList opens the list named by flag, else the remembered one;
// it returns nil (and no error) when there is neither. A list named by
// flag that opens is remembered, and the user is told once; the flag
// "none" forgets the remembered list.
func openBreachList(e *env, flag string) (*hibp.List, error) {
	if flag == "none" {
		return nil, breachlist.Forget(e.getenv)
	}
	path := flag
	if path == "" {
		var err error
		if path, err = breachlist.Remembered(e.getenv); err != nil || path == "" {
			return nil, err
		}
	}
	l, err := hibp.Open(path)
	if err != nil {
		if flag == "" {
			return nil, fmt.Errorf("%w (the list remembered from an earlier --hibp: name another with --hibp FILE, or forget it with --hibp none)", err)
		}
		return nil, err
	}
	if flag != "" {
		abs, changed, err := breachlist.Remember(e.getenv, flag)
		if err != nil {
			fmt.Fprintf(e.stderr, "passtea: warning: %v\n", err)
		} else if changed {
			fmt.Fprintf(e.stderr, "passtea: remembered %s as the breached-password list for audit, serve and new master passwords (--hibp none forgets it)\n", quotePath(abs))
		}
	}
	return l, nil
}

// masterBreachList is the remembered list for the master-password checks,
// or nil. A list that no longer opens is reported and skipped: it must not
// stop the user from setting a password, and the other checks still run.
func masterBreachList(e *env) (strength.BreachList, func()) {
	l, err := openBreachList(e, "")
	if err != nil {
		fmt.Fprintf(e.stderr, "passtea: warning: not checking the list of breached passwords: %v\n", err)
		return nil, func() {}
	}
	if l == nil {
		return nil, func() {}
	}
	return l, func() { l.Close() }
}

// quotePath quotes a path for a message.
func quotePath(p string) string { return fmt.Sprintf("%q", p) }
