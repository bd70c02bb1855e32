// Dunes lab addition to govmomi 0.24.2's simulator package (copied into
// simulator/ at build time by src/vcsim/build.sh; not upstream code).
//
// CloneVM_Task as vCenter runs it: the call answers at once with a Task in
// state running, the copy takes its time in the background with the task's
// progress moving, and only then does the clone appear (VmClonedEvent, the
// task's result). Stock vcsim made the clone inside the call, so a client
// never saw a clone task running. Clones of one source copy at the same time,
// as vCenter copies several clones of a powered-off VM side by side.

package simulator

import (
	"fmt"
	"time"

	"github.com/vmware/govmomi/vim25/types"
)

// CloneDuration is how long a CloneVM_Task copies before its clone appears.
// 0: the clone is made inside the call, as stock vcsim does.
var CloneDuration time.Duration

// cloneProgressSteps is how many times the task's progress moves during a copy.
const cloneProgressSteps = 20

// runCloneTask is called (through a patch) by CloneVMTask instead of
// task.Run(), with the source VM locked. It answers with the task at once;
// the task's body (the stock clone) runs after CloneDuration in a goroutine,
// under the source VM's lock as it ran inside the call, so the body's own
// locking is as before (ctx.Caller is the source VM).
func runCloneTask(vm *VirtualMachine, task *Task, name string) types.ManagedObjectReference {
	if CloneDuration <= 0 {
		return task.Run()
	}
	start := time.Now()
	Map.WithLock(task, func() {
		Map.Update(task, []types.PropertyChange{
			{Name: "info.startTime", Val: start},
			{Name: "info.state", Val: types.TaskInfoStateRunning},
			{Name: "info.progress", Val: int32(0)},
		})
	})
	go func(d time.Duration) {
		copying(task, start, d)
		var res types.AnyType
		var fault types.BaseMethodFault
		Map.WithLock(vm, func() {
			if Map.Get(vm.Self) == nil { // destroyed while it was being copied
				fault = &types.ManagedObjectNotFound{Obj: vm.Self}
				return
			}
			res, fault = task.Execute(task)
		})
		finishTask(task, res, fault)
		imposed("CloneVM_Task", name, start, time.Since(start))
	}(CloneDuration)
	return task.Self
}

// copying waits out the copy, moving the task's progress from 0 towards 100.
func copying(task *Task, start time.Time, d time.Duration) {
	step := d / cloneProgressSteps
	for i := 1; i < cloneProgressSteps; i++ {
		time.Sleep(time.Until(start.Add(time.Duration(i) * step)))
		progress := int32(100 * i / cloneProgressSteps)
		Map.WithLock(task, func() {
			Map.Update(task, []types.PropertyChange{{Name: "info.progress", Val: progress}})
		})
	}
	time.Sleep(time.Until(start.Add(d)))
}

// finishTask ends a task as Task.Run does once its body returned.
func finishTask(task *Task, res types.AnyType, err types.BaseMethodFault) {
	state := types.TaskInfoStateSuccess
	var fault interface{}
	if err != nil {
		state = types.TaskInfoStateError
		fault = types.LocalizedMethodFault{Fault: err, LocalizedMessage: fmt.Sprintf("%T", err)}
	}
	Map.WithLock(task, func() {
		progress := int32(100)
		if err != nil {
			progress = task.Info.Progress // where the copy failed
		}
		Map.Update(task, []types.PropertyChange{
			{Name: "info.progress", Val: progress},
			{Name: "info.completeTime", Val: time.Now()},
			{Name: "info.state", Val: state},
			{Name: "info.result", Val: res},
			{Name: "info.error", Val: fault},
		})
	})
}
