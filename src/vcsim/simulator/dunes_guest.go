// Dunes lab addition to govmomi 0.24.2's simulator package (copied into
// simulator/ at build time by src/vcsim/build.sh; not upstream code).
//
// The guest side stock vcsim lacks: a VMware Tools heartbeat that comes some
// time after power-on (what a vApp entity with waitingForGuest waits for),
// guest power operations refused while Tools are not running,
// runtime.bootTime, VMware Tools settings merged on ReconfigVM and copied by
// CloneVM_Task, and a cluster's DRS settings honoured (vApps and resource
// pools need DRS).

package simulator

import (
	"sync"
	"time"

	"github.com/vmware/govmomi/vim25/soap"
	"github.com/vmware/govmomi/vim25/types"
)

// ToolsHeartbeatDelay is the time from a VM's power-on to its guest's first
// VMware Tools heartbeat (a real appliance boots its OS and Tools first).
// 0: the heartbeat comes with the power-on.
var ToolsHeartbeatDelay time.Duration

// toolsBoots counts each VM's boots, so that the heartbeat of an earlier boot
// (the VM was powered off and on meanwhile) is dropped.
var toolsBoots = struct {
	sync.Mutex
	n map[types.ManagedObjectReference]uint64
}{n: make(map[types.ManagedObjectReference]uint64)}

func nextBoot(ref types.ManagedObjectReference) uint64 {
	toolsBoots.Lock()
	defer toolsBoots.Unlock()
	toolsBoots.n[ref]++
	return toolsBoots.n[ref]
}

func currentBoot(ref types.ManagedObjectReference) uint64 {
	toolsBoots.Lock()
	defer toolsBoots.Unlock()
	return toolsBoots.n[ref]
}

// guestPowered is called (through a patch) after each power state change of
// the VM, with the VM locked. Powered on: runtime.bootTime is set (stock set
// only summary.runtime.bootTime) and the Tools heartbeat starts after
// ToolsHeartbeatDelay. Otherwise the guest has no Tools running.
func (vm *VirtualMachine) guestPowered(state types.VirtualMachinePowerState) {
	boot := nextBoot(vm.Self)
	vm.setTools(false)
	if state != types.VirtualMachinePowerStatePoweredOn {
		Map.Update(vm, []types.PropertyChange{{Name: "runtime.bootTime", Val: nil}})
		return
	}
	now := time.Now()
	Map.Update(vm, []types.PropertyChange{
		{Name: "runtime.bootTime", Val: &now},
		{Name: "summary.runtime.bootTime", Val: &now},
	})
	vm.heartbeatAfter(boot, ToolsHeartbeatDelay)
}

// guestRebooted: a guest reboot stops Tools until the OS is up again.
func (vm *VirtualMachine) guestRebooted() {
	boot := nextBoot(vm.Self)
	vm.setTools(false)
	vm.heartbeatAfter(boot, ToolsHeartbeatDelay)
}

func (vm *VirtualMachine) heartbeatAfter(boot uint64, delay time.Duration) {
	if delay <= 0 {
		vm.setTools(true)
		return
	}
	go func() {
		start := time.Now()
		time.Sleep(delay)
		Map.WithLock(vm, func() {
			if currentBoot(vm.Self) == boot && vm.Runtime.PowerState == types.VirtualMachinePowerStatePoweredOn {
				vm.setTools(true)
				imposed("tools-heartbeat", vm.Name, start, delay) // only a heartbeat that came: a boot cut short imposed nothing
			}
		})
	}()
}

