package fakes_test

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/bgsim/bgsim/fakes"
)

// epoch is an arbitrary, non-zero start so that specs notice an offset
// computed against the wrong origin.
var epoch = time.Date(2024, 3, 1, 9, 30, 0, 0, time.UTC)

var _ = Describe("Clock", func() {
	var (
		clk *fakes.Clock
		log []string
	)

	// rec returns a callback that appends name and the virtual time it ran
	// at to log, so one assertion checks both order and timing.
	rec := func(name string) func() {
		return func() { log = append(log, name+"@"+fakes.FormatOffset(clk.Elapsed())) }
	}
	at := func(d time.Duration) time.Time { return epoch.Add(d) }
	// next is clk.Next for a clock that must have something pending.
	next := func() time.Time {
		GinkgoHelper()
		t, ok := clk.Next()
		Expect(ok).To(BeTrue(), "nothing pending")
		return t
	}

	BeforeEach(func() {
		clk = fakes.NewClock(epoch)
		log = nil
	})

	Describe("a new clock", func() {
		It("starts at its start time with nothing pending", func() {
			Expect(clk.Now()).To(Equal(epoch))
			Expect(clk.Start()).To(Equal(epoch))
			Expect(clk.Elapsed()).To(BeZero())
			Expect(clk.Pending()).To(BeZero())
			Expect(clk.Fired()).To(BeZero())
			Expect(clk.Budget()).To(Equal(fakes.DefaultBudget))
		})
	})

	Describe("ordering", func() {
		It("fires events in order of due time, whatever order they were scheduled in", func() {
			clk.Schedule(at(3*time.Second), rec("c"))
			clk.Schedule(at(1*time.Second), rec("a"))
			clk.Schedule(at(2*time.Second), rec("b"))

			Expect(clk.RunUntilIdle(0)).To(Succeed())
			Expect(log).To(Equal([]string{"a@T+00:01.000", "b@T+00:02.000", "c@T+00:03.000"}))
		})

		It("fires events due at the same instant first-in, first-out", func() {
			// Enough events at few distinct times that a heap ordered by
			// time alone would visibly scramble the ties.
			type ev struct {
				i  int
				at time.Duration
			}
			var want []ev
			for i := range 100 {
				e := ev{i, time.Duration(i*7%5) * time.Second}
				want = append(want, e)
				clk.After(e.at, func() { log = append(log, fmt.Sprint(e.i)) })
			}
			slices.SortStableFunc(want, func(a, b ev) int { return cmp.Compare(a.at, b.at) })
			var wantLog []string
			for _, e := range want {
				wantLog = append(wantLog, fmt.Sprint(e.i))
			}

			Expect(clk.RunUntilIdle(0)).To(Succeed())
			Expect(log).To(Equal(wantLog))
		})

		It("fires an event scheduled from a callback for the current instant after those already due then", func() {
			clk.Schedule(at(time.Second), func() {
				rec("a")()
				clk.After(0, rec("a-after"))
				clk.Schedule(clk.Now(), rec("a-schedule"))
			})
			clk.Schedule(at(time.Second), rec("b"))
			clk.Schedule(at(time.Second), rec("c"))
			clk.Schedule(at(2*time.Second), rec("d"))

			Expect(clk.RunUntilIdle(0)).To(Succeed())
			Expect(log).To(Equal([]string{
				"a@T+00:01.000", "b@T+00:01.000", "c@T+00:01.000",
				"a-after@T+00:01.000", "a-schedule@T+00:01.000", "d@T+00:02.000",
			}))
		})

		It("takes a time in the past as now, behind the events already due now", func() {
			Expect(clk.RunFor(10 * time.Second)).To(Succeed())
			due := clk.After(0, rec("due"))
			past := clk.Schedule(at(time.Second), rec("past"))

			Expect(past.When()).To(Equal(at(10 * time.Second)))
			Expect(next()).To(Equal(at(10 * time.Second)))
			Expect(clk.RunUntilIdle(0)).To(Succeed())
			Expect(log).To(Equal([]string{"due@T+00:10.000", "past@T+00:10.000"}))
			Expect(due.Pending()).To(BeFalse())
			Expect(clk.Elapsed()).To(Equal(10 * time.Second))
		})

		It("takes After with a zero or negative duration as now", func() {
			Expect(clk.RunFor(time.Minute)).To(Succeed())
			neg := clk.After(-5*time.Second, rec("negative"))
			zero := clk.After(0, rec("zero"))

			Expect(neg.When()).To(Equal(clk.Now()))
			Expect(zero.When()).To(Equal(clk.Now()))
			Expect(clk.RunFor(0)).To(Succeed())
			Expect(log).To(Equal([]string{"negative@T+01:00.000", "zero@T+01:00.000"}))
		})

		It("keeps an After too far out to represent in the future rather than wrapping into the past", func() {
			Expect(clk.RunFor(time.Hour)).To(Succeed())
			clk.After(time.Duration(math.MaxInt64), rec("never"))
			clk.After(time.Second, rec("soon"))

			Expect(clk.Step()).To(BeTrue())
			Expect(log).To(Equal([]string{"soon@T+01:00:01.000"}))
			Expect(clk.Step()).To(BeTrue())
			Expect(clk.Elapsed()).To(BeNumerically(">", time.Hour))
		})
	})

	Describe("Stop", func() {
		It("cancels a pending event, which then never fires", func() {
			t := clk.After(time.Second, rec("stopped"))
			clk.After(2*time.Second, rec("kept"))

			Expect(t.Stop()).To(BeTrue())
			Expect(t.Pending()).To(BeFalse())
			Expect(clk.Pending()).To(Equal(1))
			Expect(clk.RunUntilIdle(0)).To(Succeed())
			Expect(log).To(Equal([]string{"kept@T+00:02.000"}))
			Expect(clk.Fired()).To(Equal(1))
		})

		It("reports false for an event that already fired, and for a second Stop", func() {
			fired := clk.After(time.Second, rec("fired"))
			stopped := clk.After(time.Second, rec("stopped"))
			Expect(stopped.Stop()).To(BeTrue())
			Expect(clk.RunUntilIdle(0)).To(Succeed())

			Expect(fired.Stop()).To(BeFalse())
			Expect(stopped.Stop()).To(BeFalse())
			Expect(log).To(Equal([]string{"fired@T+00:01.000"}))
		})

		It("never touches a later event that reuses the slot of a fired or stopped one", func() {
			fired := clk.After(time.Second, rec("first"))
			Expect(clk.RunFor(time.Second)).To(Succeed())
			stopped := clk.After(time.Second, rec("stopped"))
			Expect(stopped.Stop()).To(BeTrue())
			tenant := clk.After(time.Second, rec("tenant")) // takes a freed slot

			Expect(fired.Stop()).To(BeFalse())
			Expect(stopped.Stop()).To(BeFalse())
			Expect(fired.Pending()).To(BeFalse())
			Expect(tenant.Pending()).To(BeTrue())
			Expect(clk.RunUntilIdle(0)).To(Succeed())
			Expect(log).To(Equal([]string{"first@T+00:01.000", "tenant@T+00:02.000"}))
		})

		It("treats the zero Timer as a handle of nothing", func() {
			var t fakes.Timer
			Expect(t.Stop()).To(BeFalse())
			Expect(t.Pending()).To(BeFalse())
			Expect(t.Reset(epoch)).To(BeFalse())
			Expect(t.ResetAfter(time.Second)).To(BeFalse())
			Expect(t.When()).To(Equal(time.Time{}))
			Expect(clk.Pending()).To(BeZero())
		})

		It("leaves the other events in order when stopping one from the middle of the queue", func() {
			var timers []fakes.Timer
			for i := range 20 {
				timers = append(timers, clk.After(time.Duration(20-i)*time.Second, rec(fmt.Sprint(20-i))))
			}
			for _, i := range []int{3, 11, 0, 19} {
				Expect(timers[i].Stop()).To(BeTrue())
			}

			Expect(clk.RunUntilIdle(0)).To(Succeed())
			Expect(log).To(HaveLen(16))
			Expect(log).To(HaveExactElements(
				"2@T+00:02.000", "3@T+00:03.000", "4@T+00:04.000", "5@T+00:05.000",
				"6@T+00:06.000", "7@T+00:07.000", "8@T+00:08.000", "10@T+00:10.000",
				"11@T+00:11.000", "12@T+00:12.000", "13@T+00:13.000", "14@T+00:14.000",
				"15@T+00:15.000", "16@T+00:16.000", "18@T+00:18.000", "19@T+00:19.000",
			))
		})
	})

	Describe("Reset", func() {
		It("moves a pending event later, reporting it was pending, and it fires once at the new time", func() {
			t := clk.After(time.Second, rec("moved"))
			clk.After(2*time.Second, rec("other"))

			Expect(t.Reset(at(3 * time.Second))).To(BeTrue())
			Expect(t.When()).To(Equal(at(3 * time.Second)))
			Expect(clk.Pending()).To(Equal(2))
			Expect(clk.RunUntilIdle(0)).To(Succeed())
			Expect(log).To(Equal([]string{"other@T+00:02.000", "moved@T+00:03.000"}))
		})

		It("moves a pending event earlier, ahead of events it used to follow", func() {
			clk.After(2*time.Second, rec("other"))
			t := clk.After(3*time.Second, rec("moved"))

			Expect(t.Reset(at(time.Second))).To(BeTrue())
			Expect(next()).To(Equal(at(time.Second)))
			Expect(clk.RunUntilIdle(0)).To(Succeed())
			Expect(log).To(Equal([]string{"moved@T+00:01.000", "other@T+00:02.000"}))
		})

		It("reschedules an event that already fired, reporting it was not pending", func() {
			t := clk.After(time.Second, rec("again"))
			Expect(clk.RunUntilIdle(0)).To(Succeed())

			Expect(t.Reset(at(5 * time.Second))).To(BeFalse())
			Expect(t.Pending()).To(BeTrue())
			Expect(clk.RunUntilIdle(0)).To(Succeed())
			Expect(log).To(Equal([]string{"again@T+00:01.000", "again@T+00:05.000"}))
		})

		It("reschedules a stopped event, which then fires", func() {
			t := clk.After(time.Second, rec("revived"))
			Expect(t.Stop()).To(BeTrue())

			Expect(t.Reset(at(2 * time.Second))).To(BeFalse())
			Expect(clk.Pending()).To(Equal(1))
			Expect(clk.RunUntilIdle(0)).To(Succeed())
			Expect(log).To(Equal([]string{"revived@T+00:02.000"}))
		})

		It("queues a reset event behind the events already due at the same instant", func() {
			a := clk.After(5*time.Second, rec("a"))
			clk.After(5*time.Second, rec("b"))
			clk.After(5*time.Second, rec("c"))

			Expect(a.Reset(at(5 * time.Second))).To(BeTrue())
			Expect(clk.RunUntilIdle(0)).To(Succeed())
			Expect(log).To(Equal([]string{"b@T+00:05.000", "c@T+00:05.000", "a@T+00:05.000"}))
		})

		It("takes a time in the past as now", func() {
			Expect(clk.RunFor(10 * time.Second)).To(Succeed())
			t := clk.After(time.Second, rec("t"))

			Expect(t.Reset(at(time.Second))).To(BeTrue())
			Expect(t.When()).To(Equal(at(10 * time.Second)))
			Expect(clk.RunFor(0)).To(Succeed())
			Expect(log).To(Equal([]string{"t@T+00:10.000"}))
		})

		It("ResetAfter counts from now, not from the original scheduling time", func() {
			t := clk.After(time.Second, rec("t"))
			Expect(clk.RunFor(3 * time.Second)).To(Succeed())

			Expect(t.ResetAfter(2 * time.Second)).To(BeFalse())
			Expect(t.When()).To(Equal(at(5 * time.Second)))
			Expect(t.ResetAfter(4 * time.Second)).To(BeTrue())
			Expect(clk.RunUntilIdle(0)).To(Succeed())
			Expect(log).To(Equal([]string{"t@T+00:01.000", "t@T+00:07.000"}))
		})
	})

	Describe("offsets since the start", func() {
		It("ScheduleOffset fires at the start plus the offset, and an offset in the past now", func() {
			Expect(clk.RunFor(time.Second)).To(Succeed())
			clk.ScheduleOffset(3*time.Second, rec("a"))
			late := clk.ScheduleOffset(500*time.Millisecond, rec("late"))
			Expect(late.WhenOffset()).To(Equal(time.Second))
			Expect(late.When()).To(Equal(at(time.Second)))
			Expect(clk.RunUntilIdle(0)).To(Succeed())
			Expect(log).To(Equal([]string{"late@T+00:01.000", "a@T+00:03.000"}))
		})

		It("ResetOffset moves an event as Reset does, and WhenOffset follows it", func() {
			tm := clk.ScheduleOffset(5*time.Second, rec("x"))
			clk.ScheduleOffset(2*time.Second, rec("y"))
			Expect(tm.ResetOffset(2 * time.Second)).To(BeTrue())
			Expect(tm.WhenOffset()).To(Equal(2 * time.Second))
			Expect(clk.RunUntilIdle(0)).To(Succeed())
			Expect(log).To(Equal([]string{"y@T+00:02.000", "x@T+00:02.000"}))
			Expect(tm.ResetOffset(time.Second)).To(BeFalse(), "it had fired")
			Expect(tm.WhenOffset()).To(Equal(2*time.Second), "taken as now")
			Expect(clk.RunUntilIdle(0)).To(Succeed())
			Expect(log).To(HaveLen(3))
			var zero fakes.Timer
			Expect(zero.ResetOffset(time.Second)).To(BeFalse())
			Expect(zero.WhenOffset()).To(BeZero())
		})

		It("ScheduleTicketOffset fires where its ticket places it", func() {
			tk := clk.Ticket()
			clk.ScheduleOffset(time.Second, rec("later-ticket"))
			clk.ScheduleTicketOffset(time.Second, tk, rec("early-ticket"))
			Expect(clk.RunUntilIdle(0)).To(Succeed())
			Expect(log).To(Equal([]string{"early-ticket@T+00:01.000", "later-ticket@T+00:01.000"}))
		})
	})

	Describe("callbacks", func() {
		It("can stop another pending event, which then never fires", func() {
			var victim fakes.Timer
			var stopped bool
			clk.After(time.Second, func() { stopped = victim.Stop() })
			victim = clk.After(2*time.Second, rec("victim"))

			Expect(clk.RunUntilIdle(0)).To(Succeed())
			Expect(stopped).To(BeTrue())
			Expect(log).To(BeEmpty())
			Expect(clk.Fired()).To(Equal(1))
		})

		It("can stop another event due at the same instant", func() {
			var victim fakes.Timer
			clk.After(time.Second, func() { victim.Stop() })
			victim = clk.After(time.Second, rec("victim"))

			Expect(clk.RunFor(time.Second)).To(Succeed())
			Expect(log).To(BeEmpty())
		})

		It("see their own event as no longer pending: Stop on itself reports false", func() {
			var self fakes.Timer
			var stopped, pending bool
			self = clk.After(time.Second, func() { pending, stopped = self.Pending(), self.Stop() })

			Expect(clk.RunUntilIdle(0)).To(Succeed())
			Expect(pending).To(BeFalse())
			Expect(stopped).To(BeFalse())
		})

		It("can reset another pending event earlier or later", func() {
			var early, late fakes.Timer
			clk.After(time.Second, func() {
				early.Reset(at(1500 * time.Millisecond))
				late.Reset(at(10 * time.Second))
			})
			late = clk.After(2*time.Second, rec("late"))
			early = clk.After(5*time.Second, rec("early"))

			Expect(clk.RunUntilIdle(0)).To(Succeed())
			Expect(log).To(Equal([]string{"early@T+00:01.500", "late@T+00:10.000"}))
		})

		It("can reset their own event to make a periodic timer", func() {
			var tick fakes.Timer
			tick = clk.After(time.Second, func() {
				rec("tick")()
				if clk.Fired() < 3 {
					Expect(tick.ResetAfter(time.Second)).To(BeFalse())
				}
			})

			Expect(clk.RunUntilIdle(0)).To(Succeed())
			Expect(log).To(Equal([]string{"tick@T+00:01.000", "tick@T+00:02.000", "tick@T+00:03.000"}))
		})

		It("can chain: each callback schedules the next", func() {
			var n int
			var next func()
			next = func() {
				n++
				if n < 1000 {
					clk.After(time.Millisecond, next)
				}
			}
			clk.After(time.Millisecond, next)

			Expect(clk.RunUntilIdle(0)).To(Succeed())
			Expect(n).To(Equal(1000))
			Expect(clk.Fired()).To(Equal(1000))
			Expect(clk.Elapsed()).To(Equal(time.Second))
		})

		It("read Now as the event's due time, whichever call runs them", func() {
			var seen []time.Duration
			note := func() { seen = append(seen, clk.Now().Sub(epoch)) }
			clk.After(1500*time.Millisecond, note)
			clk.After(7*time.Second, note)
			clk.After(12*time.Second, note)
			clk.After(20*time.Second, note)

			Expect(clk.RunFor(10 * time.Second)).To(Succeed())
			Expect(clk.Step()).To(BeTrue())
			Expect(clk.RunUntilIdle(0)).To(Succeed())
			Expect(seen).To(Equal([]time.Duration{1500 * time.Millisecond, 7 * time.Second, 12 * time.Second, 20 * time.Second}))
		})

		It("leave the clock usable after one panics", func() {
			clk.After(time.Second, func() { panic("boom") })
			clk.After(2*time.Second, rec("after"))

			Expect(func() { _ = clk.RunFor(time.Minute) }).To(PanicWith("boom"))
			Expect(clk.RunFor(time.Minute)).To(Succeed())
			Expect(log).To(Equal([]string{"after@T+00:02.000"}))
		})
	})

	Describe("RunFor and RunUntil", func() {
		It("RunFor fires what is due up to and including the target, then leaves the clock there", func() {
			clk.After(time.Second, rec("a"))
			clk.After(5*time.Second, rec("b"))
			clk.After(5*time.Second+time.Nanosecond, rec("c"))

			Expect(clk.RunFor(5 * time.Second)).To(Succeed())
			Expect(log).To(Equal([]string{"a@T+00:01.000", "b@T+00:05.000"}))
			Expect(clk.Elapsed()).To(Equal(5 * time.Second))
			Expect(clk.Pending()).To(Equal(1))
			Expect(next()).To(Equal(at(5*time.Second + time.Nanosecond)))
		})

		It("RunFor counts from now", func() {
			Expect(clk.RunFor(time.Hour)).To(Succeed())
			clk.Schedule(at(time.Hour+30*time.Minute), rec("x"))

			Expect(clk.RunFor(time.Hour)).To(Succeed())
			Expect(log).To(Equal([]string{"x@T+01:30:00.000"}))
			Expect(clk.Elapsed()).To(Equal(2 * time.Hour))
		})

		It("RunFor with a negative duration does not move time", func() {
			Expect(clk.RunFor(time.Minute)).To(Succeed())
			clk.After(time.Second, rec("x"))

			Expect(clk.RunFor(-time.Hour)).To(Succeed())
			Expect(clk.Elapsed()).To(Equal(time.Minute))
			Expect(log).To(BeEmpty())
		})

		It("RunUntil fires events that callbacks schedule inside the window, and none beyond it", func() {
			clk.After(time.Second, func() {
				clk.After(3*time.Second, rec("inside"))
				clk.After(10*time.Second, rec("beyond"))
			})

			Expect(clk.RunUntil(at(5 * time.Second))).To(Succeed())
			Expect(log).To(Equal([]string{"inside@T+00:04.000"}))
			Expect(clk.Now()).To(Equal(at(5 * time.Second)))
			Expect(clk.Pending()).To(Equal(1))
		})

		It("RunUntil a time in the past does not move time back or fire future events", func() {
			Expect(clk.RunFor(10 * time.Second)).To(Succeed())
			clk.After(time.Second, rec("future"))

			Expect(clk.RunUntil(at(3 * time.Second))).To(Succeed())
			Expect(clk.Elapsed()).To(Equal(10 * time.Second))
			Expect(log).To(BeEmpty())
		})

		It("a week of idle virtual time with one event at the end costs one event", func() {
			week := 7 * 24 * time.Hour
			clk.After(week, rec("end"))

			Expect(clk.RunFor(week)).To(Succeed())
			Expect(clk.Fired()).To(Equal(1))
			Expect(log).To(Equal([]string{"end@T+7d00:00:00.000"}))
			Expect(clk.Elapsed()).To(Equal(week))
		})
	})

	Describe("Step", func() {
		It("returns false and leaves time alone when nothing is pending", func() {
			Expect(clk.RunFor(time.Second)).To(Succeed())
			Expect(clk.Step()).To(BeFalse())
			Expect(clk.Elapsed()).To(Equal(time.Second))
			Expect(clk.Fired()).To(BeZero())
		})

		It("fires exactly the earliest event and moves time to it", func() {
			clk.After(2*time.Second, rec("b"))
			clk.After(time.Second, rec("a"))

			Expect(clk.Step()).To(BeTrue())
			Expect(log).To(Equal([]string{"a@T+00:01.000"}))
			Expect(clk.Elapsed()).To(Equal(time.Second))
			Expect(clk.Pending()).To(Equal(1))
		})
	})

	Describe("Pending, Next and Fired", func() {
		It("track what is scheduled, stopped and fired", func() {
			_, ok := clk.Next()
			Expect(ok).To(BeFalse())

			a := clk.After(3*time.Second, rec("a"))
			clk.After(time.Second, rec("b"))
			clk.After(2*time.Second, rec("c"))
			Expect(clk.Pending()).To(Equal(3))
			Expect(next()).To(Equal(at(time.Second)))

			a.Stop()
			Expect(clk.Pending()).To(Equal(2))
			Expect(clk.Step()).To(BeTrue())
			Expect(clk.Pending()).To(Equal(1))
			Expect(clk.Fired()).To(Equal(1))
			Expect(next()).To(Equal(at(2 * time.Second)))

			Expect(clk.RunUntilIdle(0)).To(Succeed())
			Expect(clk.Fired()).To(Equal(2))
			when, ok := clk.Next()
			Expect(ok).To(BeFalse())
			Expect(when).To(BeZero())
		})

		It("NextElapsed is Next as time since the start, even when the top timer was stopped", func() {
			nextElapsed := func() time.Duration {
				GinkgoHelper()
				d, ok := clk.NextElapsed()
				Expect(ok).To(BeTrue(), "nothing pending")
				Expect(d).To(Equal(next().Sub(epoch)), "NextElapsed and Next disagree")
				return d
			}
			_, ok := clk.NextElapsed()
			Expect(ok).To(BeFalse())
			first := clk.After(time.Second, rec("a"))
			clk.After(1500*time.Millisecond, rec("b"))
			Expect(nextElapsed()).To(Equal(time.Second))
			first.Stop()
			Expect(nextElapsed()).To(Equal(1500 * time.Millisecond))
			Expect(clk.Step()).To(BeTrue())
			d, ok := clk.NextElapsed()
			Expect(ok).To(BeFalse())
			Expect(d).To(BeZero())
		})
	})

	Describe("the event budget", func() {
		// forever schedules an event that reschedules itself every
		// millisecond: the runaway model the budget exists to stop.
		forever := func() {
			var self fakes.Timer
			self = clk.After(time.Millisecond, func() { self.ResetAfter(time.Millisecond) })
		}

		It("stops RunUntilIdle(limit) with a *BudgetError that names the limit and what is pending", func() {
			forever()
			clk.After(time.Hour, func() {})

			err := clk.RunUntilIdle(100)
			Expect(err).To(MatchError(fakes.ErrBudgetExhausted))
			var be *fakes.BudgetError
			Expect(errors.As(err, &be)).To(BeTrue())
			Expect(be.Limit).To(Equal(100))
			Expect(be.Pending).To(Equal(2))
			Expect(be.At).To(Equal(100 * time.Millisecond))
			Expect(err.Error()).To(ContainSubstring("budget of 100 events"))
			Expect(err.Error()).To(ContainSubstring("2 events still pending"))
			Expect(err.Error()).To(ContainSubstring("T+00:00.100"))
			Expect(clk.Fired()).To(Equal(100))
		})

		It("lets RunUntilIdle fire exactly limit events without error", func() {
			for i := range 100 {
				clk.After(time.Duration(i)*time.Second, func() {})
			}

			Expect(clk.RunUntilIdle(100)).To(Succeed())
			Expect(clk.Fired()).To(Equal(100))
		})

		It("uses the clock's budget for RunUntilIdle(0)", func() {
			clk.SetBudget(50)
			forever()

			var be *fakes.BudgetError
			Expect(errors.As(clk.RunUntilIdle(0), &be)).To(BeTrue())
			Expect(be.Limit).To(Equal(50))
			Expect(clk.Fired()).To(Equal(50))
		})

		It("stops RunFor with a *BudgetError short of its target", func() {
			clk.SetBudget(10)
			forever()

			err := clk.RunFor(time.Hour)
			Expect(err).To(MatchError(fakes.ErrBudgetExhausted))
			Expect(clk.Fired()).To(Equal(10))
			Expect(clk.Elapsed()).To(Equal(10 * time.Millisecond))
		})

		It("is per call, not per clock", func() {
			clk.SetBudget(10)
			for i := range 16 {
				clk.After(time.Duration(i+1)*time.Second, func() {})
			}

			Expect(clk.RunFor(8 * time.Second)).To(Succeed())
			Expect(clk.RunFor(8 * time.Second)).To(Succeed())
			Expect(clk.Fired()).To(Equal(16))
		})

		It("is restored to the default by SetBudget(0)", func() {
			clk.SetBudget(10)
			clk.SetBudget(0)
			Expect(clk.Budget()).To(Equal(fakes.DefaultBudget))
		})
	})

	Describe("re-entrant runs", func() {
		It("refuses RunFor, RunUntil and RunUntilIdle from inside a callback without firing anything", func() {
			var errs []error
			clk.After(time.Second, func() {
				errs = append(errs,
					clk.RunFor(time.Hour),
					clk.RunUntil(at(time.Hour)),
					clk.RunUntilIdle(0))
				rec("outer")()
			})
			clk.After(2*time.Second, rec("later"))

			Expect(clk.RunFor(time.Minute)).To(Succeed())
			Expect(errs).To(HaveEach(MatchError(fakes.ErrReentrantRun)))
			Expect(errs).To(HaveLen(3))
			Expect(log).To(Equal([]string{"outer@T+00:01.000", "later@T+00:02.000"}))
			Expect(clk.RunFor(time.Minute)).To(Succeed())
		})
	})

	Describe("matches a reference model", func() {
		It("fires in the same order as a sorted list over thousands of random schedule, stop and reset operations", func() {
			const seed1, seed2, ops = 20240301, 7, 4000
			clock := &clockAdapter{clk: fakes.NewClock(epoch)}
			model := &refClock{}

			got := exercise(clock, rand.New(rand.NewPCG(seed1, seed2)), ops)
			want := exercise(model, rand.New(rand.NewPCG(seed1, seed2)), ops)

			Expect(clock.errs).To(BeEmpty())
			i := firstDiff(got, want)
			Expect(i).To(Equal(-1), func() string {
				lo := max(i-5, 0)
				return fmt.Sprintf("diverged at entry %d\nclock: %q\nmodel: %q", i, got[lo:min(i+5, len(got))], want[lo:min(i+5, len(want))])
			})
			// Guard against a driver that exercises too little to mean
			// anything: many fires, many of them tied with the previous one.
			var fires, ties int
			var last string
			for _, e := range got {
				if when, ok := cutPrefixFire(e); ok {
					fires++
					if when == last {
						ties++
					}
					last = when
				}
			}
			Expect(fires).To(BeNumerically(">", 1500))
			Expect(ties).To(BeNumerically(">", 200))
		})
	})
})

