package scenarios

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
	"sync"
)

// catalogFS holds the built-in catalog: one scenario file per story.
//
//go:embed catalog/*.yaml
var catalogFS embed.FS

var catalog struct {
	once sync.Once
	list []*Scenario
	err  error
}

// Catalog returns the built-in scenarios, sorted by name. The files are
// embedded in the binary and parsed once; a catalog file with a problem is
// a bug of bgsim, reported as an error.
func Catalog() ([]*Scenario, error) {
	catalog.once.Do(func() {
		entries, err := fs.ReadDir(catalogFS, "catalog")
		if err != nil {
			catalog.err = fmt.Errorf("scenarios: read the catalog: %w", err)
			return
		}
		var errs []string
		for _, e := range entries {
			name := path.Join("catalog", e.Name())
			src, err := fs.ReadFile(catalogFS, name)
			if err != nil {
				errs = append(errs, err.Error())
				continue
			}
			s, err := Parse(name, src)
			if err != nil {
				errs = append(errs, err.Error())
				continue
			}
			catalog.list = append(catalog.list, s)
		}
		sort.Slice(catalog.list, func(i, j int) bool { return catalog.list[i].Name < catalog.list[j].Name })
		if len(errs) > 0 {
			catalog.err = fmt.Errorf("scenarios: the built-in catalog has problems:\n%s", strings.Join(errs, "\n"))
		}
	})
	return catalog.list, catalog.err
}

// Lookup returns the built-in scenario called name.
func Lookup(name string) (*Scenario, bool) {
	list, _ := Catalog()
	for _, s := range list {
		if s.Name == name {
			return s, true
		}
	}
	return nil, false
}

// CatalogNames lists the names of the built-in scenarios, sorted.
func CatalogNames() []string {
	list, _ := Catalog()
	names := make([]string, len(list))
	for i, s := range list {
		names[i] = s.Name
	}
	return names
}

// OneLine is the scenario's one-line summary: Summary, or the first line
// of Description.
func (s *Scenario) OneLine() string {
	if s.Summary != "" {
		return s.Summary
	}
	line, _, _ := strings.Cut(strings.TrimSpace(s.Description), "\n")
	return line
}
