// Package adjacency is github.com/ccojocar/zxcvbn-go/adjacency v1.0.4 with its
// keyboard graphs built on first use instead of at process start; see
// ../README.md.
package adjacency