// setTools sets what vCenter reports of a guest's VMware Tools: the VM's
// guestHeartbeatStatus (green: heartbeats arrive; gray: Tools not running),
// guest.toolsRunningStatus, guest.toolsStatus and guest.guestState.
func (vm *VirtualMachine) setTools(running bool) {
	heartbeat := types.ManagedEntityStatusGray
	runningStatus := string(types.VirtualMachineToolsRunningStatusGuestToolsNotRunning)
	status := types.VirtualMachineToolsStatusToolsNotRunning
	guestState := "notRunning"
	if running {
		heartbeat = types.ManagedEntityStatusGreen
		runningStatus = string(types.VirtualMachineToolsRunningStatusGuestToolsRunning)
		status = types.VirtualMachineToolsStatusToolsOk
		guestState = "running"
	}
	if vm.Guest == nil {
		vm.Guest = &types.GuestInfo{}
	}
	if vm.Summary.Guest == nil {
		vm.Summary.Guest = &types.VirtualMachineGuestSummary{}
	}
	Map.Update(vm, []types.PropertyChange{
		{Name: "guestHeartbeatStatus", Val: heartbeat},
		{Name: "summary.quickStats.guestHeartbeatStatus", Val: heartbeat},
		{Name: "guest.toolsRunningStatus", Val: runningStatus},
		{Name: "guest.toolsStatus", Val: status},
		{Name: "guest.guestState", Val: guestState},
		{Name: "summary.guest.toolsRunningStatus", Val: runningStatus},
		{Name: "summary.guest.toolsStatus", Val: status},
	})
}

// heartbeating tells whether the VM's guest has sent its Tools heartbeat
// since it was last powered on. The caller must not hold the VM's lock.
func heartbeating(ctx *Context, vm *VirtualMachine) (beats, on bool) {
	ctx.WithLock(vm, func() {
		on = vm.Runtime.PowerState == types.VirtualMachinePowerStatePoweredOn
		beats = on && vm.GuestHeartbeatStatus == types.ManagedEntityStatusGreen
	})
	return beats, on
}

// toolsRunning tells whether VMware Tools run in the VM's guest, as
// guest.toolsRunningStatus says. The caller holds the VM's lock.
func (vm *VirtualMachine) toolsRunning() bool {
	return vm.Guest != nil &&
		vm.Guest.ToolsRunningStatus == string(types.VirtualMachineToolsRunningStatusGuestToolsRunning)
}

// toolsUnavailableText is vCenter's message with ToolsUnavailable
// (vmware/pyvmomi-community-samples#547 quotes it).
const toolsUnavailableText = "Cannot complete operation because VMware Tools is not running in this virtual machine."

// guestOperationFault is vCenter's answer to a guest power operation
// (ShutdownGuest, RebootGuest) that cannot be done now, or nil. vSphere API,
// vim.VirtualMachine ShutdownGuest and RebootGuest, Faults: InvalidPowerState
// "if the power state is not powered on", ToolsUnavailable "if VMware Tools
// is not running". Stock vcsim shut down a suspended VM, and a guest without
// Tools. The caller holds the VM's lock.
func (vm *VirtualMachine) guestOperationFault() *soap.Fault {
	if vm.Runtime.PowerState != types.VirtualMachinePowerStatePoweredOn {
		return Fault("", &types.InvalidPowerState{
			RequestedState: types.VirtualMachinePowerStatePoweredOn,
			ExistingState:  vm.Runtime.PowerState,
		})
	}
	if !vm.toolsRunning() {
		return Fault(toolsUnavailableText, &types.ToolsUnavailable{})
	}
	return nil
}

