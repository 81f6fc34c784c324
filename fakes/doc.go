// Package fakes holds the deterministic stand-ins a simulation runs on: the
// fake clock (a discrete-event scheduler in virtual time), the fake network
// and the in-memory file system.
//
// The network serves what is published on it: [Network.AddResource] for a
// download, [Network.AddUploadEndpoint] for an endpoint that accepts uploads
// (its status, response body and latency in one line). Its [Link] is
// connected unless it says otherwise: the zero [LinkKind] is [WiFi], and
// [Offline] is always asked for.
//
// Nothing here reads the real clock, starts a goroutine or draws from global
// randomness: given the same calls in the same order, every fake produces the
// same results, which is what makes a bgsim trace byte-for-byte repeatable.
package fakes
