package simulator

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/bgsim/bgsim/fakes"
)

// TestSharedDefaults: whenever New takes the zero Config's defaults, made
// once, for a Config (sharedDefaults), they are what that Config's own
// defaults and verdict would be (withDefaults, validate); checked over
// Configs that set, at random, the fields it looks at and others, valid
// and not.
func TestSharedDefaults(t *testing.T) {
	r := rand.New(rand.NewPCG(13, 1))
	shared := 0
	for range 20000 {
		var c Config
		if r.IntN(2) == 0 {
			c.Scenario = []string{"", "walkthrough", "x"}[r.IntN(3)]
		}
		if r.IntN(2) == 0 {
			c.Seed = r.Uint64N(5)
		}
		c.Jitter = r.IntN(2) == 0
		if r.IntN(2) == 0 {
			c.TraceKeep = TraceKeep(r.IntN(7) - 1) // valid and not
		}
		switch r.IntN(8) {
		case 0:
			c.BackgroundGrace = time.Duration(r.IntN(3)-1) * time.Second
		case 1:
			c.DiscretionaryBattery = r.IntN(3) * 60
		case 2:
			c.Link = fakes.Link{Kind: fakes.Offline}
		case 3:
			c.Start = DefaultStart.Add(time.Hour)
		case 4:
			c.StartOffline = true
		case 5:
			c.TraceLast = r.IntN(3) - 1
		}
		var got Config
		if !c.sharedDefaults(&got) {
			continue
		}
		shared++
		if want := c.withDefaults(); got != want {
			t.Fatalf("sharedDefaults(%+v) = %+v; withDefaults = %+v", c, got, want)
		}
		if err := c.validate(got); err != nil {
			t.Fatalf("sharedDefaults took %+v, which is invalid: %v", c, err)
		}
		if s := New(c); s.cfg != got || s.cfgErr != nil {
			t.Fatalf("New(%+v) keeps %+v, %v", c, s.cfg, s.cfgErr)
		}
	}
	if shared < 1000 {
		t.Errorf("only %d Configs took the shared defaults: the check covers too few", shared)
	}
	if *zeroDefaults() != (Config{}).withDefaults() {
		t.Errorf("the shared defaults were written")
	}
}
