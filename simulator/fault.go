package simulator

// fault records a defect of the simulator itself, such as an illegal move
// of one of its state machines: the trace shows it, and the Run call that
// saw it returns the first one as its error, so a spec cannot miss it.
func (s *Sim) fault(err error) {
	s.emit(Event{Actor: ActorSystem, Kind: KindSystem, Detail: "simulator fault: " + err.Error()})
	if r := s.rarely(); r.faultErr == nil {
		r.faultErr = err
	}
}

// takeFault returns the first fault since the last call, and forgets it.
func (s *Sim) takeFault() error {
	if s.rare == nil {
		return nil
	}
	err := s.rare.faultErr
	s.rare.faultErr = nil
	return err
}