var _ = DescribeTable("FormatOffset",
	func(d time.Duration, want string) {
		Expect(fakes.FormatOffset(d)).To(Equal(want))
	},
	Entry("zero", time.Duration(0), "T+00:00.000"),
	Entry("seconds", 5*time.Second, "T+00:05.000"),
	Entry("minutes and milliseconds", time.Minute+2*time.Second+3*time.Millisecond, "T+01:02.003"),
	Entry("sub-millisecond truncates", 1500*time.Microsecond, "T+00:00.001"),
	Entry("just under an hour", time.Hour-time.Millisecond, "T+59:59.999"),
	Entry("an hour", time.Hour, "T+01:00:00.000"),
	Entry("hours", time.Hour+2*time.Minute+3*time.Second+4*time.Millisecond, "T+01:02:03.004"),
	Entry("just under a day", 24*time.Hour-time.Millisecond, "T+23:59:59.999"),
	Entry("a day", 24*time.Hour, "T+1d00:00:00.000"),
	Entry("days", 51*time.Hour+4*time.Minute+5*time.Second+6*time.Millisecond, "T+2d03:04:05.006"),
	Entry("negative", -5*time.Second, "T-00:05.000"),
	Entry("negative hours", -(time.Hour+time.Millisecond), "T-01:00:00.001"),
)

