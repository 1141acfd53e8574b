// Package scoring is github.com/ccojocar/zxcvbn-go/scoring v1.0.4, unchanged
// but for using the copied entropy package; see ../README.md.
package scoring
