package fakes

// A simulator plays run after run on one Network, made anew with Init
// for each (Sim.Reset), and each run starts much as the one before did,
// publishing resources at the URLs of the run before. What a run found
// out that a later one can use as it is, the network keeps in a netKept,
// made by the first Init of a network in use: a network made once makes
// none, and the methods here do without it on a nil one. None of it is a
// run's state: a run plays the same with it or without it.
type netKept struct {
	// plain are URLs that are their own canonical form, up to
	// maxKeptURLs: comparing a URL with them costs a few instructions
	// where canonicalURL's look at each of its bytes cost ~270 (a
	// walkthrough publishes two resources).
	plain []string
}

// maxKeptURLs is how many URLs a network keeps for the runs after: the
// catalog's scenarios publish at most four resources a run.
const maxKeptURLs = 8

// canonicalURL is canonicalURL(raw), raw not looked at again if it is one
// of the URLs found their own canonical form before.
func (k *netKept) canonicalURL(raw string) (string, error) {
	if k == nil {
		return canonicalURL(raw)
	}
	for _, u := range k.plain {
		if u == raw {
			return raw, nil
		}
	}
	u, err := canonicalURL(raw)
	if err == nil && u == raw && len(k.plain) < maxKeptURLs {
		k.plain = append(k.plain, raw)
	}
	return u, err
}
