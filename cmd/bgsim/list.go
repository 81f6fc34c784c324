package main

import (
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/bgsim/bgsim/scenarios"
)

func newListCmd(e env) *cobra.Command {
	return &cobra.Command{
		Use:   "list",
		Short: "List the built-in scenarios and the mistakes 'run --mistake' can switch on",
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) > 0 {
				return usagef("list takes no arguments")
			}
			return nil
		},
		RunE: func(*cobra.Command, []string) error {
			tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
			fmt.Fprintln(tw, "Scenarios (bgsim run NAME; each is a scenario file of the built-in catalog):")
			for _, b := range scenarios.Builtins() {
				fmt.Fprintf(tw, "  %s\t%s\t[%s]\n", b.Name, b.Description, strings.Join(b.Labels, ", "))
			}
			fmt.Fprintln(tw)
			fmt.Fprintln(tw, "Mistakes of the reference app (bgsim run walkthrough --mistake NAME):")
			for _, name := range mistakeNames() {
				fmt.Fprintf(tw, "  %s\t%s\n", name, mistakeNotes[name])
			}
			if err := tw.Flush(); err != nil {
				return fmt.Errorf("write output: %w", err)
			}
			return nil
		},
	}
}