// scheduler is what the property spec drives: the fake clock and the
// reference model behind one interface, in integer nanoseconds since start.
type scheduler interface {
	setFire(func(id int))
	now() int64
	schedule(id int, at int64)
	after(id int, d int64)
	stop(id int) bool
	reset(id int, at int64) bool
	step() bool
	runFor(d int64)
	runUntilIdle()
	pending() int
}

// exercise performs ops random operations on s, some of them from inside
// callbacks, and returns a log of everything observable. Given the same
// seed, two correct schedulers consume the random stream identically and
// return identical logs; the first divergence is the first misbehaviour.
func exercise(s scheduler, rng *rand.Rand, ops int) []string {
	const grid = int64(10 * time.Millisecond) // a coarse grid makes ties common
	var log []string
	ids := 0
	var op func(nested bool)
	s.setFire(func(id int) {
		log = append(log, fmt.Sprintf("fire %d @%d", id, s.now()))
		if rng.IntN(10) < 3 {
			op(true)
		}
	})
	op = func(nested bool) {
		k := rng.IntN(10)
		if nested {
			k = rng.IntN(8) // no Step or RunFor from inside a callback
		}
		switch {
		case k < 3:
			at := s.now() + (rng.Int64N(60)-10)*grid // some in the past
			s.schedule(ids, at)
			log = append(log, fmt.Sprintf("schedule %d @%d", ids, at))
			ids++
		case k < 4:
			d := (rng.Int64N(30) - 5) * grid // some negative
			s.after(ids, d)
			log = append(log, fmt.Sprintf("after %d %d", ids, d))
			ids++
		case k < 8:
			if ids == 0 {
				return
			}
			id := rng.IntN(ids)
			if k < 6 {
				log = append(log, fmt.Sprintf("stop %d %t", id, s.stop(id)))
				return
			}
			at := s.now() + (rng.Int64N(60)-10)*grid
			log = append(log, fmt.Sprintf("reset %d @%d %t", id, at, s.reset(id, at)))
		case k < 9:
			log = append(log, fmt.Sprintf("step %t", s.step()))
		default:
			s.runFor(rng.Int64N(20) * grid)
		}
	}
	for range ops {
		op(false)
		log = append(log, fmt.Sprintf("now %d pending %d", s.now(), s.pending()))
	}
	s.runUntilIdle()
	return append(log, fmt.Sprintf("idle now %d pending %d", s.now(), s.pending()))
}

