package simulator_test

import (
	"fmt"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/bgsim/bgsim/appmodel"
	"github.com/bgsim/bgsim/simulator"
)

// logLine is one line an app logs, with the typed call that writes it.
type logLine struct {
	format string
	args   []any
	typed  func(app appmodel.App)
}

// logLines cover the verbs the trace writes itself, those it leaves to
// fmt, a verb of the wrong kind, and missing and extra arguments.
var logLines = []logLine{
	{"moved the download to %s", []any{"/Documents/monkey.png"},
		func(app appmodel.App) { appmodel.LogString(app, "moved the download to %s", "/Documents/monkey.png") }},
	{"quoted %q", []any{"a\tb"}, func(app appmodel.App) { appmodel.LogString(app, "quoted %q", "a\tb") }},
	{"task %d complete", []any{7}, func(app appmodel.App) { appmodel.LogInt(app, "task %d complete", 7) }},
	{"hex %x, padded %5d", []any{255, -3}, func(app appmodel.App) { appmodel.LogInts(app, "hex %x, padded %5d", 255, -3) }},
	{"started download %d (task %d)", []any{1, 1 << 40},
		func(app appmodel.App) { appmodel.LogInts(app, "started download %d (task %d)", 1, 1<<40) }},
	{"%s is not a string", []any{12}, func(app appmodel.App) { appmodel.LogInt(app, "%s is not a string", 12) }},
	{"no verb", []any{3}, func(app appmodel.App) { appmodel.LogInt(app, "no verb", 3) }},
	{"missing %d and %s", []any{1, 2}, func(app appmodel.App) { appmodel.LogInts(app, "missing %d and %s", 1, 2) }},
	{"100%% of %s", []any{""}, func(app appmodel.App) { appmodel.LogString(app, "100%% of %s", "") }},
}

// logStory launches an app that logs logLines, typed or through Log, ends
// its process, and logs the first line again through the ended process's
// App from the next one.
func logStory(typed bool) *simulator.Sim {
	GinkgoHelper()
	h := &hApp{}
	var old appmodel.App
	logAll := func(app appmodel.App) {
		for _, l := range logLines {
			if typed {
				l.typed(app)
			} else {
				app.Log(l.format, l.args...)
			}
		}
	}
	h.launch = func(app appmodel.App) {
		if old == nil {
			old = app
			logAll(app)
			return
		}
		logAll(old) // refused: the process has ended (R-L6)
	}
	sim := hNew(simulator.Config{}, h)
	Expect(sim.Launch()).To(Succeed())
	Expect(sim.MemoryPressureKill()).To(Succeed())
	Expect(sim.Launch()).To(Succeed())
	return sim
}

var _ = Describe("App.Log's typed forms (appmodel.TypedLogger)", func() {
	It("write the lines Log writes, and are refused as Log is for an ended process (R-L6)", func() {
		typed, viaLog := logStory(true), logStory(false)
		logs := hKinds(typed, simulator.KindLog)
		Expect(logs).To(HaveLen(len(logLines)))
		for i, l := range logLines {
			Expect(logs[i].Detail).To(Equal(fmt.Sprintf(l.format, l.args...)), "line %d", i)
		}
		Expect(hViolations(typed, "Log through an object of process 1")).To(HaveLen(len(logLines)))
		Expect(string(hJSONL(typed))).To(Equal(string(hJSONL(viaLog))))
		Expect(typed.TraceHash()).To(Equal(viaLog.TraceHash()))
	})
})
