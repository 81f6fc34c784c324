package browsertest_test

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/bgsim/bgsim/scenarios/internal/browsertest"
)

// browser starts headless Chromium for a test, or skips the test when there
// is none, except in CI (CI=true), where a missing browser is a failure.
func browser(t *testing.T) context.Context {
	t.Helper()
	path, err := browsertest.FindChromium()
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI=true and %v: .ci/run installs it", err)
		}
		t.Skipf("skipping the browser test: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	bctx, stop := browsertest.NewBrowser(ctx, path, t.TempDir())
	t.Cleanup(func() { stop(); cancel() })
	return bctx
}