func cutPrefixFire(e string) (when string, ok bool) {
	var id int
	if _, err := fmt.Sscanf(e, "fire %d @%s", &id, &when); err != nil {
		return "", false
	}
	return when, true
}

func firstDiff(a, b []string) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	if len(a) != len(b) {
		return min(len(a), len(b))
	}
	return -1
}

// clockAdapter drives a fakes.Clock for the property spec.
type clockAdapter struct {
	clk    *fakes.Clock
	timers []fakes.Timer // by id
	fire   func(id int)
	errs   []error
}

func (c *clockAdapter) setFire(f func(id int)) { c.fire = f }
func (c *clockAdapter) now() int64             { return int64(c.clk.Elapsed()) }
func (c *clockAdapter) pending() int           { return c.clk.Pending() }
func (c *clockAdapter) step() bool             { return c.clk.Step() }

func (c *clockAdapter) schedule(id int, at int64) {
	c.timers = append(c.timers, c.clk.Schedule(epoch.Add(time.Duration(at)), func() { c.fire(id) }))
}

func (c *clockAdapter) after(id int, d int64) {
	c.timers = append(c.timers, c.clk.After(time.Duration(d), func() { c.fire(id) }))
}

func (c *clockAdapter) stop(id int) bool { return c.timers[id].Stop() }

