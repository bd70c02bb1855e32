// Dunes lab addition to govmomi 0.24.2's simulator package (copied into
// simulator/ at build time by src/vcsim/build.sh; not upstream code).
//
// vApp behaviour missing from stock vcsim: entityConfig kept on CreateVApp,
// UpdateVAppConfig, PowerOnVApp_Task/PowerOffVApp_Task following the start
// order (waiting for the guest's Tools heartbeat or the start delay), MoveIntoResourcePool, VirtualApp.UpdateConfig, a VirtualAppSummary,
// and Destroy_Task destroying the vApp's VMs as vCenter does.

package simulator

import (
	"fmt"
	"sort"
	"time"

	"github.com/google/uuid"
	"github.com/vmware/govmomi/vim25/methods"
	"github.com/vmware/govmomi/vim25/mo"
	"github.com/vmware/govmomi/vim25/soap"
	"github.com/vmware/govmomi/vim25/types"
)

// VAppDelayScale multiplies the entityConfig startDelay/stopDelay (seconds)
// waited between start-order groups by PowerOnVApp_Task/PowerOffVApp_Task.
// 0 (default) keeps the order but does not wait; 1 waits as vCenter does.
var VAppDelayScale float64

// Defaults vCenter gives a VM added to a vApp.
const (
	vappDefaultStartOrder = 1
	vappDefaultDelay      = 120
)

// initVApp is called (through a patch) by CreateVApp before the vApp is
// registered. Stock vcsim kept only annotation and products.
func initVApp(child *VirtualApp, spec *types.VAppConfigSpec) types.BaseMethodFault {
	var info types.VmConfigInfo
	if err := applyVmConfigSpec(&info, &spec.VmConfigSpec, "configSpec"); err != nil {
		return err
	}
	child.VAppConfig.VmConfigInfo = info
	child.VAppConfig.EntityConfig = append([]types.VAppEntityConfigInfo(nil), spec.EntityConfig...)
	child.VAppConfig.ManagedBy = spec.ManagedBy
	child.VAppConfig.InstanceUuid = spec.InstanceUuid
	if child.VAppConfig.InstanceUuid == "" {
		child.VAppConfig.InstanceUuid = uuid.New().String()
	}

	// vijava casts a vApp's summary to VirtualAppSummary. Copy the pool
	// summary: stock pools all share one ResourcePoolSummary object.
	summary := &types.VirtualAppSummary{
		ResourcePoolSummary: *child.Summary.GetResourcePoolSummary(),
		VAppState:           types.VirtualAppVAppStateStopped,
		Suspended:           types.NewBool(false),
		InstallBootRequired: types.NewBool(info.InstallBootRequired),
		InstanceUuid:        child.VAppConfig.InstanceUuid,
	}
	summary.Name = child.Name
	if len(info.Product) != 0 {
		p := info.Product[0]
		summary.Product = &p
	}
	child.Summary = summary
	return nil
}

func (a *VirtualApp) entityIndex(ref types.ManagedObjectReference) int {
	if a.VAppConfig == nil {
		return -1
	}
	for i, e := range a.VAppConfig.EntityConfig {
		if e.Key != nil && *e.Key == ref {
			return i
		}
	}
	return -1
}

func defaultEntityConfig(vm *VirtualMachine) types.VAppEntityConfigInfo {
	ref := vm.Self
	return types.VAppEntityConfigInfo{
		Key:               &ref,
		Tag:               vm.Name,
		StartOrder:        vappDefaultStartOrder,
		StartDelay:        vappDefaultDelay,
		WaitingForGuest:   types.NewBool(false),
		StartAction:       "powerOn",
		StopDelay:         vappDefaultDelay,
		StopAction:        "powerOff",
		DestroyWithParent: types.NewBool(true),
	}
}

