package scenarios

import (
	"errors"
	"fmt"
	"os"
	"reflect"
	"unicode/utf8"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
)

// MaxFileSize bounds a scenario file, so a huge input is refused rather
// than read.
const MaxFileSize = 1 << 20

// Load reads and validates the scenario file at path. A file with problems
// gives a *FileError listing all of them, in file order.
func Load(path string) (*Scenario, error) {
	return LoadWith(path, ParseOptions{})
}

// Parse reads and validates a scenario from src; name is the file name
// its messages give. A scenario with problems gives a *FileError listing
// all of them, in file order.
func Parse(name string, src []byte) (*Scenario, error) {
	return ParseWith(name, src, ParseOptions{})
}

// ParseOptions change what LoadWith and ParseWith accept.
type ParseOptions struct {
	// GoModels names Go app models to accept in app: {go: NAME} as if
	// they were registered, for tools that check files without running
	// them (bgsim validate --go-model): a team's own model is registered
	// by its Go code alone. Running such a scenario without registering
	// the model fails with an error, as it always does.
	GoModels []string
}

// LoadWith is Load with options.
func LoadWith(path string, o ParseOptions) (*Scenario, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("scenarios: %w", err)
	}
	return ParseWith(path, src, o)
}

// ParseWith is Parse with options.
func ParseWith(name string, src []byte, o ParseOptions) (*Scenario, error) {
	ps := &problems{file: name, src: src}
	s, err := parse(ps, src, o)
	if err != nil {
		return nil, err
	}
	if err := ps.err(); err != nil {
		return nil, err
	}
	return s, nil
}

// notText finds the first byte that makes src something other than UTF-8
// text: a NUL, or a byte that is not UTF-8 (a binary file, or text saved
// as UTF-16 or Latin-1). It says where, and what the byte is.
func notText(src []byte) (Position, string, bool) {
	line, col := 1, 1
	for i := 0; i < len(src); {
		r, size := utf8.DecodeRune(src[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			return Position{Line: line, Col: col}, fmt.Sprintf("byte 0x%02x is not UTF-8 (a binary file, or text saved as UTF-16 or Latin-1?)", src[i]), true
		case r == 0:
			return Position{Line: line, Col: col}, "it holds a NUL byte (a binary file, or text saved as UTF-16?)", true
		case r == '\n':
			line, col = line+1, 1
		default:
			col++
		}
		i += size
	}
	return Position{}, "", false
}

func parse(ps *problems, src []byte, o ParseOptions) (s *Scenario, err error) {
	if len(src) > MaxFileSize {
		ps.addAt(Position{}, "", "file too large: %d bytes (at most %d)", len(src), MaxFileSize)
		return nil, ps.err()
	}
	if pos, what, ok := notText(src); ok {
		// The YAML parser would make a mapping error of it, with the raw
		// bytes as its excerpt; say what the file is instead.
		ps.addAt(pos, "save it as UTF-8 text", "not a text file: %s", what)
		return nil, ps.err()
	}
	f, err := parseYAML(src)
	if err != nil {
		var syn *yaml.SyntaxError
		if errors.As(err, &syn) {
			msg, hint := syntaxProblem(syn.GetMessage(), src, pos(syn.GetToken()))
			ps.add(syn.GetToken(), hint, "%s", msg)
		} else {
			ps.addAt(Position{Line: 1, Col: 1}, "", "not YAML: %v", err)
		}
		return nil, ps.err()
	}
	var body ast.Node
	for _, doc := range f.Docs {
		if doc == nil || doc.Body == nil {
			continue
		}
		if body != nil {
			ps.add(doc.Body.GetToken(), "put each scenario in a file of its own", "a scenario file holds one YAML document; found another")
			return nil, ps.err()
		}
		body = doc.Body
	}
	if body == nil {
		ps.addAt(Position{Line: 1, Col: 1}, "", "empty file: a scenario needs at least name, app and steps")
		return nil, ps.err()
	}
	s = &Scenario{file: ps.file, src: src}
	d := &decoder{problems: ps, positions: map[string]Position{}}
	d.decodeStruct(body, reflect.ValueOf(s).Elem(), "$")
	s.positions = d.positions
	// Validate what decoded, but say nothing more about a line that
	// already has a problem: a value that did not decode is zero, and
	// "must be set" under "bad duration" would only confuse.
	bad := map[int]bool{}
	for _, p := range ps.list {
		bad[p.Pos.Line] = true
	}
	n := len(ps.list)
	validate(s, ps, o)
	kept := ps.list[:n]
	for _, p := range ps.list[n:] {
		if !bad[p.Pos.Line] {
			kept = append(kept, p)
		}
	}
	ps.list = kept
	return s, nil
}

// parseYAML parses src, turning a panic of the YAML library on hostile
// input into an error: bad input must never crash bgsim.
func parseYAML(src []byte) (f *ast.File, err error) {
	defer func() {
		if r := recover(); r != nil {
			f, err = nil, fmt.Errorf("the YAML parser failed on this input: %v", r)
		}
	}()
	return parser.ParseBytes(src, 0, parser.AllowDuplicateMapKey())
}
