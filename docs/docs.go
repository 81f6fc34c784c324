// Package docs holds bgsim's user documentation, so that the programs can
// read the same pages users do: IOSRules is docs/ios-rules.md, the rules
// of iOS bgsim models and the mistakes developers make, which
// scenarios.Rulebook parses and bgsim explain prints.
package docs

import _ "embed"

// IOSRules is the text of ios-rules.md.
//
//go:embed ios-rules.md
var IOSRules string
