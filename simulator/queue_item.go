package simulator

// A queue item is what it runs, an itemCode, and the callback it was
// queued for. The code is a pointer-shaped value in an interface (a block
// is a func, a typed item a pointer to what it works on), so an item is
// four words with three pointers and storing one allocates nothing. It
// had been a kind and a field for what each kind needed (nine words, seven
// pointers): appending one while the collector marked paid a bulk write
// barrier over all of them, and dropping it another, about 8% of a
// walkthrough's time with the collector on (queue.push and pop in a CPU
// profile).
type queueItem struct {
	code   itemCode
	origin string // the callback whose code queued a block; "" for what the system queues
}

// itemCode is the code of a queue item: the app's block, or one of the
// simulator's typed items (the hot paths: a session's events, progress
// reports, lifecycle callbacks), which queue no closure.
type itemCode interface {
	// run calls the app's code of the item at the head of q.
	run(q *queue)
	// over does what follows the item once its code and the Work it
	// asked for are over and it has left q (queue.returned).
	over(q *queue)
}

// block is a block of the app's code (App.InvokeOnMainThread,
// DispatchBackground...) or a closure of the simulator's. A func is
// pointer-shaped: as an itemCode it is stored as it is.
type block func()

func (f block) run(*queue) { f() }
func (block) over(*queue)  {}

// callbackItem is the step at the head of a process's lifecycle callbacks
// (dispatch.go): the item is the process, whose main queue it is on.
type callbackItem process

func (c *callbackItem) run(*queue) {
	p := (*process)(c)
	p.s.runStep(p)
}

func (c *callbackItem) over(*queue) {
	p := (*process)(c)
	p.s.endStep(p)
}

// deliverItem is the next event of the session of a session object, for
// that object (pump, delivery.go): the object is the one its session is
// connected to, which owns the delegate queue.
type deliverItem sessionObj

func (d *deliverItem) run(*queue) {
	so := (*sessionObj)(d)
	so.b.deliverNext(so)
}

func (d *deliverItem) over(*queue) { d.b.delivered() }

// handleEventsItem is HandleEventsForBackgroundURL for a wake of a session
// (relaunch.go), with a completion handler of its own.
type handleEventsItem wake

func (h *handleEventsItem) run(q *queue) {
	w := (*wake)(h)
	w.b.callHandleEvents(q.p, w.handlerFunc())
}

func (h *handleEventsItem) over(*queue) { h.b.handleEventsReturned((*wake)(h)) }
