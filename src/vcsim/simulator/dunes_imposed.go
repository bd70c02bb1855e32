// Dunes lab addition to govmomi 0.24.2's simulator package (copied into
// simulator/ at build time by src/vcsim/build.sh; not upstream code).
//
// Every duration the simulator imposes on purpose (a guest's VMware Tools
// heartbeat delay, a vApp's start or stop delay, a CloneVM_Task's copy) is
// told on stderr, one line each, so that the lab can tell the time the datacenter itself took from the
// time its client spent (docs/benchmarks.md).

package simulator

import (
	"encoding/json"
	"fmt"
	"os"
	"time"
)

// ImposedPrefix starts each such line; the rest is a JSON object.
const ImposedPrefix = "DUNES-IMPOSED "

// imposed tells one duration: what was delayed (call), on which object
// (target, its inventory name), from when and for how long.
func imposed(call, target string, start time.Time, d time.Duration) {
	line, err := json.Marshal(struct {
		System string `json:"system"`
		Target string `json:"target"`
		Call   string `json:"call"`
		Start  string `json:"start"`
		Nanos  int64  `json:"nanos"`
	}{"vsphere", target, call, start.UTC().Format(time.RFC3339Nano), d.Nanoseconds()})
	if err == nil {
		fmt.Fprintf(os.Stderr, "%s%s\n", ImposedPrefix, line)
	}
}
