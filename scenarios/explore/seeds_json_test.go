package explore_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/bgsim/bgsim/scenarios/explore"
)

// A JSON result writes its seed range with lower-case keys, like its
// other keys, and still reads a result written with the old "First" and
// "Last", which explore merge must go on merging.
func TestReportSeedsJSONKeysAreLowerCaseAndOldResultsRead(t *testing.T) {
	b, err := json.Marshal(explore.Report{Target: "t", Seeds: explore.Seeds{First: 3, Last: 9}})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"seeds":{"first":3,"last":9}`) {
		t.Errorf("the result writes %s", b)
	}
	var old explore.Report
	if err := json.Unmarshal([]byte(`{"target":"t","seeds":{"First":3,"Last":9},"shard":0,"shards":2}`), &old); err != nil {
		t.Fatal(err)
	}
	if old.Seeds != (explore.Seeds{First: 3, Last: 9}) || old.Shards != 2 {
		t.Errorf("an old result reads as %+v", old)
	}
	merged := explore.Merge([]explore.Report{old, {Target: "t", Seeds: explore.Seeds{First: 3, Last: 9}, Shard: 1, Shards: 2}})
	if merged.Seeds != (explore.Seeds{First: 3, Last: 9}) {
		t.Errorf("an old result and a new one merge into seeds %s", merged.Seeds)
	}
}
