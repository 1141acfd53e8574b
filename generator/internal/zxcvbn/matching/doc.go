// Package matching is github.com/ccojocar/zxcvbn-go/matching v1.0.4 with its
// matchers built on first use instead of at process start; see ../README.md.
package matching
