package browsertest_test

import (
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"
)

// screenshot is where TestScreenshot writes the picture of the HTML page
// for the docs: go test ./scenarios/internal/browsertest -run Screenshot -screenshot ../../../docs/html-page.png
var screenshot = flag.String("screenshot", "", "write a screenshot of the HTML page of forget-completion-handler to this PNG file")

// TestScreenshot takes the docs' picture of the page, as bgsim run --format
// html writes it, at its first violation. It runs only with -screenshot.
func TestScreenshot(t *testing.T) {
	if *screenshot == "" {
		t.Skip("no -screenshot FILE: nothing to write")
	}
	dir := t.TempDir()
	page := filepath.Join(dir, "page.html")
	cmd := exec.Command("go", "run", "../../../cmd/bgsim", "run", "forget-completion-handler", "--format", "html", "--out", page)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("bgsim run --format html: %v\n%s", err, out)
	}
	ctx := browser(t)
	do(t, ctx, "load the page", chromedp.Navigate("file://"+page), chromedp.WaitVisible(chromedp.CSS("#diagram")),
		click("next-violation"))
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	if err := os.WriteFile(*screenshot, png, 0o644); err != nil {
		t.Fatal(err)
	}
}
