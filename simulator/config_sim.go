package simulator

// simConfig is a Sim's Config with its defaults. Nearly every run's Config
// differs from the zero Config only in its Scenario, Seed, Jitter and
// TraceKeep (sharesDefaults): those four are the simConfig's own fields,
// and the rest is the zero Config's defaults, made once and shared by
// every such Sim (zeroDefaults), rather than 280 bytes copied into each
// (they took the Sim into the 2,688-byte size class). Any other Config
// has a copy of its own. Go's selectors take the shallower field, so
// s.cfg.Seed is the Sim's own and s.cfg.BackgroundGrace the shared one:
// every field reads as a Config's would. The shared Config is never
// written (TestSharedDefaults checks it after runs).
type simConfig struct {
	*Config
	Scenario  string
	Seed      uint64
	TraceKeep TraceKeep
	Jitter    bool
}

// set makes c cfg with its defaults, and returns cfg's verdict
// (Config.Validate). A Config of c's own is made in spare if not nil: a
// reset Sim's last own Config (Sim.Reset), which nothing else holds.
func (c *simConfig) set(cfg *Config, spare *Config) error {
	var err error
	if cfg.sharesDefaults() {
		c.Config = zeroDefaults()
	} else {
		own := spare
		if own == nil {
			own = new(Config)
		}
		*own = cfg.withDefaults()
		err = cfg.validate(*own) // Validate, without making the defaults twice
		c.Config = own
	}
	c.Scenario, c.Seed, c.TraceKeep, c.Jitter = cfg.Scenario, cfg.Seed, cfg.TraceKeep, cfg.Jitter
	return err
}

// full is the whole Config, as Sim.Config returns it.
func (c *simConfig) full() Config {
	f := *c.Config
	f.Scenario, f.Seed, f.TraceKeep, f.Jitter = c.Scenario, c.Seed, c.TraceKeep, c.Jitter
	return f
}
