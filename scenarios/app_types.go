package scenarios

import (
	"reflect"

	"github.com/goccy/go-yaml/ast"
)

// AppSpec is the app under test, one of three kinds:
//
//	app: reference                         # the seed walkthrough's app
//	app: {reference: {mistakes: [...]}}    # with options and mistakes
//	app: {go: my-model}                    # a Go model (scenarios.Register)
//	app: {policy: {...}}                   # a declarative policy app
type AppSpec struct {
	// Reference is the reference app (the seed walkthrough's
	// SimpleBackgroundTransfer) with its options.
	Reference *RefAppSpec `yaml:"reference"`
	// Go names a Go app model registered with scenarios.Register.
	Go string `yaml:"go"`
	// Policy is a declarative app: what it does in each callback.
	Policy *Policy  `yaml:"policy"`
	Pos    Position `yaml:"-"`
}

func (a *AppSpec) decodeNode(d *decoder, n ast.Node, path string) {
	a.Pos = pos(n.GetToken())
	if s, ok := n.(*ast.StringNode); ok {
		if s.Value != "reference" {
			d.add(n.GetToken(), oneOf(s.Value, []string{"reference"})+` (or a mapping with reference, go or policy)`, "unknown app %q", s.Value)
			return
		}
		a.Reference = &RefAppSpec{}
		return
	}
	d.decodeStruct(n, reflect.ValueOf(a).Elem(), path)
}

// RefAppSpec configures the reference app.
type RefAppSpec struct {
	// ImageURL is what it downloads (https://images.example.com/monkey.png).
	ImageURL string `yaml:"image-url"`
	// Images is how many images it downloads (1 if unset).
	Images int `yaml:"images" jsonschema:"minimum=0"`
	// UploadPhoto also uploads a 2MB photo from a file to
	// https://upload.example.com/photos.
	UploadPhoto bool `yaml:"upload-photo"`
	// DestinationTable keeps where each download goes in a table in user
	// defaults, loaded at launch before the session is made (the fix of
	// state-after-session, M16).
	DestinationTable bool `yaml:"destination-table"`
	// Mistakes switch on mistakes of the M list: forget-completion-handler,
	// call-handler-off-main, ... (bgsim list shows them).
	Mistakes []string `yaml:"mistakes"`
	Pos      Position `yaml:"-"`
}
