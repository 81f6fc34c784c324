package simulator

import (
	"fmt"
	"strings"
)

// Names chooses how renderers name the app's callbacks: by their
// Xamarin.iOS names (FinishedLaunching), their Swift names
// (application(_:didFinishLaunchingWithOptions:)), or both. The zero value
// is [NamesXamarin], the names the trace itself records.
//
// Names implements the flag.Value and pflag.Value interfaces, so a command
// line can take it directly:
//
//	var names simulator.Names
//	flags.Var(&names, "names", "callback names: xamarin, swift or both")
type Names uint8

// The ways of naming callbacks.
const (
	NamesXamarin Names = iota // FinishedLaunching
	NamesSwift                // application(_:didFinishLaunchingWithOptions:)
	NamesBoth                 // FinishedLaunching / application(_:didFinishLaunchingWithOptions:)
)

var namesWords = [...]string{NamesXamarin: "xamarin", NamesSwift: "swift", NamesBoth: "both"}

// NamesValues lists the words [ParseNames] accepts, in the order of the
// constants.
func NamesValues() []string { return namesWords[:] }

// ParseNames reads "xamarin", "swift" or "both".
func ParseNames(s string) (Names, error) {
	for i, w := range namesWords {
		if strings.EqualFold(s, w) {
			return Names(i), nil
		}
	}
	return NamesXamarin, fmt.Errorf("simulator: unknown names %q; choose %s", s, strings.Join(namesWords[:], ", "))
}

// String returns the word for n: "xamarin", "swift" or "both".
func (n Names) String() string {
	if int(n) < len(namesWords) {
		return namesWords[n]
	}
	return fmt.Sprintf("Names(%d)", uint8(n))
}

// Set parses s into n (flag.Value).
func (n *Names) Set(s string) error {
	v, err := ParseNames(s)
	if err != nil {
		return err
	}
	*n = v
	return nil
}

// Type names the flag's value in help texts (pflag.Value).
func (n *Names) Type() string { return "names" }

// Callback names c the way n asks. A value that is not one of the
// [Callback] constants has no Swift name and is shown as it is.
func (n Names) Callback(c Callback) string {
	switch {
	case n == NamesSwift:
		return c.Swift()
	case n == NamesBoth && c.Known():
		return c.Xamarin() + " / " + c.Swift()
	}
	return c.Xamarin()
}

// Rewrite replaces, in a text written with Xamarin names (a timeline line,
// a narration), every whole-word callback name by its name under n. With
// [NamesXamarin] it returns s unchanged.
func (n Names) Rewrite(s string) string {
	if n == NamesXamarin {
		return s
	}
	var b strings.Builder
	i := 0
	for i < len(s) {
		if !isIdentByte(s[i]) {
			b.WriteByte(s[i])
			i++
			continue
		}
		j := i
		for j < len(s) && isIdentByte(s[j]) {
			j++
		}
		word := s[i:j]
		if c := Callback(word); c.Known() {
			b.WriteString(n.Callback(c))
		} else {
			b.WriteString(word)
		}
		i = j
	}
	return b.String()
}

func isIdentByte(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}
