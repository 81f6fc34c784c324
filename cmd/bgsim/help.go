package main

import (
	"strings"

	"github.com/spf13/cobra"
)

// newHelpCmd replaces cobra's help command, which prints the root's help
// and exits 0 for a topic it does not know: a typo in a script's
// 'bgsim help ...' would pass unnoticed.
func newHelpCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "help [command]",
		Short: "Help about any command",
		Long:  "Help shows the help of a command: 'bgsim help run' is 'bgsim run --help'.",
		ValidArgsFunction: func(c *cobra.Command, args []string, _ string) ([]string, cobra.ShellCompDirective) {
			cmd, err := findTopic(c.Root(), args)
			if err != nil {
				return nil, cobra.ShellCompDirectiveNoFileComp
			}
			var names []string
			for _, sub := range cmd.Commands() {
				if sub.IsAvailableCommand() {
					names = append(names, sub.Name()+"\t"+sub.Short)
				}
			}
			return names, cobra.ShellCompDirectiveNoFileComp
		},
		RunE: func(c *cobra.Command, args []string) error {
			cmd, err := findTopic(c.Root(), args)
			if err != nil {
				return err
			}
			cmd.InitDefaultHelpFlag()
			return cmd.Help()
		},
	}
}

// findTopic follows the command names in path from root: "run" is
// 'bgsim run'. An unknown name is a usage error that lists the valid ones.
func findTopic(root *cobra.Command, path []string) (*cobra.Command, error) {
	cmd := root
next:
	for _, name := range path {
		for _, sub := range cmd.Commands() {
			if sub.Name() == name || sub.HasAlias(name) {
				cmd = sub
				continue next
			}
		}
		if !cmd.HasAvailableSubCommands() {
			return nil, usagef("no help topic %q: '%s' has no subcommands", strings.Join(path, " "), cmd.CommandPath())
		}
		return nil, usagef("no help topic %q; topics: %s", strings.Join(path, " "), strings.Join(commandNames(cmd), ", "))
	}
	return cmd, nil
}
