package simulator

import (
	"bytes"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"
)

// TestAppLinesStoreWhatAddStores stores random app lines, each both as
// an Event through add and through addAppLine, in two stores: the bytes
// written, block by block, and the events read back are the same.
func TestAppLinesStoreWhatAddStores(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 31))
	var byAdd, typed traceStore
	pick := func(xs ...string) string { return xs[rng.IntN(len(xs))] }
	var at time.Duration
	for range 5000 {
		line := []*appLine{&uiLine, &logLine}[rng.IntN(2)]
		pid := []int{0, 1, 2, 300, -5}[rng.IntN(5)]
		queue := pick("", QueueMain, QueueDelegate, strings.Clone(QueueMain), "a queue of the app's")
		text := pick("", "progress 6%", strings.Repeat("long line ", rng.IntN(2*traceBlockSize/10)))
		var d *detail
		if rng.IntN(2) == 0 {
			d = new(detail)
			args := []any{pick("a", "", "started"), rng.IntN(1000), int64(-7)}[:rng.IntN(4)]
			if !d.set(pick("started %s", "progress %d%%", "%s %d %d", "plain"), args) {
				t.Fatalf("set refused %v", args)
			}
		}
		at += []time.Duration{0, 0, time.Millisecond, 5 * time.Second, 3 * time.Hour}[rng.IntN(5)]
		e := Event{Actor: ActorApp, Kind: line.kind, Process: pid, Queue: queue, Detail: text, At: at}
		byAdd.add(&e, d)
		typed.addAppLine(line.word, pid, queue, text, d, at)
	}
	if len(typed.blocks) < 3 || len(typed.blocks) != len(byAdd.blocks) {
		t.Fatalf("%d blocks typed, %d by add; the test wants several", len(typed.blocks), len(byAdd.blocks))
	}
	for k := range byAdd.blocks {
		if !bytes.Equal(typed.blocks[k], byAdd.blocks[k]) {
			t.Fatalf("block %d differs", k)
		}
	}
	if !reflect.DeepEqual(typed.events(), byAdd.events()) {
		t.Fatal("the events read back differ")
	}
}
