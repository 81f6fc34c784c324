package main

import (
	"fmt"
	"os"

	"bgsim/appmodel"
	"bgsim/scenarios"
	"bgsim/simulator"
)

func main() {
	var m appmodel.Mistakes
	switch os.Args[1] {
	case "forget":
		m.ForgetCompletionHandler = true
	case "offmain":
		m.CallHandlerOffMain = true
	case "early":
		m.CallHandlerEarly = true
	case "twice":
		m.CallHandlerTwice = true
	case "wrongid":
		m.WrongIdentifierOnRelaunch = true
	case "read":
		m.ReadFileAfterReturn = true
	case "ui":
		m.UIOffMainThread = true
	case "newsess":
		m.NewSessionPerRequest = true
	case "chtask":
		m.CompletionHandlerTask = true
	case "memonly":
		m.MemoryOnlyState = true
	}
	sim, err := scenarios.Walkthrough(simulator.Config{}, appmodel.RefOptions{Mistakes: m})
	fmt.Println("err:", err)
	simulator.RenderText(os.Stdout, sim.Trace(), simulator.TextOptions{Narrate: false})
	for _, v := range sim.Violations() {
		fmt.Println(v)
	}
	fmt.Println(sim.Files().List("/"))
}
