package simulator

import (
	"fmt"
	"strings"
)

// Names chooses how renderers name the app's callbacks and the platform
// methods their texts mention: by their Xamarin.iOS names
// (FinishedLaunching, CreateDownloadTask), their Swift names
// (application(_:didFinishLaunchingWithOptions:), downloadTask(with:)), or
// both. The zero value is [NamesXamarin].
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

// apiName is a platform method or property the texts name that is not a
// callback: its Xamarin.iOS and its Swift name.
type apiName struct{ xamarin, swift string }

// apiNames maps the words the texts use for the platform's methods (most
// are the appmodel method's name, a Go name that is neither Xamarin's nor
// Swift's) to their Xamarin.iOS and Swift names.
var apiNames = func() map[string]apiName {
	download := apiName{"CreateDownloadTask", "downloadTask(with:)"}
	resume := apiName{"CreateDownloadTaskFromResumeData", "downloadTask(withResumeData:)"}
	upload := apiName{"CreateUploadTask", "uploadTask(with:fromFile:)"}
	data := apiName{"CreateDataTask", "dataTask(with:)"}
	allTasks := apiName{"GetAllTasks", "getAllTasks(completionHandler:)"}
	m := map[string]apiName{
		"InvokeOnMainThread":               {"InvokeOnMainThread", "DispatchQueue.main.async"},
		"DownloadTask":                     download,
		"CreateDownloadTask":               download,
		"DownloadTaskWithResumeData":       resume,
		"CreateDownloadTaskFromResumeData": resume,
		"UploadTask":                       upload,
		"CreateUploadTask":                 upload,
		"DataTask":                         data,
		"CreateDataTask":                   data,
		"getAllTasks":                      allTasks,
		"GetAllTasks":                      allTasks,
		"BeginBackgroundTask":              {"BeginBackgroundTask", "beginBackgroundTask(withName:expirationHandler:)"},
		"EndBackgroundTask":                {"EndBackgroundTask", "endBackgroundTask(_:)"},
		"FinishTasksAndInvalidate":         {"FinishTasksAndInvalidate", "finishTasksAndInvalidate()"},
		"InvalidateAndCancel":              {"InvalidateAndCancel", "invalidateAndCancel()"},
		"CancelByProducingResumeData":      {"CancelByProducingResumeData", "cancel(byProducingResumeData:)"},
	}
	// Properties of the session's configuration and of a task, which the
	// texts name as Xamarin.iOS spells them (Swift's start in lower case).
	for _, p := range []string{"SessionSendsLaunchEvents", "EarliestBeginDate", "TimeoutIntervalForRequest",
		"TimeoutIntervalForResource", "SharedContainerIdentifier", "TaskDescription"} {
		a := apiName{p, strings.ToLower(p[:1]) + p[1:]}
		m[a.xamarin], m[a.swift] = a, a
	}
	return m
}()

// word names the callback or platform method w the way n asks, or
// reports false for any other word.
func (n Names) word(w string) (string, bool) {
	if c, ok := callbackByName[w]; ok {
		return n.Callback(c), true
	}
	a, ok := apiNames[w]
	if !ok {
		return "", false
	}
	switch n {
	case NamesSwift:
		return a.swift, true
	case NamesBoth:
		return a.xamarin + " / " + a.swift, true
	}
	return a.xamarin, true
}

// Rewrite replaces, in a text bgsim wrote (a timeline line, a narration,
// a fix), every whole-word name of a callback or of a platform method by
// its name under n: with [NamesXamarin] the Xamarin.iOS names
// (HandleEventsForBackgroundURL becomes HandleEventsForBackgroundUrl,
// DownloadTaskWithResumeData CreateDownloadTaskFromResumeData), with
// [NamesSwift] the Swift ones (InvokeOnMainThread becomes
// DispatchQueue.main.async).
//
// A word inside double quotes (a task's description, a quoted message)
// or joined to its neighbours by a dot or a slash (a session identifier,
// a URL, a path) is the app's, not a method's, and is left as it is.
func (n Names) Rewrite(s string) string {
	var b strings.Builder
	quoted := false
	i := 0
	for i < len(s) {
		if !isIdentByte(s[i]) {
			if s[i] == '"' && (i == 0 || s[i-1] != '\\') {
				quoted = !quoted
			}
			b.WriteByte(s[i])
			i++
			continue
		}
		j := i
		for j < len(s) && isIdentByte(s[j]) {
			j++
		}
		word := s[i:j]
		joined := i > 0 && (s[i-1] == '.' || s[i-1] == '/') ||
			j+1 < len(s) && (s[j] == '.' || s[j] == '/') && isIdentByte(s[j+1])
		if name, ok := n.word(word); ok && !quoted && !joined {
			b.WriteString(name)
			if strings.HasSuffix(name, ")") && j < len(s) && s[j] == '(' {
				// A Swift selector ends in its own parentheses: the
				// arguments after it are set apart, not read as a
				// second call.
				b.WriteByte(' ')
			}
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
