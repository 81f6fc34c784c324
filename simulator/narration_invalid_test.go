package simulator_test

import (
	"strings"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/bgsim/bgsim/appmodel"
	"github.com/bgsim/bgsim/simulator"
	"github.com/bgsim/bgsim/simulator/simtest"
)

// invalidLine renders env's trace as bgsim run's timeline (narrated, one
// line an event) in names, and returns the DidBecomeInvalidWithError
// line and the narration under it.
func invalidLine(env *simtest.Env, names simulator.Names) (line, narration string) {
	GinkgoHelper()
	var b strings.Builder
	Expect(simulator.RenderText(&b, env.Trace(), simulator.TextOptions{Narrate: true, Names: names})).To(Succeed())
	name := names.Callback(simulator.CbDidBecomeInvalidWithError)
	lines := strings.Split(b.String(), "\n")
	for i, l := range lines {
		if strings.Contains(l, " app ") && strings.Contains(l, name+" session ") {
			// The narration wraps under the line, up to the next event's.
			var n []string
			for _, m := range lines[i+1:] {
				if strings.HasPrefix(m, "T+") || strings.TrimSpace(m) == "" {
					break
				}
				n = append(n, strings.TrimSpace(m))
			}
			return l, strings.Join(n, " ")
		}
	}
	Fail("no " + name + " line in:\n" + b.String())
	return "", ""
}

// DidBecomeInvalidWithError's line shows the error the method gets, as
// DidCompleteWithError's shows its own.
var _ = Describe("narration of DidBecomeInvalidWithError", func() {
	It("R-I2, R-X3: shows the -996 the app's delegate gets when another process takes the session, in every naming", func() {
		env := simtest.New(GinkgoTB(), rlStd(simulator.Config{}, rlSpec{Activated: func(a *rlApp) { a.session(rlSession) }})...)
		env.At(0, env.Sim().Launch)
		env.At(time.Second, func() error { env.Sim().SetOtherProcessHolds(rlSession, true); return nil })
		env.RunTo(time.Minute)
		Expect(env.CallsOf(simulator.CbDidBecomeInvalidWithError)[0].Code()).To(Equal(appmodel.ErrBackgroundSessionInUseByAnotherProcess))

		for _, tc := range []struct {
			names  simulator.Names
			method string
		}{
			{simulator.NamesXamarin, "DidBecomeInvalid"},
			{simulator.NamesSwift, "urlSession(_:didBecomeInvalidWithError:)"},
			{simulator.NamesBoth, "DidBecomeInvalid / urlSession(_:didBecomeInvalidWithError:)"},
		} {
			line, narration := invalidLine(env, tc.names)
			Expect(line).To(ContainSubstring(tc.method+" session "+rlSession+": NSURLErrorDomain -996 background session in use by another process: "), "%v", tc.names)
			Expect(line).To(HaveSuffix("on delegate [R-I2]"), "%v", tc.names)
			Expect(narration).To(And(ContainSubstring("only one process"), HaveSuffix("(R-I2, R-X3).")), "%v", tc.names)
		}
	})

	It("R-G4: shows nil after InvalidateAndCancel, and narrates that the identifier may be used again", func() {
		env := simtest.New(GinkgoTB(), rlStd(simulator.Config{}, rlSpec{Activated: func(a *rlApp) { a.download(rlSession, rlBig, "big") }})...)
		env.At(0, env.Sim().Launch)
		env.RunTo(time.Second)
		env.OnMain(func(appmodel.App) { rlLatest(env).sessions[rlSession].InvalidateAndCancel() })
		env.RunTo(time.Minute)

		line, narration := invalidLine(env, simulator.NamesXamarin)
		Expect(line).To(ContainSubstring("DidBecomeInvalid session " + rlSession + ": nil on delegate"))
		Expect(narration).To(And(ContainSubstring("same identifier"), HaveSuffix("(R-G4).")))
	})
})
