package fakes_test

import (
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/bgsim/bgsim/fakes"
)

var _ = Describe("Clock tickets", func() {
	var (
		clk *fakes.Clock
		log []string
	)
	rec := func(name string) func() { return func() { log = append(log, name) } }
	at := func(d time.Duration) time.Time { return epoch.Add(d) }

	BeforeEach(func() {
		clk = fakes.NewClock(epoch)
		log = nil
	})

	It("fires an event scheduled with an early ticket where an event scheduled when the ticket was taken would have", func() {
		clk.Schedule(at(time.Second), rec("a"))
		tk := clk.Ticket()
		clk.Schedule(at(time.Second), rec("c"))
		clk.Schedule(at(time.Second), rec("d"))
		clk.ScheduleTicket(at(time.Second), tk, rec("b")) // scheduled last, placed second

		Expect(clk.RunUntilIdle(0)).To(Succeed())
		Expect(log).To(Equal([]string{"a", "b", "c", "d"}))
	})

	It("orders by due time first: a ticket only breaks ties", func() {
		tk := clk.Ticket()
		clk.Schedule(at(time.Second), rec("a"))
		clk.ScheduleTicket(at(2*time.Second), tk, rec("b"))

		Expect(clk.RunUntilIdle(0)).To(Succeed())
		Expect(log).To(Equal([]string{"a", "b"}))
	})

	It("takes a ticket without scheduling anything", func() {
		clk.Ticket()
		Expect(clk.Pending()).To(BeZero())
		_, ok := clk.Next()
		Expect(ok).To(BeFalse())
	})

	It("gives a handle that stops the event like any other", func() {
		tk := clk.Ticket()
		tm := clk.ScheduleTicket(at(time.Second), tk, rec("b"))
		Expect(tm.Pending()).To(BeTrue())
		Expect(tm.When()).To(Equal(at(time.Second)))
		Expect(tm.Stop()).To(BeTrue())
		Expect(clk.RunUntilIdle(0)).To(Succeed())
		Expect(log).To(BeEmpty())
	})
})
