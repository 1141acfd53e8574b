package clipboard

import "sync"

// Memory is a Clipboard in memory, for tests. The zero Memory is empty;
// it is safe for concurrent use.
type Memory struct {
	mu      sync.Mutex
	content string
	// ReadErr and WriteErr, when set, are returned by Read and Write.
	ReadErr, WriteErr error
	writes            int
}

var _ Clipboard = (*Memory)(nil)

// Write replaces the content, or returns WriteErr.
func (m *Memory) Write(s string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.WriteErr != nil {
		return m.WriteErr
	}
	m.content = s
	m.writes++
	return nil
}

// Read returns the content, or ReadErr.
func (m *Memory) Read() (string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.ReadErr != nil {
		return "", m.ReadErr
	}
	return m.content, nil
}

// Writes returns how many writes succeeded.
func (m *Memory) Writes() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.writes
}
