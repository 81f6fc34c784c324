// Package browsertest checks bgsim's pages in a real browser: the HTML page
// of a run (simulator.RenderHTML) and the Mermaid diagrams
// (simulator.RenderMermaid), in headless Chromium driven through the
// DevTools protocol (chromedp).
//
// The tests need Debian's chromium (or a Chrome or Chromium named by
// BGSIM_CHROMIUM), and the Mermaid test Mermaid's npm package in
// testdata/mermaid (npm ci there; package-lock.json pins it). Without them
// they skip and say so; with CI=true in the
// environment they fail instead, so a green CI run means they ran. The CI
// script (.ci/run) installs chromium when it is missing, and Mermaid.
package browsertest
