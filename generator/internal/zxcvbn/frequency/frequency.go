// Copied from github.com/ccojocar/zxcvbn-go v1.0.4, frequency/frequency.go
// (MIT licence: ../LICENSE.txt). Changed for passtea: the word lists are
// decoded on the first call of Lists (a function; it was a variable filled by
// init).

package frequency

import (
	"encoding/json"
	"log"
	"sync"

	"github.com/ccojocar/zxcvbn-go/data"
)

// List holds a frequency list
type List struct {
	Name string
	List []string
}

// lists holds all the frequency list in a map
var lists = make(map[string]List)

var loadOnce sync.Once

// Lists returns all the frequency lists in a map, loading them on the first
// call. The caller must not modify it.
func Lists() map[string]List {
	loadOnce.Do(load)
	return lists
}

func load() {
	maleFilePath := getAsset("data/MaleNames.json")
	femaleFilePath := getAsset("data/FemaleNames.json")
	surnameFilePath := getAsset("data/Surnames.json")
	englishFilePath := getAsset("data/English.json")
	passwordsFilePath := getAsset("data/Passwords.json")

	lists["MaleNames"] = getStringListFromAsset(maleFilePath, "MaleNames")
	lists["FemaleNames"] = getStringListFromAsset(femaleFilePath, "FemaleNames")
	lists["Surname"] = getStringListFromAsset(surnameFilePath, "Surname")
	lists["English"] = getStringListFromAsset(englishFilePath, "English")
	lists["Passwords"] = getStringListFromAsset(passwordsFilePath, "Passwords")
}

func getAsset(name string) []byte {
	data, err := data.Asset(name)
	if err != nil {
		panic("Error getting asset " + name)
	}

	return data
}

func getStringListFromAsset(data []byte, name string) List {
	var tempList List
	err := json.Unmarshal(data, &tempList)
	if err != nil {
		log.Fatal(err)
	}
	tempList.Name = name
	return tempList
}