// addEntity gives a VM entering the vApp its entityConfig entry, as vCenter
// does. The caller holds the vApp's lock.
func (a *VirtualApp) addEntity(vm *VirtualMachine) {
	if a.VAppConfig == nil || a.entityIndex(vm.Self) >= 0 {
		return
	}
	a.VAppConfig.EntityConfig = append(a.VAppConfig.EntityConfig, defaultEntityConfig(vm))
}

// removeEntity drops the entityConfig entry of a VM leaving the vApp.
// The caller holds the vApp's lock.
func (a *VirtualApp) removeEntity(ref types.ManagedObjectReference) {
	if i := a.entityIndex(ref); i >= 0 {
		a.VAppConfig.EntityConfig = append(a.VAppConfig.EntityConfig[:i], a.VAppConfig.EntityConfig[i+1:]...)
	}
}

func (a *VirtualApp) summary() *types.VirtualAppSummary {
	s, ok := a.Summary.(*types.VirtualAppSummary)
	if !ok { // vApps made by Model.Create keep the stock summary
		s = &types.VirtualAppSummary{ResourcePoolSummary: *a.Summary.GetResourcePoolSummary()}
		a.Summary = s
	}
	return s
}

func (a *VirtualApp) setState(state types.VirtualAppVAppState, suspended bool) {
	s := a.summary()
	s.VAppState = state
	s.Suspended = types.NewBool(suspended)
	Map.Update(a, []types.PropertyChange{{Name: "summary", Val: s}})
}

var (
	validStartActions = map[string]bool{"": true, "none": true, "powerOn": true}
	validStopActions  = map[string]bool{"": true, "none": true, "powerOff": true, "guestShutdown": true, "suspend": true}
)

// mergeEntityConfig copies the fields set in src onto dst. As with vApp
// properties, an explicit 0 cannot be told from an absent element, so an
// update cannot set startOrder/startDelay/stopDelay back to 0.
func mergeEntityConfig(dst, src *types.VAppEntityConfigInfo) {
	if src.Tag != "" {
		dst.Tag = src.Tag
	}
	if src.StartOrder != 0 {
		dst.StartOrder = src.StartOrder
	}
	if src.StartDelay != 0 {
		dst.StartDelay = src.StartDelay
	}
	if src.WaitingForGuest != nil {
		dst.WaitingForGuest = src.WaitingForGuest
	}
	if src.StartAction != "" {
		dst.StartAction = src.StartAction
	}
	if src.StopDelay != 0 {
		dst.StopDelay = src.StopDelay
	}
	if src.StopAction != "" {
		dst.StopAction = src.StopAction
	}
	if src.DestroyWithParent != nil {
		dst.DestroyWithParent = src.DestroyWithParent
	}
}

