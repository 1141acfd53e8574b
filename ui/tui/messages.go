package tui

// This file holds the messages screens send the root, and the commands on
// the vault that more than one screen starts.

import (
	tea "charm.land/bubbletea/v2"

	"github.com/passtea/passtea/vault"
)

// Requests of the screens to the root (see common.request).
type (
	// navigateMsg asks the root to show another screen.
	navigateMsg struct {
		to    screen
		id    vault.ID // the entry, for screenEntry and screenForm (edit)
		isNew bool     // screenForm: a new entry
	}
	// backMsg asks the root to go back from the active screen.
	backMsg struct{}
	// lockRequestedMsg asks the root to lock the vault now.
	lockRequestedMsg struct{}
	// quitRequestedMsg asks the root to clear the clipboard and quit.
	quitRequestedMsg struct{}
)

// Results of the commands on the vault.
type (
	// vaultFileReadMsg carries the result of reading the vault file at start.
	vaultFileReadMsg struct {
		file *vault.File
		err  error
	}
	// vaultRefreshedMsg carries the entries after a refresh from disk.
	vaultRefreshedMsg struct {
		entries []vault.Entry
		err     error
	}
	// entryDeletedMsg says an entry was deleted, or why not.
	entryDeletedMsg struct {
		name    string
		entries []vault.Entry
		err     error
	}
)

func readFileCmd(path string, opts *vault.Options) tea.Cmd {
	return func() tea.Msg {
		f, err := vault.ReadFile(path, opts)
		return vaultFileReadMsg{file: f, err: err}
	}
}

// refreshCmd folds in what other passtea processes saved.
func (c *common) refreshCmd() tea.Cmd {
	v := c.vault
	if v == nil {
		return nil
	}
	c.busy = true
	return func() tea.Msg {
		err := v.Refresh()
		return vaultRefreshedMsg{entries: v.Entries(), err: err}
	}
}

// deleteCmd deletes the entry e (from the list or its own screen).
func (c *common) deleteCmd(e vault.Entry) tea.Cmd {
	v := c.vault
	c.busy = true
	return func() tea.Msg {
		err := v.Delete(e.ID)
		return entryDeletedMsg{name: e.Name, entries: v.Entries(), err: err}
	}
}
