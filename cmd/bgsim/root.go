package main

import (
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/bgsim/bgsim/scenarios"
	"github.com/bgsim/bgsim/simulator"
)

// intro is what a newcomer reads above the walkthrough's timeline.
const intro = `The seed walkthrough, in virtual time: an app downloads an image with a background NSURLSession.
The user goes home; iOS suspends the app, then kills it for memory; nsurlsessiond keeps downloading.
When the file is ready, iOS relaunches the app in the background: HandleEventsForBackgroundURL,
DidFinishDownloading, DidCompleteWithError, DidFinishEventsForBackgroundSession, the completion
handler, suspended again.
`

// outro points to what to try next.
const outro = `
Next: 'bgsim explain R-D4' explains a rule tag such as [R-D4] above; 'bgsim run --mistake
forget-completion-handler' shows a classic mistake; 'bgsim list' shows the scenarios and mistakes;
'bgsim --help' shows everything else.
`

func newRootCmd(e env) *cobra.Command {
	var hangLimit time.Duration
	e.width = &widthFlag{n: defaultWidth}
	root := &cobra.Command{
		Use:   "bgsim",
		Short: "Simulate the iOS app lifecycle and background NSURLSession transfers",
		Long: `bgsim simulates an iOS app, the system and nsurlsessiond in virtual time, and shows
what happens to background transfers when the app is suspended, killed and relaunched.

With no arguments it runs the seed walkthrough and prints a narrated timeline.

` + widthHelp + `

` + exitCodesHelp,
		Example: `  bgsim                                          # the walkthrough, narrated
  bgsim run --mistake forget-completion-handler  # the walkthrough with a classic mistake
  bgsim run --format jsonl --out trace.jsonl     # save a trace
  bgsim replay --pace 10x trace.jsonl            # replay it, 10 times faster than virtual time
  bgsim verify trace.jsonl                       # check that a re-run gives the same trace
  bgsim run --format mermaid                     # a Mermaid sequence diagram`,
		SilenceErrors: true,
		SilenceUsage:  true,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 0 {
				return usagef("unknown command %q;%s commands: %s", args[0], didYouMean(args[0], commandNames(cmd)), strings.Join(commandNames(cmd), ", "))
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := checkHangTimeout(hangLimit); err != nil {
				return err
			}
			return runWalkthroughIntro(e, hangLimit)
		},
	}
	addHangFlag(root, &hangLimit)
	addWidthFlag(root, e.width)
	root.SetIn(e.stdin)
	// --version: bgsim's version and the trace format it writes, which
	// 'bgsim verify' checks.
	root.Version = simulator.Version
	root.SetVersionTemplate(fmt.Sprintf("bgsim {{.Version}} (trace format %d)\n", simulator.TraceFormatVersion))
	// Cobra adds --version when it executes the root command, which 'bgsim
	// help' does not: add it now so that both helps list it.
	root.InitDefaultVersionFlag()
	root.SetOut(e.stdout)
	root.SetErr(e.stderr)
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error {
		// (A flag value the simulator's parser refused carries that
		// package's prefix: cliMessage leaves it out.)
		return &exitError{code: exitUsage, usage: true, err: err}
	})
	root.SetHelpCommand(newHelpCmd())
	fitHelp(e, root)
	root.AddCommand(newRunCmd(e), newListCmd(e), newReplayCmd(e), newVerifyCmd(e), newValidateCmd(e), newSchemaCmd(e),
		newExploreCmd(e), newExplainCmd(e))
	strictCompletion(root)
	return root
}

// strictCompletion makes 'bgsim completion SHELL' refuse a shell it does
// not know (tcsh) with exit 2, as an unknown command is refused: cobra's
// completion command prints its help and exits 0, so a typo in an install
// script would write the help where the script goes.
func strictCompletion(root *cobra.Command) {
	root.InitDefaultCompletionCmd()
	for _, c := range root.Commands() {
		if c.Name() != "completion" {
			continue
		}
		c.Use = "completion SHELL"
		c.Args = cobra.ArbitraryArgs
		c.RunE = func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return cmd.Help()
			}
			return usagef("unknown shell %q; shells: %s", args[0], strings.Join(commandNames(cmd), ", "))
		}
	}
}

func commandNames(root *cobra.Command) []string {
	var names []string
	for _, c := range root.Commands() {
		if c.IsAvailableCommand() {
			names = append(names, c.Name())
		}
	}
	return names
}

// runWalkthroughIntro is bgsim with no arguments: the intro, then the
// walkthrough's narrated timeline.
func runWalkthroughIntro(e env, hangLimit time.Duration) error {
	width := e.textWidth("")
	if _, err := fmt.Fprint(e.stdout, fit(simulator.NamesXamarin.Rewrite(intro), width)+"\n"); err != nil {
		return fmt.Errorf("write output: %w", err)
	}
	run, err := resolveBuiltin("walkthrough", 0, nil)
	if err != nil {
		return err
	}
	res, runErr := run.run(e, hangLimit)
	if res != nil {
		if err := writeTextRun(e.stdout, res.Trace, simulator.TextOptions{Narrate: true, Width: width, Explain: scenarios.Explain}); err != nil {
			return err
		}
	}
	if runErr != nil {
		return runErr
	}
	_, err = fmt.Fprint(e.stdout, fit(outro, width))
	return err
}
