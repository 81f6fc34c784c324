package bdd_test

import (
	. "github.com/onsi/ginkgo/v2"

	"github.com/bgsim/bgsim/appmodel"
	"github.com/bgsim/bgsim/fakes"
	"github.com/bgsim/bgsim/scenarios/bdd"
)

// refResources is what the reference app needs served.
func refResources() map[string]fakes.Resource {
	return map[string]fakes.Resource{
		appmodel.RefImageURL:  {Size: 3_000_000, ETag: `"monkey-v1"`, AcceptRanges: true},
		appmodel.RefUploadURL: {Size: 200, Status: 201},
	}
}

var _ = Describe("the conformance kit on the reference app", func() {
	bdd.ItBehavesLikeABackgroundTransferApp(appmodel.NewRefApp(appmodel.RefOptions{Images: 3, UploadPhoto: true}), bdd.AppOptions{
		Session:   appmodel.RefSessionIdentifier,
		Resources: refResources(),
	})
})
