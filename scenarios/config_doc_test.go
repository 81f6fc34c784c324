package scenarios

import (
	"go/parser"
	"go/token"
	"sort"
	"strings"
	"testing"
)

// The package doc and ConfigOverrides' doc say config reaches every field
// of simulator.Config: they must name the fields it does not reach
// (configNotSettable), or the claim is false.
func TestConfigDocsNameTheFieldsConfigCannotSet(t *testing.T) {
	fset := token.NewFileSet()
	pkg, err := parser.ParseFile(fset, "doc.go", nil, parser.ParseComments|parser.PackageClauseOnly)
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := parser.ParseFile(fset, "config.go", nil, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	docs := map[string]string{"the package doc": pkg.Doc.Text()}
	for _, c := range cfg.Comments {
		if strings.HasPrefix(c.Text(), "ConfigOverrides ") {
			docs["ConfigOverrides' doc"] = c.Text()
		}
	}
	if len(docs) != 2 {
		t.Fatalf("found %d of the two docs", len(docs))
	}
	var fields []string
	for f := range configNotSettable {
		fields = append(fields, f)
	}
	sort.Strings(fields)
	for what, text := range docs {
		text = strings.Join(strings.Fields(text), " ")
		if !strings.Contains(text, "every field") && !strings.Contains(text, "Every exported field") {
			t.Errorf("%s no longer says config reaches every field: %q", what, text)
		}
		for _, f := range fields {
			if !strings.Contains(text, " "+f+" ") && !strings.Contains(text, " "+f+",") {
				t.Errorf("%s does not name %s, which config cannot set", what, f)
			}
		}
	}
}
