package simulator

import (
	"slices"
	"testing"

	"github.com/bgsim/bgsim/appmodel"
)

// TestTaskObjPerOwner: every owner of task objects (a session object, or
// the original of a second one, R-I1) gets one object per task, the same
// at every ask, however the owners take turns; t.obj only remembers the
// last one handed out.
func TestTaskObjPerOwner(t *testing.T) {
	sim := new(Sim) // whose spares new objects would come from (Sim.Reset): none
	first, relaunched := &sessionObj{p: &process{s: sim}}, &sessionObj{p: &process{s: sim}}
	second := &sessionObj{p: relaunched.p, original: relaunched} // R-I1: shares relaunched's objects
	tasks := []*dtask{{id: 1}, {id: 2}, {id: 3}}
	seen := map[*sessionObj]map[int]*taskObj{}
	ask := func(so *sessionObj, tk *dtask) {
		t.Helper()
		o := so.taskObj(tk)
		if o.t != tk {
			t.Fatalf("task %d: object of task %d", tk.id, o.t.id)
		}
		if tk.obj != o {
			t.Fatalf("task %d: obj is not the object last handed out", tk.id)
		}
		owner := so.owner()
		if seen[owner] == nil {
			seen[owner] = map[int]*taskObj{}
		}
		if prev, ok := seen[owner][tk.id]; ok && prev != o {
			t.Fatalf("task %d: a second object for one owner", tk.id)
		}
		seen[owner][tk.id] = o
		for other, objs := range seen {
			if other != owner && objs[tk.id] == o {
				t.Fatalf("task %d: two owners share an object", tk.id)
			}
		}
	}
	// Out of id order, and back and forth between owners.
	for _, step := range []struct {
		so *sessionObj
		id int
	}{
		{first, 3}, {first, 1}, {relaunched, 1}, {first, 1}, {second, 3}, {first, 3},
		{relaunched, 3}, {second, 1}, {first, 2}, {second, 2}, {first, 2}, {relaunched, 2},
		{first, 1}, {first, 3}, {second, 1}, {relaunched, 3},
	} {
		ask(step.so, tasks[step.id-1])
	}
	if len(second.kept()) != 0 {
		t.Errorf("the second object kept %d objects of its own, want its original's", len(second.kept()))
	}
	for _, so := range []*sessionObj{first, relaunched} {
		for i := 1; i < len(so.kept()); i++ {
			if so.kept()[i-1].t.id >= so.kept()[i].t.id {
				t.Errorf("kept objects not in id order: %d before %d", so.kept()[i-1].t.id, so.kept()[i].t.id)
			}
		}
	}
}

// TestTaskObjOneOwnerKeepsNone: a session whose one object hands out all
// its tasks' objects keeps no table of them.
func TestTaskObjOneOwnerKeepsNone(t *testing.T) {
	so := &sessionObj{p: &process{}}
	for id := 1; id <= 100; id++ {
		tk := &dtask{id: id}
		if a, b := so.taskObj(tk), so.taskObj(tk); a != b {
			t.Fatalf("task %d: two objects", id)
		}
	}
	if len(so.kept()) != 0 {
		t.Errorf("kept %d objects, want none", len(so.kept()))
	}
}

// TestTaskObjEndedOwnerKeepsNone: a relaunched process's objects displace
// those of the ended one without the ended one keeping them (its calls do
// nothing, R-L6), while a live owner displaced keeps its object.
func TestTaskObjEndedOwnerKeepsNone(t *testing.T) {
	sim := new(Sim)
	ended, live, relaunched := &sessionObj{p: &process{s: sim, dead: true}}, &sessionObj{p: &process{s: sim}}, &sessionObj{p: &process{s: sim}}
	tk, tk2 := &dtask{id: 1}, &dtask{id: 2}
	ended.taskObj(tk)
	live.taskObj(tk2)
	a := relaunched.taskObj(tk)
	relaunched.taskObj(tk2)
	if len(ended.kept()) != 0 {
		t.Errorf("the ended owner kept %d objects, want none", len(ended.kept()))
	}
	if len(live.kept()) != 1 || live.kept()[0].t != tk2 {
		t.Errorf("the live owner kept %d objects, want its object of task 2", len(live.kept()))
	}
	if tk.obj != a || relaunched.taskObj(tk) != a {
		t.Error("the relaunched owner's object is not the one it keeps handing out")
	}
}

// TestResetKeepsNoTaskObjOfASessionObj: the task objects a session object
// holds (sessionObj.obj0, a walkthrough's relaunched app's) are not kept
// as spares by Reset: they are part of their process, which Reset clears
// and hands out again as a process.
func TestResetKeepsNoTaskObjOfASessionObj(t *testing.T) {
	s := New(Config{})
	if err := resetWalkthrough(s, appmodel.RefOptions{}); err != nil {
		t.Fatal(err)
	}
	var inside []*taskObj
	for p := s.made; p != nil; p = p.madeBefore {
		for _, so := range p.sessions {
			if so.obj0.t != nil {
				inside = append(inside, &so.obj0)
			}
		}
	}
	if len(inside) == 0 {
		t.Fatal("the walkthrough's relaunched app used no session object's own task object")
	}
	s.Reset(Config{})
	for _, o := range s.spares.taskObjs {
		if slices.Contains(inside, o) {
			t.Errorf("Reset kept a task object that is part of a process")
		}
	}
}
