package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/bgsim/bgsim/scenarios"
)

func newSchemaCmd(e env) *cobra.Command {
	return &cobra.Command{
		Use:   "schema",
		Short: "Print the JSON Schema of scenario files, for editors",
		Long: `Print the JSON Schema (draft 2020-12) of scenario files. Save it and point your
editor's YAML support at it for completion and help on every key; with the YAML
language server, start a scenario file with

  # yaml-language-server: $schema=path/to/scenario.schema.json`,
		Example: `  bgsim schema > scenario.schema.json`,
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) > 0 {
				return usagef("schema takes no arguments")
			}
			return nil
		},
		RunE: func(*cobra.Command, []string) error {
			if _, err := e.stdout.Write(scenarios.Schema()); err != nil {
				return fmt.Errorf("write output: %w", err)
			}
			return nil
		},
	}
}