// UpdateVAppConfig is missing from stock vcsim.
func (a *VirtualApp) UpdateVAppConfig(ctx *Context, req *types.UpdateVAppConfig) soap.HasFault {
	body := new(methods.UpdateVAppConfigBody)
	fail := func(err types.BaseMethodFault) soap.HasFault {
		body.Fault_ = Fault("", err)
		return body
	}

	// Work on a copy so that a fault leaves the vApp unchanged.
	var cfg types.VAppConfigInfo
	if a.VAppConfig != nil {
		cfg = *a.VAppConfig
	}
	cfg.VmConfigInfo = copyVmConfigInfo(&cfg.VmConfigInfo)
	cfg.EntityConfig = append([]types.VAppEntityConfigInfo(nil), cfg.EntityConfig...)

	if err := applyVmConfigSpec(&cfg.VmConfigInfo, &req.Spec.VmConfigSpec, "spec"); err != nil {
		return fail(err)
	}

	for i := range req.Spec.EntityConfig {
		e := req.Spec.EntityConfig[i]
		at := fmt.Sprintf("spec.entityConfig[%d]", i)
		if e.Key == nil {
			return fail(invalidVAppArg(at + ".key"))
		}
		if FindReference(a.Vm, *e.Key) == nil && FindReference(a.ResourcePool.ResourcePool, *e.Key) == nil {
			return fail(invalidVAppArg(at + ".key")) // not a child of this vApp
		}
		if !validStartActions[e.StartAction] {
			return fail(invalidVAppArg(at + ".startAction"))
		}
		if !validStopActions[e.StopAction] {
			return fail(invalidVAppArg(at + ".stopAction"))
		}
		if e.StartOrder < 0 || e.StartDelay < 0 || e.StopDelay < 0 {
			return fail(invalidVAppArg(at))
		}

		found := false
		for j := range cfg.EntityConfig {
			if k := cfg.EntityConfig[j].Key; k != nil && *k == *e.Key {
				mergeEntityConfig(&cfg.EntityConfig[j], &e)
				found = true
			}
		}
		if !found {
			cfg.EntityConfig = append(cfg.EntityConfig, e)
		}
	}

	if req.Spec.Annotation != "" {
		cfg.Annotation = req.Spec.Annotation
	}
	if req.Spec.InstanceUuid != "" {
		cfg.InstanceUuid = req.Spec.InstanceUuid
	}
	if req.Spec.ManagedBy != nil {
		cfg.ManagedBy = req.Spec.ManagedBy
	}

	Map.Update(a, []types.PropertyChange{{Name: "vAppConfig", Val: &cfg}})

	s := a.summary()
	s.Product = nil
	if len(cfg.Product) != 0 {
		p := cfg.Product[0]
		s.Product = &p
	}
	s.InstallBootRequired = types.NewBool(cfg.InstallBootRequired)
	s.InstanceUuid = cfg.InstanceUuid

	body.Res = new(types.UpdateVAppConfigResponse)
	return body
}

// UpdateConfig (rename, resource allocation): the stock ResourcePool code,
// applied to the vApp itself rather than to a copy.
func (a *VirtualApp) UpdateConfig(req *types.UpdateConfig) soap.HasFault {
	rp := &ResourcePool{ResourcePool: a.ResourcePool}
	res := rp.UpdateConfig(req)
	if res.Fault() == nil {
		a.Name = rp.Name
		a.Config = rp.Config
		a.summary().Name = rp.Name
	}
	return res
}

type vappMember struct {
	vm  *VirtualMachine
	cfg types.VAppEntityConfigInfo
}

// members returns the vApp's VMs sorted by start order (stable, so VMs of
// one group keep the order they have in the vApp).
func (a *VirtualApp) members() []vappMember {
	var list []vappMember
	for _, ref := range a.Vm {
		vm, ok := Map.Get(ref).(*VirtualMachine)
		if !ok {
			continue
		}
		cfg := defaultEntityConfig(vm)
		if i := a.entityIndex(ref); i >= 0 {
			cfg = a.VAppConfig.EntityConfig[i]
		}
		list = append(list, vappMember{vm, cfg})
	}
	sort.SliceStable(list, func(i, j int) bool { return list[i].cfg.StartOrder < list[j].cfg.StartOrder })
	return list
}

func vappDelay(a *VirtualApp, seconds int32) {
	if VAppDelayScale > 0 && seconds > 0 {
		wait := time.Duration(float64(seconds) * VAppDelayScale * float64(time.Second))
		imposed("vapp-stop-delay", a.Name, time.Now(), wait)
		time.Sleep(wait)
	}
}

// taskFault runs a VM method that returns a task and gives the task's fault.
func taskFault(res soap.HasFault, ref func(soap.HasFault) types.ManagedObjectReference) types.BaseMethodFault {
	if f := res.Fault(); f != nil {
		return f.VimFault().(types.BaseMethodFault)
	}
	if t := Map.Get(ref(res)).(*Task); t.Info.Error != nil {
		return t.Info.Error.Fault
	}
	return nil
}

