package explore_test

import (
	"os"
	"strings"
	"testing"
)

// docs/exploration.md explores docs/exploration/photo-sync.yaml and shows
// the report; the file must stay the one this package's tests explore
// (testdata/photo-sync-latent-m15.yaml), only named as the page names it.
func TestDocsPhotoSyncIsTheTestedFile(t *testing.T) {
	doc, err := os.ReadFile("../../docs/exploration/photo-sync.yaml")
	if err != nil {
		t.Fatal(err)
	}
	tested, err := os.ReadFile("testdata/photo-sync-latent-m15.yaml")
	if err != nil {
		t.Fatal(err)
	}
	want := strings.NewReplacer(
		"$schema=../../schema/", "$schema=../../scenarios/schema/",
		"\nname: photo-sync-latent-m15\n", "\nname: photo-sync\n",
	).Replace(string(tested))
	if string(doc) != want {
		t.Errorf("docs/exploration/photo-sync.yaml is not testdata/photo-sync-latent-m15.yaml named photo-sync; copy it again:\n%s", want)
	}
}
