// Package frequency is github.com/ccojocar/zxcvbn-go/frequency v1.0.4 with its
// word lists built on first use instead of at process start; see ../README.md.
package frequency
