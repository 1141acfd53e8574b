package otp_test

import (
	"fmt"
	"time"

	"github.com/passtea/passtea/otp"
)

func ExampleParseURI() {
	k, err := otp.ParseURI("otpauth://totp/Example:alice@example.com?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Example&digits=8")
	if err != nil {
		fmt.Println(err)
		return
	}
	at := time.Unix(1111111109, 0)
	code, _ := k.Code(at)
	fmt.Println(code, k.SecondsLeft(at), k.Expires(at).Unix())
	fmt.Println(k) // the secret is never printed
	uri, _ := k.URI()
	fmt.Println(uri) // what to store
	// Output:
	// 07081804 1 1111111110
	// otp.Key{Type: totp, Issuer: "Example", Account: "alice@example.com", Algorithm: SHA1, Digits: 8, Period: 30, Counter: 0, Secret: redacted}
	// otpauth://totp/Example:alice@example.com?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Example&algorithm=SHA1&digits=8&period=30
}

func ExampleKey_Next() {
	k, _ := otp.Parse("otpauth://hotp/x?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&counter=0")
	for range 3 {
		code, _ := k.Next()
		// Save k.URI() (the new counter) before showing the code.
		fmt.Println(code, k.Counter)
	}
	// Output:
	// 755224 1
	// 287082 2
	// 359152 3
}

func ExampleParseMigration() {
	m, err := otp.ParseMigration("otpauth-migration://offline?data=CjUKEPqlBekzoNEukL7qlsjBCDYSDnBpQHJhc3BiZXJyeXBpGgtyYXNwYmVycnlwaSABKAEwAhABGAEgACjr4JKK%2B%2F%2F%2F%2F%2F8B")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("code %d of %d\n", m.BatchIndex+1, m.BatchSize)
	for _, k := range m.Keys {
		fmt.Println(k.Type, k.Issuer, k.Account)
	}
	// Output:
	// code 1 of 1
	// totp raspberrypi pi@raspberrypi
}