// mergeToolsConfig applies a ReconfigVM spec's tools settings as vCenter
// does: what the spec leaves unset keeps its value (stock vcsim replaced the
// whole object, so setting one flag cleared the others).
func mergeToolsConfig(dst, src *types.ToolsConfigInfo) *types.ToolsConfigInfo {
	out := types.ToolsConfigInfo{}
	if dst != nil {
		out = *dst
	}
	if src.ToolsVersion != 0 {
		out.ToolsVersion = src.ToolsVersion
	}
	if src.ToolsInstallType != "" {
		out.ToolsInstallType = src.ToolsInstallType
	}
	for _, f := range []struct {
		dst **bool
		src *bool
	}{
		{&out.AfterPowerOn, src.AfterPowerOn},
		{&out.AfterResume, src.AfterResume},
		{&out.BeforeGuestStandby, src.BeforeGuestStandby},
		{&out.BeforeGuestShutdown, src.BeforeGuestShutdown},
		{&out.BeforeGuestReboot, src.BeforeGuestReboot},
		{&out.SyncTimeWithHostAllowed, src.SyncTimeWithHostAllowed},
		{&out.SyncTimeWithHost, src.SyncTimeWithHost},
	} {
		if f.src != nil {
			v := *f.src
			*f.dst = &v
		}
	}
	if src.ToolsUpgradePolicy != "" {
		out.ToolsUpgradePolicy = src.ToolsUpgradePolicy
	}
	if src.PendingCustomization != "" {
		out.PendingCustomization = src.PendingCustomization
	}
	if src.CustomizationKeyId != nil {
		out.CustomizationKeyId = src.CustomizationKeyId
	}
	return &out
}

// cloneToolsConfig gives a clone its source's VMware Tools settings (a clone
// copies the source's configuration; stock vcsim dropped them), then applies
// the clone spec's config.tools.
func (vm *VirtualMachine) cloneToolsConfig(src *VirtualMachine, config *types.VirtualMachineConfigSpec) {
	tools := mergeToolsConfig(nil, &types.ToolsConfigInfo{})
	if src.Config.Tools != nil {
		tools = mergeToolsConfig(nil, src.Config.Tools)
		tools.PendingCustomization = "" // belongs to the source
	}
	if config != nil && config.Tools != nil {
		tools = mergeToolsConfig(tools, config.Tools)
	}
	Map.Update(vm, []types.PropertyChange{{Name: "config.tools", Val: tools}})
}

// mergeDrsConfig applies the DRS settings of a cluster spec (CreateClusterEx,
// ReconfigureComputeResource_Task); stock vcsim ignored them and left DRS on.
func mergeDrsConfig(dst *types.ClusterDrsConfigInfo, src *types.ClusterDrsConfigInfo) {
	if src == nil {
		return
	}
	if src.Enabled != nil {
		dst.Enabled = types.NewBool(*src.Enabled)
	}
	if src.EnableVmBehaviorOverrides != nil {
		dst.EnableVmBehaviorOverrides = types.NewBool(*src.EnableVmBehaviorOverrides)
	}
	if src.DefaultVmBehavior != "" {
		dst.DefaultVmBehavior = src.DefaultVmBehavior
	}
	if src.VmotionRate != 0 {
		dst.VmotionRate = src.VmotionRate
	}
	if src.ScaleDescendantsShares != "" {
		dst.ScaleDescendantsShares = src.ScaleDescendantsShares
	}
	if len(src.Option) != 0 {
		dst.Option = src.Option
	}
}

// updateDrsConfig is one of ReconfigureComputeResource_Task's updates (through a patch).
func updateDrsConfig(cfg *types.ClusterConfigInfoEx, spec *types.ClusterConfigSpecEx) types.BaseMethodFault {
	mergeDrsConfig(&cfg.DrsConfig, spec.DrsConfig)
	return nil
}

// drsRequired refuses a resource pool or vApp in a cluster whose DRS is
// disabled, as vCenter does ("The operation is not supported on the object":
// vmware/vic#1115, openshift/installer#3195). A standalone host's pools are
// not affected.
func drsRequired(owner types.ManagedObjectReference) types.BaseMethodFault {
	cluster, ok := Map.Get(owner).(*ClusterComputeResource)
	if !ok {
		return nil
	}
	cfg, ok := cluster.ConfigurationEx.(*types.ClusterConfigInfoEx)
	if ok && cfg.DrsConfig.Enabled != nil && *cfg.DrsConfig.Enabled {
		return nil
	}
	return &types.NotSupported{}
}
