// Dunes lab addition to govmomi 0.24.2's simulator package (copied into
// simulator/ at build time by src/vcsim/build.sh; not upstream code).
//
// Virtual machine behaviour missing from stock vcsim: vApp properties on
// ReconfigVM/CreateVM/CloneVM, OVF ProductSection properties on import,
// RebootGuest, and resource pool moves that also work for vApps.

package simulator

import (
	"log"
	"strings"
	"time"

	"github.com/vmware/govmomi/ovf"
	"github.com/vmware/govmomi/vim25/methods"
	"github.com/vmware/govmomi/vim25/mo"
	"github.com/vmware/govmomi/vim25/soap"
	"github.com/vmware/govmomi/vim25/types"
)

// applyVAppConfig honours spec.vAppConfig and spec.vAppConfigRemoved.
// Called (through a patch) from VirtualMachine.create and .configure, so it
// covers CreateVM_Task, ImportVApp, CloneVM_Task and ReconfigVM_Task.
func (vm *VirtualMachine) applyVAppConfig(spec *types.VirtualMachineConfigSpec) types.BaseMethodFault {
	if isTrue(spec.VAppConfigRemoved) {
		vm.Config.VAppConfig = nil
	}
	if spec.VAppConfig == nil {
		return nil
	}

	var old *types.VmConfigInfo
	if vm.Config.VAppConfig != nil {
		old = vm.Config.VAppConfig.GetVmConfigInfo()
	}
	info := copyVmConfigInfo(old)
	if err := applyVmConfigSpec(&info, spec.VAppConfig.GetVmConfigSpec(), "spec.vAppConfig"); err != nil {
		return err
	}

	Map.Update(vm, []types.PropertyChange{{Name: "config.vAppConfig", Val: &info}})
	return nil
}

// cloneVAppConfig gives a fresh clone the source's vApp options and then
// applies the clone spec's config.vAppConfig, as vCenter does.
func (vm *VirtualMachine) cloneVAppConfig(src *VirtualMachine, config *types.VirtualMachineConfigSpec) types.BaseMethodFault {
	if src.Config.VAppConfig != nil {
		info := copyVmConfigInfo(src.Config.VAppConfig.GetVmConfigInfo())
		spec := types.VirtualMachineConfigSpec{VAppConfig: vmConfigSpecFromInfo(&info)}
		if err := vm.applyVAppConfig(&spec); err != nil {
			return err
		}
	}
	if config == nil {
		return nil
	}
	return vm.applyVAppConfig(&types.VirtualMachineConfigSpec{
		VAppConfig:        config.VAppConfig,
		VAppConfigRemoved: config.VAppConfigRemoved,
	})
}

// ovfVAppConfig turns the OVF's ProductSections into vApp options for the
// import spec, with the values from the import params' propertyMapping
// (stock vcsim put the mapping into extraConfig instead).
func ovfVAppConfig(env *ovf.Envelope, cisp *types.OvfCreateImportSpecParams) *types.VmConfigSpec {
	values := make(map[string]string)
	for _, kv := range cisp.PropertyMapping {
		values[kv.Key] = kv.Value
	}
	used := make(map[string]bool)

	spec := &types.VmConfigSpec{}
	var key int32
	for i, section := range env.VirtualSystem.Product {
		class, instance := "", ""
		if section.Class != nil {
			class = *section.Class
		}
		if section.Instance != nil {
			instance = *section.Instance
		}

		spec.Product = append(spec.Product, types.VAppProductSpec{
			ArrayUpdateSpec: types.ArrayUpdateSpec{Operation: types.ArrayUpdateOperationAdd},
			Info: &types.VAppProductInfo{
				Key:         int32(i),
				ClassId:     class,
				InstanceId:  instance,
				Name:        section.Product,
				Vendor:      section.Vendor,
				Version:     section.Version,
				FullVersion: section.FullVersion,
				VendorUrl:   section.VendorURL,
				ProductUrl:  section.ProductURL,
				AppUrl:      section.AppURL,
			},
		})

		for _, p := range section.Property {
			info := types.VAppPropertyInfo{
				Key:              key,
				ClassId:          class,
				InstanceId:       instance,
				Id:               p.Key,
				Type:             p.Type,
				UserConfigurable: types.NewBool(isTrue(p.UserConfigurable)),
			}
			key++
			if isTrue(p.Password) {
				info.Type = "password"
			}
			if p.Label != nil {
				info.Label = *p.Label
			}
			if p.Description != nil {
				info.Description = *p.Description
			}
			if p.Default != nil {
				info.DefaultValue = *p.Default
			}
			// A deployment option may carry its own default.
			for _, v := range p.Values {
				if v.Configuration != nil && *v.Configuration == cisp.DeploymentOption {
					info.DefaultValue = v.Value
				}
			}

			// OVF 1.1 section 9.5.1: the environment key is [class.]key[.instance].
			full := p.Key
			if class != "" {
				full = class + "." + full
			}
			if instance != "" {
				full = full + "." + instance
			}
			if v, ok := values[full]; ok {
				info.Value = v
				used[full] = true
			}

			spec.Property = append(spec.Property, types.VAppPropertySpec{
				ArrayUpdateSpec: types.ArrayUpdateSpec{Operation: types.ArrayUpdateOperationAdd},
				Info:            &info,
			})
		}
	}

	for k := range values {
		if !used[k] {
			log.Printf("ovf: propertyMapping %q matches no OVF property, ignored", k)
		}
	}

	// The chosen IP allocation, as vCenter records it.
	if cisp.IpAllocationPolicy != "" || cisp.IpProtocol != "" {
		spec.IpAssignment = &types.VAppIPAssignmentInfo{
			IpAllocationPolicy: cisp.IpAllocationPolicy,
			IpProtocol:         cisp.IpProtocol,
		}
	}

	if hw := env.VirtualSystem.VirtualHardware; len(hw) != 0 && hw[0].Transport != nil {
		spec.OvfEnvironmentTransport = strings.Fields(*hw[0].Transport)
	}

	if len(spec.Product) == 0 && len(spec.Property) == 0 && spec.OvfEnvironmentTransport == nil {
		// Nothing from the OVF: leave the VM without vApp options.
		return nil
	}
	return spec
}

