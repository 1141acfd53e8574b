package hibp_test

import (
	"fmt"
	"log"

	"github.com/passtea/passtea/generator/strength"
	"github.com/passtea/passtea/generator/strength/hibp"
)

func ExampleOpen() {
	// testdata holds real SHA-1s of well-known passwords, made-up counts.
	list, err := hibp.Open("testdata/pwned-sha1.txt")
	if err != nil {
		log.Fatal(err)
	}
	defer list.Close()
	n, err := list.Count("letmein")
	fmt.Println(n, err)
	fmt.Println(strength.CheckMaster("correct horse battery staple", list))
	// Output:
	// 1102400 <nil>
	// master password is in a list of breached passwords: attackers try those first
}
