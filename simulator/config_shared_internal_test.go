package simulator

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/bgsim/bgsim/appmodel"
	"github.com/bgsim/bgsim/fakes"
)

// TestSharedDefaults: a Sim's Config is its Config's own defaults and its
// verdict is theirs (withDefaults, validate), whether New shared the zero
// Config's defaults, made once, for it (sharesDefaults) or not; checked
// over Configs that set, at random, the fields it looks at and others,
// valid and not. Runs on the shared defaults leave them as they were.
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
		s := New(c)
		want := c.withDefaults()
		if got := s.Config(); got != want || (s.cfgErr == nil) != (c.validate(want) == nil) {
			t.Fatalf("New(%+v).Config() = %+v, %v; withDefaults = %+v, %v", c, got, s.cfgErr, want, c.validate(want))
		}
		if !c.sharesDefaults() {
			if s.cfg.Config == zeroDefaults() {
				t.Fatalf("New(%+v) shares the zero Config's defaults", c)
			}
			continue
		}
		shared++
		if s.cfg.Config != zeroDefaults() || s.cfgErr != nil {
			t.Fatalf("New(%+v) does not share the zero Config's defaults, or finds them invalid: %v", c, s.cfgErr)
		}
		if shared <= 20 { // runs that read every part of the Config write none of it
			s.Install(appmodel.NewRefApp(appmodel.RefOptions{}))
			if err := s.Network().AddResource(appmodel.RefImageURL, fakes.Resource{Size: 1 << 20}); err != nil {
				t.Fatal(err)
			}
			if err := s.Launch(); err != nil {
				t.Fatal(err)
			}
			if err := s.RunFor(time.Minute); err != nil {
				t.Fatal(err)
			}
		}
	}
	if shared < 1000 {
		t.Errorf("only %d Configs took the shared defaults: the check covers too few", shared)
	}
	if *zeroDefaults() != (Config{}).withDefaults() {
		t.Errorf("the shared defaults were written")
	}
}