// RebootGuest is missing from stock vcsim. There is no guest OS, so like
// ShutdownGuest it acts at once; like vCenter it needs the VM powered on with
// VMware Tools running (guestOperationFault).
func (vm *VirtualMachine) RebootGuest(ctx *Context, req *types.RebootGuest) soap.HasFault {
	body := new(methods.RebootGuestBody)

	if fault := vm.guestOperationFault(); fault != nil {
		body.Fault_ = fault
		return body
	}

	ctx.postEvent(&types.VmGuestRebootEvent{VmEvent: vm.event()})
	// A reboot gives the VM a new boot time, and Tools stop until the guest is up again.
	now := time.Now()
	Map.Update(vm, []types.PropertyChange{
		{Name: "runtime.bootTime", Val: &now},
		{Name: "summary.runtime.bootTime", Val: &now},
	})
	vm.guestRebooted()

	body.Res = new(types.RebootGuestResponse)
	return body
}

// moveVMToPool moves vm into the resource pool or vApp dst, keeping both
// pools' vm lists, the vApps' entityConfig and vm.parentVApp in step.
// Used by MoveIntoResourcePool and RelocateVM_Task (stock RelocateVM_Task
// panicked for a vApp target and never updated the pools' vm lists).
// The VM stays in its VM folder (see docs/lab.md).
func moveVMToPool(ctx *Context, vm *VirtualMachine, dst types.ManagedObjectReference) types.BaseMethodFault {
	target, ok := Map.Get(dst).(mo.Entity)
	if !ok || (dst.Type != "ResourcePool" && dst.Type != "VirtualApp") {
		return &types.InvalidArgument{InvalidProperty: "pool"}
	}
	if vm.ResourcePool != nil && *vm.ResourcePool == dst {
		return nil // already there
	}

	// vCenter moves a VM only between pools of the VM's own compute resource.
	host := Map.Get(*vm.Runtime.Host).(*HostSystem)
	if cr := Map.getEntityComputeResource(target); cr.Reference() != *host.Parent {
		return &types.InvalidArgument{InvalidProperty: "pool"}
	}

	if vm.ResourcePool != nil {
		switch old := Map.Get(*vm.ResourcePool).(type) {
		case *ResourcePool:
			ctx.WithLock(old, func() { RemoveReference(&old.Vm, vm.Self) })
		case *VirtualApp:
			ctx.WithLock(old, func() {
				RemoveReference(&old.Vm, vm.Self)
				old.removeEntity(vm.Self)
			})
		}
	}

	// parentVApp is set for a VM in a vApp and unset otherwise (untyped nil,
	// which Map.Update turns into a zero value).
	var parentVApp interface{}
	switch pool := target.(type) {
	case *ResourcePool:
		ctx.WithLock(pool, func() { pool.Vm = append(pool.Vm, vm.Self) })
	case *VirtualApp:
		ctx.WithLock(pool, func() {
			pool.Vm = append(pool.Vm, vm.Self)
			pool.addEntity(vm)
		})
		parentVApp = &dst
	}

	ctx.WithLock(vm, func() {
		Map.Update(vm, []types.PropertyChange{
			{Name: "resourcePool", Val: &dst},
			{Name: "parentVApp", Val: parentVApp},
		})
	})
	return nil
}