func (c *clockAdapter) reset(id int, at int64) bool {
	return c.timers[id].Reset(epoch.Add(time.Duration(at)))
}

func (c *clockAdapter) runFor(d int64) {
	if err := c.clk.RunFor(time.Duration(d)); err != nil {
		c.errs = append(c.errs, err)
	}
}

func (c *clockAdapter) runUntilIdle() {
	if err := c.clk.RunUntilIdle(0); err != nil {
		c.errs = append(c.errs, err)
	}
}

// refClock is the reference model: a slice kept sorted by (at, seq),
// written from the documented semantics with no heap, so a slip in the
// clock's heap bookkeeping cannot be repeated here.
type refClock struct {
	t    int64
	seq  uint64
	q    []refEvent
	fire func(id int)
}

type refEvent struct {
	at  int64
	seq uint64
	id  int
}

func (r *refClock) setFire(f func(id int)) { r.fire = f }
func (r *refClock) now() int64             { return r.t }
func (r *refClock) pending() int           { return len(r.q) }

func (r *refClock) insert(id int, at int64) {
	r.seq++
	e := refEvent{at: max(at, r.t), seq: r.seq, id: id}
	i := sort.Search(len(r.q), func(i int) bool {
		q := r.q[i]
		return q.at > e.at || (q.at == e.at && q.seq > e.seq)
	})
	r.q = slices.Insert(r.q, i, e)
}

func (r *refClock) schedule(id int, at int64) { r.insert(id, at) }
func (r *refClock) after(id int, d int64)     { r.insert(id, r.t+max(d, 0)) }

func (r *refClock) stop(id int) bool {
	i := slices.IndexFunc(r.q, func(e refEvent) bool { return e.id == id })
	if i < 0 {
		return false
	}
	r.q = slices.Delete(r.q, i, i+1)
	return true
}

func (r *refClock) reset(id int, at int64) bool {
	was := r.stop(id)
	r.insert(id, at)
	return was
}

func (r *refClock) step() bool {
	if len(r.q) == 0 {
		return false
	}
	e := r.q[0]
	r.q = slices.Delete(r.q, 0, 1)
	r.t = e.at
	r.fire(e.id)
	return true
}

func (r *refClock) runFor(d int64) {
	end := r.t + max(d, 0)
	for len(r.q) > 0 && r.q[0].at <= end {
		r.step()
	}
	r.t = end
}

func (r *refClock) runUntilIdle() {
	for r.step() {
	}
}
