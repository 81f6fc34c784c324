package fakes

// flowHeap orders the flowing transfers by (threshold, id). It holds each
// flow's key by value beside the transfer, so that sifting compares
// entries in one array rather than chasing a pointer per comparison, and it
// is written out rather than going through container/heap (whose algorithm
// it keeps, step for step) so that nothing is boxed or called through an
// interface. Each transfer keeps its index for O(log n) removal and fix.
//
// A hundred thousand transfers may flow at once. A slice grown by append
// would copy the heap at every growth and leave five times its final size
// to the collector (append grows big slices by a quarter), so the entries
// are in blocks of flowBlock, which never move: entry i is at
// blocks[i/flowBlock][i%flowBlock]. Only the first block grows by append,
// so a network with a few flows keeps a few entries.
type flowHeap struct {
	blocks [][]flowEntry
	n      int
	block1 [1][]flowEntry // blocks' first array: most networks never need a second block
}

// flowEntry is a flow's place in the heap: 24 bytes. The id that breaks
// ties is read through t rather than kept here: a tie is followed by a
// swap, which writes to t anyway, nearly as often as not.
type flowEntry struct {
	thr u128
	t   *Transfer
}

const (
	flowShift = 9
	flowBlock = 1 << flowShift // entries per block: 12 KB
	flowMask  = flowBlock - 1
	// minFlowBlock is the first block's first size: one, for the network
	// of a few transfers at a time (a walkthrough's one download), which
	// would leave most of a bigger block empty; it doubles from there.
	minFlowBlock = 1
)

func (h *flowHeap) len() int { return h.n }

// at is entry i, which must be below len.
func (h *flowHeap) at(i int) *flowEntry { return &h.blocks[i>>flowShift][i&flowMask] }

func (h *flowHeap) less(i, j int) bool {
	a, b := h.at(i), h.at(j)
	return a.thr.less(b.thr) || (a.thr == b.thr && a.t.id < b.t.id)
}

func (h *flowHeap) swap(i, j int) {
	a, b := h.at(i), h.at(j)
	*a, *b = *b, *a
	a.t.hidx = int32(i)
	b.t.hidx = int32(j)
}

// push adds t with threshold thr.
func (h *flowHeap) push(t *Transfer, thr u128) {
	k := h.n >> flowShift
	switch {
	case k == len(h.blocks):
		size := flowBlock
		if k == 0 {
			size = minFlowBlock
			h.blocks = h.block1[:0]
			if kept := h.block1[0]; cap(kept) > 0 { // made with the first transfer (newFirst), or kept by Network.Reset
				h.blocks = append(h.blocks, kept)
				break
			}
		}
		h.blocks = append(h.blocks, make([]flowEntry, 0, size))
	case len(h.blocks[k]) == cap(h.blocks[k]):
		// Only the first block can be full below flowBlock entries: it
		// doubles, up to a whole block.
		b := make([]flowEntry, len(h.blocks[k]), min(2*cap(h.blocks[k]), flowBlock))
		copy(b, h.blocks[k])
		h.blocks[k] = b
	}
	h.blocks[k] = append(h.blocks[k], flowEntry{thr: thr, t: t})
	t.hidx = int32(h.n)
	h.n++
	h.up(h.n - 1)
}

// remove takes out entry i.
func (h *flowHeap) remove(i int) {
	n := h.n - 1
	if n != i {
		h.swap(i, n)
		if !h.down(i, n) {
			h.up(i)
		}
	}
	k := n >> flowShift
	last := h.blocks[k]
	last[len(last)-1].t.hidx = -1
	last[len(last)-1] = flowEntry{}
	h.blocks[k] = last[:len(last)-1]
	h.n = n
	// Let a block go once the one before it has room to spare too, so
	// that a count going back and forth across a block's edge does not
	// make and drop a block each time.
	if k+2 == len(h.blocks) && n&flowMask < flowBlock/2 {
		h.blocks[k+1] = nil
		h.blocks = h.blocks[:k+1]
	}
}

// fix gives entry i threshold thr and restores the order.
func (h *flowHeap) fix(i int, thr u128) {
	h.at(i).thr = thr
	if !h.down(i, h.n) {
		h.up(i)
	}
}

func (h *flowHeap) up(j int) {
	for {
		i := (j - 1) / 2 // parent
		if i == j || !h.less(j, i) {
			break
		}
		h.swap(i, j)
		j = i
	}
}

func (h *flowHeap) down(i0, n int) bool {
	i := i0
	for {
		j1 := 2*i + 1
		if j1 >= n || j1 < 0 { // j1 < 0 after int overflow
			break
		}
		j := j1 // left child
		if j2 := j1 + 1; j2 < n && h.less(j2, j1) {
			j = j2 // right child
		}
		if !h.less(j, i) {
			break
		}
		h.swap(i, j)
		i = j
	}
	return i > i0
}
