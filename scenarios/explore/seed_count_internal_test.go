package explore

import "testing"

// SeedCount, which Check holds to MaxSeeds and bgsim explore's progress
// bar counts to, is the number of seeds the shard plays: len(seeds()).
func TestSeedCountIsTheShardsSeeds(t *testing.T) {
	for _, o := range []Options{
		{Seeds: Seeds{First: 1, Last: 10}},
		{Seeds: Seeds{First: 1, Last: 10}, Shard: 0, Shards: 3},
		{Seeds: Seeds{First: 1, Last: 10}, Shard: 1, Shards: 3},
		{Seeds: Seeds{First: 1, Last: 10}, Shard: 2, Shards: 3},
		{Seeds: Seeds{First: 5, Last: 6}, Shard: 3, Shards: 4},
		{Seeds: Seeds{First: 7, Last: 7}, Shard: 0, Shards: 2},
		{}, // the default seeds
	} {
		if got, want := o.SeedCount(), uint64(len(o.withDefaults().seeds())); got != want {
			t.Errorf("%+v: SeedCount() = %d, want %d", o, got, want)
		}
	}
}
