package main

import (
	"errors"
	"fmt"
	"io/fs"

	"github.com/spf13/cobra"

	"github.com/bgsim/bgsim/scenarios"
)

func newValidateCmd(e env) *cobra.Command {
	var goModels []string
	cmd := &cobra.Command{
		Use:   "validate FILE...",
		Short: "Check scenario files without running them",
		Long: `Check scenario files: the YAML, every key and value, and the references between
them (servers, tasks, sessions), without running anything. Every problem of a
file is reported at once, in file order, as file:line:col: message, with the
offending line and a hint. Exit status 0 if all files are valid, 2 otherwise.

A file that names a team's own Go app model (app: {go: NAME}) is checked with
--go-model NAME: bgsim knows only its built-in models, and the name is accepted
here for checking alone. bgsim run still refuses the file, since it cannot run
a model it does not have; the team's Go code runs it.`,
		Example: `  bgsim validate my-app.yaml
  bgsim validate scenarios/*.yaml
  bgsim validate --go-model podcast,podcast-v2 scenarios/*.yaml`,
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usagef("validate needs at least one scenario file")
			}
			return nil
		},
		RunE: func(_ *cobra.Command, args []string) error {
			var bad []error
			for _, path := range args {
				s, err := loadScenarioFileWith(path, scenarios.ParseOptions{GoModels: goModels})
				if _, builtin := scenarios.Lookup(path); err != nil && builtin && errors.Is(err, fs.ErrNotExist) {
					// run and explore take a catalog name; validate
					// checks files, and the catalog's are checked by
					// bgsim's own tests.
					err = badInputf("%s is a built-in scenario, not a file: validate checks scenario files ('bgsim run %s' plays it)", path, path)
				}
				if err != nil {
					bad = append(bad, err)
					continue
				}
				fmt.Fprintf(e.stdout, "%s: ok (%s)\n", path, s.Name)
			}
			if len(bad) > 0 {
				return badInput(errors.Join(bad...))
			}
			return nil
		},
	}
	cmd.Flags().StringSliceVar(&goModels, "go-model", nil,
		"accept `NAME` in app: {go: NAME} as a registered Go app model, for checking only (repeatable, or a comma list)")
	return cmd
}
