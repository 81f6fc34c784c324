package explore

import "testing"

// SeedCount, which Check holds to MaxSeeds and bgsim explore's progress
// bar counts to, and seedAt, which Run plays, are the shard's seeds: every
// seed of the range whose distance from its first is the shard modulo the
// shards, in order.
func TestSeedCountAndSeedAtAreTheShardsSeeds(t *testing.T) {
	for _, o := range []Options{
		{Seeds: Seeds{First: 1, Last: 10}},
		{Seeds: Seeds{First: 1, Last: 10}, Shard: 0, Shards: 3},
		{Seeds: Seeds{First: 1, Last: 10}, Shard: 1, Shards: 3},
		{Seeds: Seeds{First: 1, Last: 10}, Shard: 2, Shards: 3},
		{Seeds: Seeds{First: 5, Last: 6}, Shard: 3, Shards: 4},
		{Seeds: Seeds{First: 7, Last: 7}, Shard: 0, Shards: 2},
		{Seeds: Seeds{First: 1<<64 - 8, Last: 1<<64 - 1}, Shard: 2, Shards: 3}, // up to the last seed
		{}, // the default seeds
	} {
		o := o.withDefaults()
		var want []uint64
		for s := o.Seeds.First; ; s++ {
			if (s-o.Seeds.First)%uint64(o.Shards) == uint64(o.Shard) {
				want = append(want, s)
			}
			if s == o.Seeds.Last {
				break
			}
		}
		if got := o.SeedCount(); got != uint64(len(want)) {
			t.Errorf("%+v: SeedCount() = %d, want %d", o, got, len(want))
		}
		for i, s := range want {
			if got := o.seedAt(i); got != s {
				t.Errorf("%+v: seedAt(%d) = %d, want %d", o, i, got, s)
			}
		}
	}
}
