package main

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"
)

func newValidateCmd(e env) *cobra.Command {
	return &cobra.Command{
		Use:   "validate FILE...",
		Short: "Check scenario files without running them",
		Long: `Check scenario files: the YAML, every key and value, and the references between
them (servers, tasks, sessions), without running anything. Every problem of a
file is reported at once, in file order, as file:line:col: message, with the
offending line and a hint. Exit status 0 if all files are valid, 2 otherwise.`,
		Example: `  bgsim validate my-app.yaml
  bgsim validate scenarios/*.yaml`,
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usagef("validate needs at least one scenario file")
			}
			return nil
		},
		RunE: func(_ *cobra.Command, args []string) error {
			var bad []error
			for _, path := range args {
				s, err := loadScenarioFile(path)
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
}
