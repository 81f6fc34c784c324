package scenarios

// invalidFile is a scenario file with problems and the exact messages
// the loader must give for it, in file order.
type invalidFile struct {
	name string
	src  string
	want []string
}

// okHead is the start of a valid file; cases append to it or replace it.
const okHead = `name: t
app: reference
network:
  resources:
    - url: https://images.example.com/monkey.png
      size: 30MB
steps:
  - do: launch
`

// twoSessions is a valid file whose app makes two sessions, a task in each.
const twoSessions = `name: t
app:
  policy:
    sessions: [{identifier: com.example.photos}, {identifier: com.example.docs}]
    tasks:
      - {name: photo, url: 'https://cdn.example.com/photo.jpg'}
      - {name: doc, url: 'https://cdn.example.com/doc.pdf', session: com.example.docs}
network:
  resources:
    - {url: 'https://cdn.example.com/photo.jpg', size: 1MB}
    - {url: 'https://cdn.example.com/doc.pdf', size: 1MB, status: 404}
steps: [{do: launch}, {do: run-for, for: 1m}]
`

var invalidFiles = []invalidFile{
	{name: "empty", src: "", want: []string{"bad.yaml:1:1: empty file: a scenario needs at least name, app and steps"}},
	{name: "comment only", src: "# nothing\n", want: []string{"bad.yaml:1:1: empty file: a scenario needs at least name, app and steps"}},
	{name: "two documents", src: okHead + "---\nname: u\n", want: []string{"bad.yaml:10:5: a scenario file holds one YAML document; found another; put each scenario in a file of its own"}},
	{name: "syntax error", src: "name: [t\n", want: []string{"bad.yaml:1:7: sequence end token ']' not found; close the list with ], and separate its items with commas"}},
	{name: "tab indentation", src: "name: t\napp:\n\treference: {}\n", want: []string{"bad.yaml:3:1: a tab: YAML does not allow tabs in indentation; indent with spaces"}},
	{name: "key indented less than its siblings", src: "name: t\nnetwork:\n  resources:\n    - url: https://images.example.com/monkey.png\n     size: 5MB\n", want: []string{"bad.yaml:5:6: this key is not lined up with the keys of its mapping; indentation: align the key with the key above (column 7)"}},
	{name: "key indented more than its siblings", src: "name: t\nnetwork:\n  resources: []\n   uploads: []\n", want: []string{"bad.yaml:4:4: this key is not lined up with the keys of its mapping; indentation: align the key with the key above (column 3)"}},
	{name: "flow list not closed", src: "name: t\nlabels: [a, b\nsteps:\n  - {do: launch}\n", want: []string{"bad.yaml:3:1: ',' or ']' must be specified; a [ ... ] list above is not closed: end it with ], and separate its items with commas"}},
	{name: "flow mapping not closed", src: "name: t\nsteps:\n  - {do: launch\nexpect: {}\n", want: []string{"bad.yaml:4:1: ',' or '}' must be specified; a { ... } mapping above is not closed: end it with }, and separate its entries with commas"}},
	{name: "unknown top-level key", src: okHead + "expectt: {}\n", want: []string{"bad.yaml:9:1: unknown key \"expectt\" in the scenario; did you mean \"expect\"?"}},
	{name: "duplicate key", src: okHead + "name: u\n", want: []string{"bad.yaml:9:1: duplicate key \"name\" (first at line 1)"}},
	{name: "missing name", src: "app: reference\nsteps: [{do: launch}]\nnetwork: {resources: [{url: 'https://images.example.com/monkey.png'}]}\n", want: []string{"bad.yaml:1:1: missing name; add a line such as: name: my-scenario"}},
	{name: "bad name", src: "name: My Scenario\napp: reference\nnetwork: {resources: [{url: 'https://images.example.com/monkey.png'}]}\nsteps: [{do: launch}]\n", want: []string{"bad.yaml:1:7: bad name \"My Scenario\"; use lower case letters, digits and hyphens"}},
	{name: "missing app", src: "name: t\nsteps: [{do: launch}]\n", want: []string{"bad.yaml:1:1: missing app; add app: reference, app: {go: NAME} or app: {policy: ...}"}},
	{name: "unknown app", src: "name: t\napp: refrence\nsteps: [{do: launch}]\n", want: []string{"bad.yaml:2:6: unknown app \"refrence\"; did you mean \"reference\"? (or a mapping with reference, go or policy)"}},
	{name: "two apps", src: "name: t\napp: {go: x, policy: {}}\nsteps: [{do: launch}]\n", want: []string{"bad.yaml:2:6: app takes one of reference, go or policy, not 2"}},
	{name: "unregistered go model", src: "name: t\napp: {go: nobody}\nsteps: [{do: launch}]\n", want: []string{"bad.yaml:2:11: no Go app model registered as \"nobody\"; register it with scenarios.Register in the Go program or test that loads the file (bgsim validate --go-model nobody checks the file without it); registered: counter, counter-persist"}},
	{name: "go model name with a typo", src: "name: t\napp: {go: countr}\nsteps: [{do: launch}]\n", want: []string{"bad.yaml:2:11: no Go app model registered as \"countr\"; did you mean \"counter\"?"}},
	{name: "unknown mistake", src: "name: t\napp: {reference: {mistakes: [forget-completion-handlr]}}\nnetwork: {resources: [{url: 'https://images.example.com/monkey.png'}]}\nsteps: [{do: launch}]\n", want: []string{"bad.yaml:2:30: unknown mistake \"forget-completion-handlr\" of the reference app; did you mean \"forget-completion-handler\"?"}},
	{name: "reference app without its resource", src: "name: t\napp: reference\nsteps: [{do: launch}]\n", want: []string{"bad.yaml:2:6: the reference app downloads https://images.example.com/monkey.png, which the network does not serve; add it under network.resources: - url: https://images.example.com/monkey.png"}},
	{name: "missing steps", src: "name: t\napp: reference\nnetwork: {resources: [{url: 'https://images.example.com/monkey.png'}]}\n", want: []string{"bad.yaml:1:1: missing steps; add steps, for example: steps: [{do: launch}, {do: run-for, for: 1m}]"}},
	{name: "unknown action", src: okHead + "  - do: hom\n", want: []string{"bad.yaml:9:9: unknown action \"hom\"; did you mean \"home\"?"}},
	{name: "step without do", src: okHead + "  - at: 5s\n", want: []string{"bad.yaml:9:7: a step needs do; add do: ACTION (cancel-for-resources, crash, end-extension, fault, force-quit, home, launch, launch-extension, memory-pressure-kill, note, offline, online, other-process-holds, reboot, run-for, run-until, run-until-idle, set-background-app-refresh, set-link, set-power, update-app, update-resource)"}},
	{name: "key not for the action", src: okHead + "  - do: home\n    for: 5s\n", want: []string{"bad.yaml:10:5: key \"for\" does not apply to action \"home\"; it takes no other keys"}},
	{name: "run-for without for", src: okHead + "  - do: run-for\n", want: []string{"bad.yaml:9:7: action \"run-for\" needs for"}},
	{name: "run-until without limit", src: okHead + "  - do: run-until\n    until: {state: suspended}\n", want: []string{"bad.yaml:9:7: action \"run-until\" needs limit"}},
	{name: "run-until with two conditions", src: okHead + "  - do: run-until\n    until: {state: suspended, idle: true}\n    limit: 1m\n", want: []string{"bad.yaml:10:12: until takes exactly one of state, event or idle"}},
	{name: "bad duration", src: okHead + "  - do: run-for\n    for: 5 minutes\n", want: []string{"bad.yaml:10:10: bad duration \"5 minutes\": want a number and a unit (ns, us, ms, s, m, h or d), as in \"30s\", \"5m\", \"7d\""}},
	{name: "bad duration with a d in its words", src: okHead + "  - do: run-for\n    for: 3 seconds\n", want: []string{"bad.yaml:10:10: bad duration \"3 seconds\": want a number and a unit (ns, us, ms, s, m, h or d), as in \"30s\", \"5m\", \"7d\""}},
	{name: "days not whole", src: okHead + "  - do: run-for\n    for: 1.5d\n", want: []string{"bad.yaml:10:10: bad duration \"1.5d\": days must be a whole number, as in \"7d\""}},
	{name: "binary file", src: "name: t\napp: \xff\xfe\x00\x01\n", want: []string{"bad.yaml:2:6: not a text file: byte 0xff is not UTF-8 (a binary file, or text saved as UTF-16 or Latin-1?); save it as UTF-8 text"}},
	{name: "NUL byte", src: "name: t\x00\n", want: []string{"bad.yaml:1:8: not a text file: it holds a NUL byte (a binary file, or text saved as UTF-16?); save it as UTF-8 text"}},
	{name: "duration without unit", src: okHead + "  - do: run-for\n    for: 30\n", want: []string{"bad.yaml:10:10: a duration needs a unit; write 30s for seconds"}},
	{name: "size not a whole number of bytes", src: "name: t\napp: reference\nnetwork:\n  resources:\n    - {url: https://images.example.com/monkey.png, size: 1.5B}\n    - {url: https://x.example.com/a, size: 0.1KiB}\n    - {url: https://x.example.com/b, size: 1.1KB}\nsteps: [{do: launch}]\n", want: []string{"bad.yaml:5:58: bad size \"1.5B\": that is 1.5 bytes; a size is a whole number of bytes", "bad.yaml:6:44: bad size \"0.1KiB\": that is 102.4 bytes; a size is a whole number of bytes"}},
	{name: "yes and a percentage", src: okHead + "device:\n  battery: 40%\n  charging: yes\n  low-power-mode: Off\n  debugger-attached: maybe\n", want: []string{"bad.yaml:10:12: expected a whole number, got text; write 40, without %", "bad.yaml:11:13: expected true or false, got text; write true or false: yes is text in YAML 1.2", "bad.yaml:12:19: expected true or false, got text; write true or false: Off is text in YAML 1.2", "bad.yaml:13:22: expected true or false, got text"}},
	{name: "negative seed", src: "seed: -1\n" + okHead, want: []string{"bad.yaml:1:7: -1 is out of range: want a whole number from 0 to 18446744073709551615"}},
	{name: "size with a space, too large", src: "name: t\napp: reference\nnetwork:\n  resources:\n    - {url: https://images.example.com/monkey.png, size: 5 MB}\n    - {url: https://x.example.com/a, size: 4611686018427387904}\nsteps: [{do: launch}]\n", want: []string{"bad.yaml:5:58: bad size \"5 MB\": no spaces; write 5MB", "bad.yaml:6:44: bad size \"4611686018427387904\": too large; a size is at most 4611686018427387903 bytes"}},
	{name: "bad size", src: "name: t\napp: reference\nnetwork:\n  resources:\n    - url: https://images.example.com/monkey.png\n      size: 5 megabytes\nsteps: [{do: launch}]\n", want: []string{"bad.yaml:6:13: bad size \"5 megabytes\": want bytes, or a number and a unit, as in \"5MB\", \"512KiB\", \"200B\""}},
	{name: "wrong type: list for mapping", src: okHead + "expect: [1]\n", want: []string{"bad.yaml:9:9: expected a mapping with keys events, absent, states, end, violations, tasks, got a list"}},
	{name: "wrong type: text for bool", src: okHead + "device: {charging: yes please}\n", want: []string{"bad.yaml:9:20: expected true or false, got text"}},
	{name: "wrong type: text for number", src: okHead + "seed: lots\n", want: []string{"bad.yaml:9:7: expected a whole number, got text"}},
	{name: "at and after", src: okHead + "  - at: 5s\n    after: 1s\n    do: home\n", want: []string{"bad.yaml:10:12: a step takes at or after, not both; keep one"}},
	{name: "time goes backwards", src: okHead + "  - at: 10s\n    do: home\n  - at: 5s\n    do: launch\n", want: []string{"bad.yaml:11:9: at 5s comes before the previous step's time 10s; steps run in order: use after, or move the step"}},
	{name: "home before launch", src: "name: t\napp: reference\nnetwork: {resources: [{url: 'https://images.example.com/monkey.png'}]}\nsteps:\n  - do: home\n", want: []string{"bad.yaml:5:9: home before the app was ever launched: the app is not running; add a launch step before it"}},
	{name: "reboot", src: okHead + "  - do: reboot\n", want: []string{"bad.yaml:9:9: reboot is not modelled: what a reboot does to background sessions is undocumented (R-E6); use memory-pressure-kill (transfers go on) or force-quit (transfers are cancelled)"}},
	{name: "unknown config key", src: okHead + "config: {background-grase: 10s}\n", want: []string{"bad.yaml:9:10: unknown key \"background-grase\" in config; did you mean \"background-grace\"?"}},
	{name: "config seed", src: okHead + "config: {seed: 3}\n", want: []string{"bad.yaml:9:10: config key \"seed\" cannot be set here; set seed at the top level of the file"}},
	{name: "config enum", src: okHead + "config: {main-thread-policy: ignore}\n", want: []string{"bad.yaml:9:30: unknown value \"ignore\" for main-thread-policy; one of: terminate, report"}},
	{name: "bad url", src: "name: t\napp: {policy: {sessions: [{identifier: s}]}}\nnetwork: {resources: [{url: 'images/monkey.png'}]}\nsteps: [{do: launch}]\n", want: []string{"bad.yaml:3:29: bad url \"images/monkey.png\"; write an absolute http or https URL"}},
	{name: "fault on unknown url", src: okHead + "  - do: fault\n    fault: {url: 'https://images.example.com/monky.png', server-error: 503}\n", want: []string{"bad.yaml:10:18: fault on https://images.example.com/monky.png, which the network does not serve; did you mean \"https://images.example.com/monkey.png\"?"}},
	{name: "fault with two kinds", src: okHead + "  - do: fault\n    fault: {url: 'https://images.example.com/monkey.png', server-error: 503, drop-at: 5s}\n", want: []string{"bad.yaml:10:12: a fault takes one of drop-at-byte, drop-at, stall-at-byte or server-error, not 2"}},
	{name: "policy without sessions", src: "name: t\napp:\n  policy:\n    tasks: []\nsteps: [{do: launch}]\n", want: []string{"bad.yaml:4:10: a policy app needs at least one session; add sessions: [{identifier: com.example.app.background}]"}},
	{name: "policy session listed twice", src: "name: t\napp:\n  policy:\n    sessions:\n      - {identifier: s}\n      - {identifier: s, discretionary: true}\n    tasks: [{name: a, url: 'https://x.example.com/a', session: t}]\nnetwork: {resources: [{url: 'https://x.example.com/a'}]}\nsteps: [{do: launch}]\n", want: []string{"bad.yaml:6:22: session \"s\" is listed twice (first at line 5): the app makes one session per identifier, so these settings would never apply; give each session its own identifier, or show M7 with session-per-task: true", "bad.yaml:7:64: task \"a\" names session \"t\", which the app does not make; did you mean \"s\"?"}},
	{name: "policy task on undeclared url", src: "name: t\napp:\n  policy:\n    sessions: [{identifier: s}]\n    tasks:\n      - {name: a, url: 'https://x.example.com/a'}\nsteps: [{do: launch}]\n", want: []string{"bad.yaml:6:24: task \"a\" fetches https://x.example.com/a, which network.resources does not list"}},
	{name: "policy task on undeclared session", src: "name: t\nnetwork: {resources: [{url: 'https://x.example.com/a'}]}\napp:\n  policy:\n    sessions: [{identifier: s}]\n    tasks:\n      - {name: a, url: 'https://x.example.com/a', session: t}\nsteps: [{do: launch}]\n", want: []string{"bad.yaml:7:60: task \"a\" names session \"t\", which the app does not make; did you mean \"s\"?"}},
	{name: "policy after unknown task", src: "name: t\nnetwork: {resources: [{url: 'https://x.example.com/a'}]}\napp:\n  policy:\n    sessions: [{identifier: s}]\n    tasks:\n      - {name: a, url: 'https://x.example.com/a', start: after, after: b}\nsteps: [{do: launch}]\n", want: []string{"bad.yaml:7:72: task \"a\" starts after \"b\", which is not a task of the app"}},
	{name: "policy bad choice", src: "name: t\napp:\n  policy:\n    sessions: [{identifier: s}]\n    completion-handler: {when: late}\nsteps: [{do: launch}]\n", want: []string{"bad.yaml:5:32: unknown value \"late\" for when; one of: after-events, early, never, twice, when-no-tasks-remain"}},
	{name: "policy work on unknown callback", src: "name: t\napp:\n  policy:\n    sessions: [{identifier: s}]\n    work: {DidFinishDownload: 5s}\nsteps: [{do: launch}]\n", want: []string{"bad.yaml:5:12: unknown callback \"DidFinishDownload\"; did you mean \"DidFinishDownloading\"?"}},
	{name: "upload without size", src: "name: t\nnetwork: {uploads: [{url: 'https://x.example.com/u'}]}\napp:\n  policy:\n    sessions: [{identifier: s}]\n    tasks:\n      - {name: a, kind: upload, url: 'https://x.example.com/u'}\nsteps: [{do: launch}]\n", want: []string{"bad.yaml:7:9: upload task \"a\" needs a size; add size: 2MB"}},
	{name: "unknown event kind", src: okHead + "expect:\n  events:\n    - kind: proces.launch\n", want: []string{"bad.yaml:11:13: unknown event kind \"proces.launch\"; did you mean \"process.launch\"?"}},
	{name: "unknown callback", src: okHead + "expect:\n  events:\n    - callback: DidFinishDownload\n", want: []string{"bad.yaml:11:17: unknown callback \"DidFinishDownload\"; did you mean \"DidFinishDownloading\"?"}},
	{name: "unknown rule", src: okHead + "expect:\n  absent:\n    - rule: R-D99\n", want: []string{"bad.yaml:11:13: unknown rule \"R-D99\"; did you mean \"R-D9\"?"}},
	{name: "within on the first event", src: okHead + "expect:\n  events:\n    - {kind: process.launch, within: 5s}\n", want: []string{"bad.yaml:11:38: the first expected event has no previous event; within bounds the time since the previous expected event"}},
	{name: "within in absent", src: okHead + "expect:\n  events:\n    - {kind: process.launch}\n  absent:\n    - {kind: violation, within: 5s}\n", want: []string{"bad.yaml:13:33: within does not apply here; within is for expect.events"}},
	{name: "empty pattern", src: okHead + "expect:\n  absent:\n    - {}\n", want: []string{"bad.yaml:11:7: an empty pattern matches every event; set kind, callback or another field"}},
	{name: "bad violations", src: okHead + "expect:\n  violations: nothing\n", want: []string{"bad.yaml:10:15: unknown value \"nothing\" for violations; write \"none\", or a list of rule IDs such as [R-D4]"}},
	{name: "bad state", src: okHead + "expect:\n  end: {state: asleep}\n", want: []string{"bad.yaml:10:16: unknown value \"asleep\" for state; one of: not-running, inactive, active, background, suspended, terminated"}},
	{name: "task outcome unknown task", src: "name: t\nnetwork: {resources: [{url: 'https://x.example.com/a'}]}\napp:\n  policy:\n    sessions: [{identifier: s}]\n    tasks: [{name: image, url: 'https://x.example.com/a'}]\nsteps: [{do: launch}]\nexpect:\n  tasks:\n    - {desc: imag, outcome: succeeded}\n", want: []string{"bad.yaml:10:14: no task of the app is named \"imag\"; did you mean \"image\"?"}},
	{name: "task outcome bad", src: okHead + "expect:\n  tasks:\n    - {task: 1, outcome: done}\n", want: []string{"bad.yaml:11:26: unknown value \"done\" for outcome; one of: succeeded, failed, cancelled, unfinished"}},
	{name: "alias", src: "name: &n t\napp: reference\nnetwork: {resources: [{url: 'https://images.example.com/monkey.png'}]}\nsteps: [{do: launch}]\nlabels: [*n]\n", want: []string{"bad.yaml:1:7: anchors (&name) are not supported in scenario files; remove it and write values out where they are used", "bad.yaml:5:10: aliases (*name) are not supported in scenario files; write the value out where it is used"}},
	{name: "non-name key", src: okHead + "1: x\n", want: []string{"bad.yaml:9:1: a key must be a name, not a whole number"}},
	{name: "mistake without twin", src: okHead + "mistake: {id: M4}\n", want: []string{"bad.yaml:9:10: mistake needs twin; name the catalog scenario that shows the fix", "bad.yaml:9:10: mistake needs consequence; list the events the mistake causes and its twin does not show"}},
	{name: "mistake unknown id", src: okHead + "mistake: {id: M99, twin: x, consequence: [{kind: violation}]}\n", want: []string{"bad.yaml:9:15: unknown mistake \"M99\": want M1 to M17"}},
	{name: "mistake without id", src: okHead + "mistake: {twin: walkthrough, consequence: [{kind: violation}]}\n", want: []string{"bad.yaml:9:10: mistake needs id; add id: M1 to M17"}},
	// A required key the file has, with a value of the wrong type, gets
	// the type error alone, at the value: it is not also "missing".
	{name: "steps of the wrong type", src: "name: t\napp: reference\nnetwork: {resources: [{url: 'https://images.example.com/monkey.png'}]}\nsteps: 5\n", want: []string{"bad.yaml:4:8: expected a list, got a whole number"}},
	{name: "steps a mapping on the next line", src: "name: t\napp: reference\nnetwork: {resources: [{url: 'https://images.example.com/monkey.png'}]}\nsteps:\n  do: launch\n", want: []string{"bad.yaml:5:5: expected a list, got a mapping"}},
	{name: "name of the wrong type", src: "# a comment\nname: [a, b]\napp: reference\nnetwork: {resources: [{url: 'https://images.example.com/monkey.png'}]}\nsteps: [{do: launch}]\n", want: []string{"bad.yaml:2:7: expected text, got a list"}},
	{name: "name a mapping on the next line", src: "name:\n  a: b\napp: reference\nnetwork: {resources: [{url: 'https://images.example.com/monkey.png'}]}\nsteps: [{do: launch}]\n", want: []string{"bad.yaml:2:4: expected text, got a mapping"}},
	{name: "empty steps", src: "name: t\napp: reference\nnetwork: {resources: [{url: 'https://images.example.com/monkey.png'}]}\nsteps: []\n", want: []string{"bad.yaml:4:8: steps is empty; list at least one step, for example: steps: [{do: launch}, {do: run-for, for: 1m}]"}},
	{name: "empty name", src: "name: ''\napp: reference\nnetwork: {resources: [{url: 'https://images.example.com/monkey.png'}]}\nsteps: [{do: launch}]\n", want: []string{"bad.yaml:1:7: name is empty; write one such as: name: my-scenario"}},
	{name: "app of the wrong type on the next line", src: "name: t\napp:\n  - reference\nsteps: [{do: launch}]\n", want: []string{"bad.yaml:3:3: expected a mapping with keys reference, go, policy, got a list"}},
	{name: "mistake keys of the wrong type", src: okHead + "mistake:\n  id: [M4]\n  twin:\n    name: walkthrough\n  consequence:\n    kind: violation\n", want: []string{"bad.yaml:10:7: expected text, got a list", "bad.yaml:12:9: expected text, got a mapping", "bad.yaml:14:9: expected a list, got a mapping"}},
	{name: "step of the wrong type", src: okHead + "  - home\n", want: []string{"bad.yaml:9:5: expected a mapping with keys at, after, do, note, for, until, limit, link, battery, charging, low-power-mode, message, move-container, session, holds, resource, extension, enabled, fault, got text"}},
	{name: "step do of the wrong type", src: okHead + "  - do:\n      name: home\n", want: []string{"bad.yaml:10:11: expected text, got a mapping"}},
	{name: "resource url empty and missing", src: "name: t\napp: {policy: {sessions: [{identifier: s}]}}\nnetwork:\n  resources:\n    - {url: ''}\n    - {size: 1}\nsteps: [{do: launch}]\n", want: []string{"bad.yaml:5:13: url is empty; write an absolute http or https URL", "bad.yaml:6:7: missing url"}},
	{name: "resource url of the wrong type", src: "name: t\napp: {policy: {sessions: [{identifier: s}]}}\nnetwork:\n  resources:\n    - url:\n        - https://x.example.com/a\nsteps: [{do: launch}]\n", want: []string{"bad.yaml:6:9: expected text, got a list"}},
	{name: "policy keys of the wrong type", src: "name: t\nnetwork: {resources: [{url: 'https://x.example.com/a'}]}\napp:\n  policy:\n    sessions:\n      identifier: s\n    tasks:\n      - name:\n          - a\n        url:\n          - https://x.example.com/a\nsteps: [{do: launch}]\n", want: []string{"bad.yaml:6:17: expected a list, got a mapping", "bad.yaml:9:11: expected text, got a list", "bad.yaml:11:11: expected text, got a list"}},
	{name: "expectation keys of the wrong type", src: okHead + "expect:\n  states:\n    - state:\n        - active\n  tasks:\n    - task: 1\n      outcome:\n        - done\n", want: []string{"bad.yaml:12:9: expected text, got a list", "bad.yaml:16:9: expected text, got a list"}},
	{name: "set-power keys of the wrong type", src: okHead + "  - do: set-power\n    battery:\n      - 50\n", want: []string{"bad.yaml:11:7: expected a whole number, got a list"}},
	{name: "task expectation keys of the wrong type", src: okHead + "expect:\n  tasks:\n    - outcome: succeeded\n      task:\n        - 1\n", want: []string{"bad.yaml:13:9: expected a whole number, got a list"}},
	{name: "several problems in file order", src: "name: t\napp: refrence\nsteps:\n  - do: hom\n  - do: run-for\n    for: 1x\nseeed: 3\n", want: []string{"bad.yaml:2:6: unknown app \"refrence\"; did you mean \"reference\"? (or a mapping with reference, go or policy)", "bad.yaml:4:9: unknown action \"hom\"; did you mean \"home\"?", "bad.yaml:6:10: bad duration \"1x\": want a number and a unit (ns, us, ms, s, m, h or d), as in \"30s\", \"5m\", \"7d\"", "bad.yaml:7:1: unknown key \"seeed\" in the scenario; did you mean \"seed\"?"}},
	{name: "timeline out of order", src: "name: t\napp: reference\nsteps: [{do: launch}]\nnetwork:\n  resources: [{url: 'https://images.example.com/monkey.png'}]\n  timeline:\n    - {at: 10s, link: {kind: offline}}\n    - {at: 5s, link: {kind: wifi}}\n", want: []string{"bad.yaml:8:12: at 5s comes before the previous entry's 10s; list the timeline in time order"}},
	{name: "unknown extension", src: okHead + "  - {do: launch-extension, extension: shar}\nextensions: [{name: share, policy: {sessions: [{identifier: x}]}}]\n", want: []string{"bad.yaml:9:39: no extension named \"shar\"; did you mean \"share\"?"}},
	{name: "a mistake among the violations", src: okHead + "expect: {violations: [R-D4, M4]}\n", want: []string{"bad.yaml:9:29: M4 is a mistake, and events carry rules (R-...), never mistakes; use the rules it breaks (bgsim explain M4 names them)"}},
	{name: "a mistake in an event pattern", src: okHead + "expect: {absent: [{kind: violation, rule: M5}]}\n", want: []string{"bad.yaml:9:43: M5 is a mistake, and events carry rules (R-...), never mistakes; use the rules it breaks (bgsim explain M5 names them)"}},
	// The run's Config is checked at load, each value at its key in the
	// file's words, as the simulator would refuse it at the first step.
	{name: "device battery out of range", src: okHead + "device: {battery: 150}\n", want: []string{"bad.yaml:9:19: battery is 150; it must be a percentage from 1 to 100"}},
	{name: "device battery 0", src: okHead + "device: {battery: 0}\n", want: []string{"bad.yaml:9:19: battery 0 is not a starting charge; a run starts with the phone on: write 1 to 100, or leave battery out for 80"}},
	// set-power's battery is the device's, at its step: 1 to 100, and 0
	// a phone that is off, which bgsim does not model (R-E6).
	{name: "set-power battery 0", src: okHead + "  - {do: set-power, battery: 0}\n", want: []string{"bad.yaml:9:30: battery 0 is a phone that is off; a phone at 0 % turns off, and turning off and on again is a reboot, which bgsim does not model (R-E6): write 1 to 100"}},
	{name: "set-power battery out of range", src: okHead + "  - do: set-power\n    battery: 150\n", want: []string{"bad.yaml:10:14: battery is 150; it must be a percentage from 1 to 100"}},
	{name: "set-power battery negative", src: okHead + "  - {do: set-power, battery: -5, charging: true}\n", want: []string{"bad.yaml:9:30: battery is -5; it must be a percentage from 1 to 100"}},
	{name: "config power battery 0", src: okHead + "config: {power: {battery: 0}}\n", want: []string{"bad.yaml:9:17: power with battery 0 and nothing else set is taken as unset: the run would start at battery 80 %; a run starts with the phone on: write battery 1 to 100, or leave power out"}},
	// device's battery overrides config's power: its 0 is reported once,
	// at the device key, not also as a config power of battery 0.
	{name: "device battery 0 over config power", src: okHead + "config: {power: {battery: 50}}\ndevice: {battery: 0}\n", want: []string{"bad.yaml:10:19: battery 0 is not a starting charge; a run starts with the phone on: write 1 to 100, or leave battery out for 80"}},
	{name: "config power battery 0 while charging", src: okHead + "config: {power: {battery: 0, charging: true}}\n", want: []string{"bad.yaml:9:27: battery 0 is not a starting charge; a run starts with the phone on: write 1 to 100"}},
	{name: "config power battery out of range", src: okHead + "config: {power: {battery: 150, charging: true}}\n", want: []string{"bad.yaml:9:27: power.battery is 150; it must be between 0 and 100"}},
	{name: "config discretionary battery out of range", src: okHead + "config:\n  discretionary-battery: 300\n", want: []string{"bad.yaml:10:26: discretionary-battery is 300; it must be between 0 and 100 (0 takes the default)"}},
	{name: "config duration too long", src: okHead + "config:\n  background-grace: 400d\n", want: []string{"bad.yaml:10:21: background-grace is 400d; it must be between 0 and 365d (0 takes the default)"}},
	{name: "config expiry warning past the budget", src: okHead + "config:\n  background-task-expiry-warning: 5m\n", want: []string{"bad.yaml:10:35: background-task-expiry-warning is 5m0s; it must be less than background-task-budget (30s, its default)"}},
	{name: "config budget below the expiry warning", src: okHead + "config:\n  background-task-budget: 3s\n", want: []string{"bad.yaml:10:27: background-task-budget is 3s; it must be more than background-task-expiry-warning (5s, its default)"}},
	{name: "config values out of range, every one", src: okHead + "config:\n  event-budget: 2000000000000\n  retry-delay: 366d\n  background-task-budget: 3s\n  background-task-expiry-warning: 4s\n", want: []string{"bad.yaml:10:17: event-budget is 2000000000000; it must be between 0 and 1099511627776 (0 takes the default)", "bad.yaml:11:16: retry-delay is 366d; it must be between 0 and 365d (0 takes the default)", "bad.yaml:13:35: background-task-expiry-warning is 4s; it must be less than background-task-budget (3s)"}},
	// A misspelt network key is the problem, said once: not also every URL
	// the network then seems not to serve.
	{name: "unknown key in network", src: "name: t\napp: reference\nnetwork:\n  resource:\n    - {url: 'https://images.example.com/monkey.png'}\nsteps: [{do: launch}]\n", want: []string{"bad.yaml:4:3: unknown key \"resource\" in network; did you mean \"resources\"?"}},
	{name: "anchor", src: "name: t\napp: reference\nnetwork: {resources: [&r {url: 'https://images.example.com/monkey.png'}]}\nsteps: [{do: launch}]\n", want: []string{"bad.yaml:3:23: anchors (&name) are not supported in scenario files; remove it and write values out where they are used"}},
	{name: "config key removed in version 2", src: okHead + "config: {relaunch-delay-reset: 1h}\n", want: []string{"bad.yaml:9:10: config \"relaunch-delay-reset\" was removed in version 2 of the rules (R-R1): there is no quiet period; the relaunch delay ends, and its doubling with it, when it passes with no wake waiting (relaunch-delay-initial sets it)"}},
	{name: "config key set at the top level, misspelt", src: okHead + "config: {seeed: 3}\n", want: []string{"bad.yaml:9:10: unknown key \"seeed\" in config; did you mean \"seed\"? (set seed at the top level of the file)"}},
	// Task ids count from 1 in each session: task: alone is ambiguous
	// when the app makes several.
	{name: "task expectation ambiguous between sessions", src: twoSessions + "expect:\n  tasks:\n    - {task: 1, outcome: succeeded}\n", want: []string{"bad.yaml:15:14: task 1 is ambiguous: each session numbers its tasks from 1, and the app makes 2 sessions; add session: one of com.example.photos, com.example.docs"}},
	{name: "task expectation on an unknown session", src: twoSessions + "expect:\n  tasks:\n    - {task: 1, session: com.example.doc, outcome: succeeded}\n", want: []string{"bad.yaml:15:26: no session of the app is named \"com.example.doc\"; did you mean \"com.example.docs\"?"}},
	{name: "other-process-holds an unknown session", src: okHead + "  - {do: other-process-holds, session: com.example.bg, holds: true}\nextensions: [{name: share, policy: {sessions: [{identifier: com.example.share}]}}]\n", want: []string{"bad.yaml:9:40: other-process-holds names session \"com.example.bg\", which neither the app nor its extensions make; one of: com.SimpleBackgroundTransfer.BackgroundSession, com.example.share"}},
}
