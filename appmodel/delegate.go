package appmodel

// AppDelegate mirrors UIApplicationDelegate. Embed AppDelegateBase and
// override what you need, as a Xamarin app overrides UIApplicationDelegate.
// Every method runs on the main queue.
type AppDelegate interface {
	// FinishedLaunching: the process has launched (R-L2), for the user or
	// into the background for session events. Xamarin: FinishedLaunching;
	// Swift: application(_:didFinishLaunchingWithOptions:).
	FinishedLaunching(app App, opts LaunchOptions)
	// OnActivated: the app is active in the foreground. Xamarin: OnActivated;
	// Swift: applicationDidBecomeActive(_:).
	OnActivated(app App)
	// OnResignActivation: the app is about to leave the active state.
	// Xamarin: OnResignActivation; Swift: applicationWillResignActive(_:).
	OnResignActivation(app App)
	// DidEnterBackground: the app is in the background and has about
	// five seconds before it is suspended (R-L3). Xamarin/Swift:
	// DidEnterBackground / applicationDidEnterBackground(_:).
	DidEnterBackground(app App)
	// WillEnterForeground: the app is coming back to the foreground. Xamarin:
	// WillEnterForeground; Swift: applicationWillEnterForeground(_:).
	WillEnterForeground(app App)
	// WillTerminate: the running app is being ended, by the system or by
	// the user swiping it away in the app switcher; never for a suspended
	// app, a crash or a watchdog kill (R-L7). Xamarin: WillTerminate;
	// Swift: applicationWillTerminate(_:).
	WillTerminate(app App)
	// HandleEventsForBackgroundURL: events of a background session are
	// waiting (R-D1); keep completionHandler and call it on the main thread
	// once DidFinishEventsForBackgroundSession has come (R-D3, R-D4).
	// Xamarin: HandleEventsForBackgroundUrl; Swift:
	// application(_:handleEventsForBackgroundURLSession:completionHandler:).
	HandleEventsForBackgroundURL(app App, sessionIdentifier string, completionHandler func())
}

// AppDelegateBase implements every AppDelegate method as a no-op. Embed it.
type AppDelegateBase struct{}

// FinishedLaunching does nothing.
func (AppDelegateBase) FinishedLaunching(App, LaunchOptions) {}

// OnActivated does nothing.
func (AppDelegateBase) OnActivated(App) {}

// OnResignActivation does nothing.
func (AppDelegateBase) OnResignActivation(App) {}

// DidEnterBackground does nothing.
func (AppDelegateBase) DidEnterBackground(App) {}

// WillEnterForeground does nothing.
func (AppDelegateBase) WillEnterForeground(App) {}

// WillTerminate does nothing.
func (AppDelegateBase) WillTerminate(App) {}

// HandleEventsForBackgroundURL does nothing: the completion handler is never
// called, which the simulator reports (R-D4).
func (AppDelegateBase) HandleEventsForBackgroundURL(App, string, func()) {}

// Factory makes the app model of one process. The simulator calls it at
// every launch (R-L6).
type Factory func() AppDelegate
