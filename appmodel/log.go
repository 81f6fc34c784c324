package appmodel

// TypedLogger is an App whose log also takes a line's arguments typed (a
// string, one int, two ints) rather than boxed in interfaces, as Log's
// ...any must box them: a call through an interface cannot keep them on
// the caller's stack. The simulator's App is a TypedLogger: it keeps the
// format and the arguments as they are and writes the line only when the
// trace is read, so a line logged this way costs no allocation.
//
// Each method writes exactly the text Log writes with the same format and
// arguments. Call them through LogString, LogInt and LogInts, which fall
// back on Log for an App that is not a TypedLogger (one that wraps the
// simulator's, say):
//
//	appmodel.LogInt(app, "started download %d", i) // app.Log("started download %d", i)
type TypedLogger interface {
	// LogString is Log(format, s).
	LogString(format, s string)
	// LogInt is Log(format, n).
	LogInt(format string, n int)
	// LogInts is Log(format, m, n).
	LogInts(format string, m, n int)
}

// LogString writes app.Log(format, s), through app's LogString if app is a
// TypedLogger.
func LogString(app App, format, s string) {
	if l, ok := app.(TypedLogger); ok {
		l.LogString(format, s)
		return
	}
	app.Log(format, s)
}

// LogInt writes app.Log(format, n), through app's LogInt if app is a
// TypedLogger.
func LogInt(app App, format string, n int) {
	if l, ok := app.(TypedLogger); ok {
		l.LogInt(format, n)
		return
	}
	app.Log(format, n)
}

// LogInts writes app.Log(format, m, n), through app's LogInts if app is a
// TypedLogger.
func LogInts(app App, format string, m, n int) {
	if l, ok := app.(TypedLogger); ok {
		l.LogInts(format, m, n)
		return
	}
	app.Log(format, m, n)
}
