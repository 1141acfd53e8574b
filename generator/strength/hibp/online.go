package hibp

// This file asks the Pwned Passwords range API, only when the user asked
// for it.

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
)

// DefaultBaseURL is the Pwned Passwords API.
const DefaultBaseURL = "https://api.pwnedpasswords.com"

// maxResponse bounds the answer read for one range: a padded range is
// about 40 KB today.
const maxResponse = 4 << 20

// Client looks passwords up with the Pwned Passwords range API
// (k-anonymity). For each password it sends the first 5 hex characters of
// the password's SHA-1, and nothing else about it; the answer is every
// breached hash with that prefix, padded, and the match is made here.
// Use it only when the user asked to go online (passtea never does by
// default). The zero Client is ready to use and safe for concurrent use.
type Client struct {
	// BaseURL is the API's address, DefaultBaseURL when empty.
	BaseURL string
	// HTTPClient makes the requests; nil means one with a 15 s timeout.
	HTTPClient *http.Client
}

var defaultHTTPClient = &http.Client{Timeout: 15 * time.Second}

// Count reports how often password appears in breaches, 0 when it does
// not, sending the first 5 hex characters of its SHA-1.
func (c *Client) Count(ctx context.Context, password string) (int64, error) {
	return c.CountHash(ctx, HashOf(password))
}

// CountHash is [Client.Count] for a password's SHA-1; it sends h.Prefix().
func (c *Client) CountHash(ctx context.Context, h Hash) (int64, error) {
	base := c.BaseURL
	if base == "" {
		base = DefaultBaseURL
	}
	hc := c.HTTPClient
	if hc == nil {
		hc = defaultHTTPClient
	}
	prefix := h.Prefix()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, strings.TrimSuffix(base, "/")+"/range/"+prefix, nil)
	if err != nil {
		return 0, fmt.Errorf("pwned passwords: %w", err)
	}
	req.Header.Set("Add-Padding", "true")
	req.Header.Set("User-Agent", "passtea")
	resp, err := hc.Do(req)
	if err != nil {
		return 0, fmt.Errorf("pwned passwords: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return 0, fmt.Errorf("pwned passwords: range %s: %s", prefix, resp.Status)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxResponse+1))
	if err != nil {
		return 0, fmt.Errorf("pwned passwords: range %s: %w", prefix, err)
	}
	if len(body) > maxResponse {
		return 0, fmt.Errorf("pwned passwords: range %s: answer larger than %d bytes", prefix, maxResponse)
	}
	n, err := rangeCount(body, []byte(h.String()[prefixLen:]))
	if err != nil {
		return 0, fmt.Errorf("pwned passwords: range %s: %w", prefix, err)
	}
	return n, nil
}

// rangeCount finds suffix in a range answer ("SUFFIX:COUNT" lines, CRLF),
// checking every line; padding lines have a count of 0.
func rangeCount(body, suffix []byte) (int64, error) {
	s := &sortedLines{keyLen: len(suffix)}
	var key [40]byte
	var found int64
	sc := bufio.NewScanner(bytes.NewReader(body))
	sc.Buffer(make([]byte, maxLine), maxLine)
	var off int64
	for sc.Scan() {
		line := sc.Bytes()
		if len(bytes.TrimSpace(line)) > 0 {
			n, err := s.parse(line, off, key[:s.keyLen])
			if err != nil {
				var fe *FormatError
				errors.As(err, &fe)
				return 0, fmt.Errorf("malformed answer at byte %d: %s", off, fe.Reason)
			}
			if bytes.Equal(key[:s.keyLen], suffix) {
				found = n
			}
		}
		off += int64(len(line)) + 1
	}
	if err := sc.Err(); err != nil {
		return 0, fmt.Errorf("malformed answer at byte %d: line longer than %d bytes", off, maxLine)
	}
	return found, nil
}
