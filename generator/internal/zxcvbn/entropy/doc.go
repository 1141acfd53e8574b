// Package entropy is github.com/ccojocar/zxcvbn-go/entropy v1.0.4 with its
// keypad statistics built on first use instead of at process start; see
// ../README.md.
package entropy
