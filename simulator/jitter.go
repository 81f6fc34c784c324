package simulator

import (
	"math/rand/v2"
	"time"
)

// JitterRange is one timing iOS does not document, as Config.Jitter draws
// it: from Min to Max, from the random stream Stream of the run's seed.
type JitterRange struct {
	What     string
	Min, Max time.Duration
	Stream   string
}

// Ranges of the timings drawn under Config.Jitter that are plain
// durations; the latency and the progress phase scale with the link's
// latency and ProgressInterval (see JitterLatencyStream and
// JitterProgressStream).
var (
	// JitterWake: how soon the daemon wakes the app once a session is ready.
	JitterWake = JitterRange{What: "wake delay after completion", Min: 0, Max: 2 * time.Second, Stream: "jitter.wake"}
	// JitterLaunch: how long a background launch takes, from the daemon's
	// decision to FinishedLaunching. The wake (a daemon.wake event) is
	// traced when the launch happens; a user launch meanwhile abandons it.
	JitterLaunch = JitterRange{What: "background launch time", Min: 100 * time.Millisecond, Max: 1500 * time.Millisecond, Stream: "jitter.launch"}
	// JitterOrder: how late each completion is handled, which orders the
	// completions that fall in the same instant.
	JitterOrder = JitterRange{What: "order of same-instant completions", Min: 0, Max: 999 * time.Microsecond, Stream: "jitter.order"}
)

// Streams of the timings that scale with another setting.
const (
	// JitterLatencyStream draws each request's latency, from half to twice
	// the link's.
	JitterLatencyStream = "jitter.latency"
	// JitterProgressStream draws the phase of progress ticks: the first
	// DidWriteData after a transfer starts comes 0 to ProgressInterval
	// later.
	JitterProgressStream = "jitter.progress"
)

// jitter holds the random streams of Config.Jitter. A daemon has one only
// under Config.Jitter: with it off (nil), every draw is the fixed timing
// of a teaching run.
type jitter struct {
	wake, launch, order, latency, progress *rand.Rand
}

// newJitter is the jitter of a run with seed.
func newJitter(seed uint64) *jitter {
	return &jitter{
		wake:     Rand(seed, JitterWake.Stream),
		launch:   Rand(seed, JitterLaunch.Stream),
		order:    Rand(seed, JitterOrder.Stream),
		latency:  Rand(seed, JitterLatencyStream),
		progress: Rand(seed, JitterProgressStream),
	}
}

func draw(r *rand.Rand, lo, hi time.Duration) time.Duration {
	if hi <= lo {
		return lo
	}
	return lo + time.Duration(r.Int64N(int64(hi-lo)+1))
}

// wakeDelay is how long after a session is ready the daemon looks at
// waking the app: 0 (the end of the current instant) without jitter.
func (j *jitter) wakeDelay() time.Duration {
	if j == nil {
		return 0
	}
	return draw(j.wake, JitterWake.Min, JitterWake.Max)
}

// launchTime is how long a background launch takes: 0 without jitter.
func (j *jitter) launchTime() time.Duration {
	if j == nil {
		return 0
	}
	return draw(j.launch, JitterLaunch.Min, JitterLaunch.Max)
}

// completionDelay is how late a finished transfer is handled: 0 without
// jitter.
func (j *jitter) completionDelay() time.Duration {
	if j == nil {
		return 0
	}
	return draw(j.order, JitterOrder.Min, JitterOrder.Max)
}

// latencyFactor scales one request's latency: 1 without jitter.
func (j *jitter) latencyFactor() float64 {
	if j == nil {
		return 1
	}
	return 0.5 + 1.5*j.latency.Float64()
}

// firstTick is when the first progress tick comes after the ticker is
// armed: one interval without jitter.
func (j *jitter) firstTick(interval time.Duration) time.Duration {
	if j == nil {
		return interval
	}
	return draw(j.progress, 0, interval)
}