func (a *VirtualApp) powerOn(ctx *Context) types.BaseMethodFault {
	a.setState(types.VirtualAppVAppStateStarting, false)
	list := a.members()
	var group []vappMember // the start-order group started last
	for i, m := range list {
		if m.cfg.StartAction != "none" && m.vm.Runtime.PowerState != types.VirtualMachinePowerStatePoweredOn {
			var err types.BaseMethodFault
			ctx.WithLock(m.vm, func() {
				err = taskFault(m.vm.PowerOnVMTask(ctx, &types.PowerOnVM_Task{This: m.vm.Self}),
					func(r soap.HasFault) types.ManagedObjectReference {
						return r.(*methods.PowerOnVM_TaskBody).Res.Returnval
					})
			})
			if err != nil {
				a.setState(types.VirtualAppVAppStateStopped, false)
				return err
			}
			group = append(group, m)
		}
		// Before the next start-order group: the heartbeat or the delay.
		if i+1 < len(list) && list[i+1].cfg.StartOrder != m.cfg.StartOrder {
			awaitGroup(ctx, a, group)
			group = nil
		}
	}
	a.setState(types.VirtualAppVAppStateStarted, false)
	return nil
}

// awaitGroup waits, after a start-order group was powered on, as vCenter does
// before the next group (vim.vApp.EntityConfigInfo): for a VM with
// waitingForGuest, until its guest's first VMware Tools heartbeat, and its
// startDelay is not waited; for any other, its startDelay (scaled by
// VAppDelayScale). A VM powered off meanwhile is not waited for.
func awaitGroup(ctx *Context, a *VirtualApp, group []vappMember) {
	var delay int32
	var guests []*VirtualMachine
	for _, m := range group {
		if isTrue(m.cfg.WaitingForGuest) {
			guests = append(guests, m.vm)
		} else if m.cfg.StartDelay > delay {
			delay = m.cfg.StartDelay
		}
	}
	start := time.Now()
	for _, vm := range guests {
		for {
			if beats, on := heartbeating(ctx, vm); beats || !on {
				break
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	if VAppDelayScale > 0 && delay > 0 {
		wait := time.Duration(float64(delay) * VAppDelayScale * float64(time.Second))
		if left := wait - time.Since(start); left > 0 {
			imposed("vapp-start-delay", a.Name, time.Now(), left) // what a heartbeat wait left of the delay
			time.Sleep(left)
		}
	}
}

func (a *VirtualApp) powerOff(ctx *Context, force bool) types.BaseMethodFault {
	a.setState(types.VirtualAppVAppStateStopping, false)
	list := a.members()
	suspended := false
	var groupDelay int32
	for i := len(list) - 1; i >= 0; i-- { // reverse start order
		m := list[i]
		action := m.cfg.StopAction
		if force || action == "" {
			action = "powerOff"
		}
		state := m.vm.Runtime.PowerState

		var err types.BaseMethodFault
		ctx.WithLock(m.vm, func() {
			switch {
			case action == "none" || state == types.VirtualMachinePowerStatePoweredOff:
			case action == "guestShutdown" && state == types.VirtualMachinePowerStatePoweredOn:
				err = stopByGuest(ctx, m.vm)
			case action == "suspend":
				if state == types.VirtualMachinePowerStatePoweredOn {
					err = taskFault(m.vm.SuspendVMTask(ctx, &types.SuspendVM_Task{This: m.vm.Self}),
						func(r soap.HasFault) types.ManagedObjectReference {
							return r.(*methods.SuspendVM_TaskBody).Res.Returnval
						})
				}
				suspended = true
			default:
				err = taskFault(m.vm.PowerOffVMTask(ctx, &types.PowerOffVM_Task{This: m.vm.Self}),
					func(r soap.HasFault) types.ManagedObjectReference {
						return r.(*methods.PowerOffVM_TaskBody).Res.Returnval
					})
			}
		})
		if err != nil {
			a.setState(types.VirtualAppVAppStateStarted, false)
			return err
		}
		if m.cfg.StopDelay > groupDelay {
			groupDelay = m.cfg.StopDelay
		}
		if i > 0 && list[i-1].cfg.StartOrder != m.cfg.StartOrder {
			vappDelay(a, groupDelay)
			groupDelay = 0
		}
	}
	a.setState(types.VirtualAppVAppStateStopped, suspended)
	return nil
}

// stopByGuest runs a member's guestShutdown stop action. The guest can shut
// down only with VMware Tools running (ShutdownGuest: ToolsUnavailable).
// PowerOffVApp_Task's documented faults (vSphere API, vim.VirtualApp:
// InvalidPowerState, TaskInProgress, InvalidState "if the operation cannot be
// performed because of the vApp's current state", MissingPowerOffConfiguration)
// have no ToolsUnavailable, and it documents no power-off in place of the
// guest shutdown (only force powers every VM off): so the sequence stops
// there with InvalidState, the member's ToolsUnavailable as its faultCause,
// and the member stays on. The caller holds the VM's lock.
func stopByGuest(ctx *Context, vm *VirtualMachine) types.BaseMethodFault {
	if !vm.toolsRunning() {
		return &types.InvalidState{VimFault: types.VimFault{MethodFault: types.MethodFault{
			FaultCause: &types.LocalizedMethodFault{
				Fault:            &types.ToolsUnavailable{},
				LocalizedMessage: toolsUnavailableText,
			},
		}}}
	}
	if f := vm.ShutdownGuest(ctx, &types.ShutdownGuest{This: vm.Self}).Fault(); f != nil {
		return f.VimFault().(types.BaseMethodFault)
	}
	return nil
}

// PowerOnVAppTask powers the vApp's VMs on in ascending start order.
func (a *VirtualApp) PowerOnVAppTask(ctx *Context, req *types.PowerOnVApp_Task) soap.HasFault {
	task := CreateTask(a, "powerOn", func(*Task) (types.AnyType, types.BaseMethodFault) {
		return nil, a.powerOn(ctx)
	})
	return &methods.PowerOnVApp_TaskBody{Res: &types.PowerOnVApp_TaskResponse{Returnval: task.Run()}}
}

// PowerOffVAppTask stops the vApp's VMs in descending start order, each by
// its stopAction (powerOff for all when force is set); a guestShutdown member
// without VMware Tools running stops the sequence (stopByGuest).
func (a *VirtualApp) PowerOffVAppTask(ctx *Context, req *types.PowerOffVApp_Task) soap.HasFault {
	task := CreateTask(a, "powerOff", func(*Task) (types.AnyType, types.BaseMethodFault) {
		return nil, a.powerOff(ctx, req.Force)
	})
	return &methods.PowerOffVApp_TaskBody{Res: &types.PowerOffVApp_TaskResponse{Returnval: task.Run()}}
}

// MoveIntoResourcePool is missing from stock vcsim, for pools and vApps.
func (p *ResourcePool) MoveIntoResourcePool(ctx *Context, req *types.MoveIntoResourcePool) soap.HasFault {
	return moveIntoPool(ctx, p.Self, req.List)
}

func (a *VirtualApp) MoveIntoResourcePool(ctx *Context, req *types.MoveIntoResourcePool) soap.HasFault {
	return moveIntoPool(ctx, a.Self, req.List)
}

func moveIntoPool(ctx *Context, dst types.ManagedObjectReference, list []types.ManagedObjectReference) soap.HasFault {
	body := new(methods.MoveIntoResourcePoolBody)
	for _, ref := range list {
		var err types.BaseMethodFault
		switch obj := Map.Get(ref).(type) {
		case *VirtualMachine:
			err = moveVMToPool(ctx, obj, dst)
		case *ResourcePool, *VirtualApp:
			err = movePoolToPool(ctx, obj.(mo.Entity), dst)
		default:
			err = &types.ManagedObjectNotFound{Obj: ref}
		}
		if err != nil {
			body.Fault_ = Fault("", err)
			return body
		}
	}
	body.Res = new(types.MoveIntoResourcePoolResponse)
	return body
}

// childPools returns the child pool list of a ResourcePool or VirtualApp.
func childPools(obj mo.Reference) *[]types.ManagedObjectReference {
	switch p := obj.(type) {
	case *ResourcePool:
		return &p.ResourcePool.ResourcePool
	case *VirtualApp:
		return &p.ResourcePool.ResourcePool
	}
	return nil
}

// movePoolToPool re-parents a resource pool or vApp under another resource
// pool. Pools are not moved into vApps here (not needed by the lab).
func movePoolToPool(ctx *Context, child mo.Entity, dst types.ManagedObjectReference) types.BaseMethodFault {
	target, ok := Map.Get(dst).(mo.Entity)
	if !ok || dst.Type != "ResourcePool" {
		return &types.NotSupported{}
	}
	// No cycles: dst must not be child or below it.
	for e := target; e != nil; {
		if e.Reference() == child.Reference() {
			return &types.InvalidArgument{InvalidProperty: "list"}
		}
		parent := e.Entity().Parent
		if parent == nil || (parent.Type != "ResourcePool" && parent.Type != "VirtualApp") {
			break
		}
		e, _ = Map.Get(*parent).(mo.Entity)
	}
	if Map.getEntityComputeResource(child) != Map.getEntityComputeResource(target) {
		return &types.InvalidArgument{InvalidProperty: "list"}
	}

	old := Map.Get(*child.Entity().Parent)
	if old == nil || childPools(old) == nil {
		return &types.InvalidArgument{InvalidProperty: "list"} // a root pool
	}
	ref := child.Reference()
	ctx.WithLock(old, func() { RemoveReference(childPools(old), ref) })
	ctx.WithLock(target, func() { *childPools(target) = append(*childPools(target), ref) })
	ctx.WithLock(child, func() {
		Map.Update(child, []types.PropertyChange{{Name: "parent", Val: &dst}})
	})
	return nil
}

// destroyVApp replaces the stock VirtualApp.DestroyTask (through a patch),
// which moved the VMs to the parent pool: vCenter destroys a vApp's VMs with
// it, and refuses while any of them is powered on.
func (a *VirtualApp) destroyVApp(ctx *Context, req *types.Destroy_Task) soap.HasFault {
	task := CreateTask(a, "destroy", func(*Task) (types.AnyType, types.BaseMethodFault) {
		for _, m := range a.members() {
			if s := m.vm.Runtime.PowerState; s != types.VirtualMachinePowerStatePoweredOff {
				return nil, &types.InvalidPowerState{
					RequestedState: types.VirtualMachinePowerStatePoweredOff,
					ExistingState:  s,
				}
			}
		}

		vms := a.Vm
		a.Vm = nil
		for _, ref := range vms {
			vm, ok := Map.Get(ref).(*VirtualMachine)
			if !ok {
				continue
			}
			var err types.BaseMethodFault
			ctx.WithLock(vm, func() {
				// Unlink first: UnregisterVM would lock this (already locked) vApp.
				vm.ResourcePool = nil
				vm.ParentVApp = nil
				err = taskFault(vm.DestroyTask(ctx, &types.Destroy_Task{This: ref}),
					func(r soap.HasFault) types.ManagedObjectReference {
						return r.(*methods.Destroy_TaskBody).Res.Returnval
					})
			})
			if err != nil {
				return nil, err
			}
		}

		// As for a resource pool: child pools move up to the parent.
		parent := Map.Get(*a.Parent)
		if list := childPools(parent); list != nil {
			children := a.ResourcePool.ResourcePool
			ctx.WithLock(parent, func() {
				RemoveReference(list, a.Self)
				*list = append(*list, children...)
			})
			for _, c := range children {
				if e, ok := Map.Get(c).(mo.Entity); ok {
					e.Entity().Parent = &parent.(mo.Entity).Entity().Self
				}
			}
		}
		Map.Remove(a.Self)
		return nil, nil
	})

	return &methods.Destroy_TaskBody{Res: &types.Destroy_TaskResponse{Returnval: task.Run()}}
}
