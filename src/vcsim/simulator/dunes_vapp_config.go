// Dunes lab addition to govmomi 0.24.2's simulator package (copied into
// simulator/ at build time by src/vcsim/build.sh; not upstream code).
//
// vApp options (products, properties, OVF environment transport, ...) as kept
// in VirtualMachine.config.vAppConfig and VirtualApp.vAppConfig. Stock vcsim
// ignores VirtualMachineConfigSpec.vAppConfig entirely.

package simulator

import (
	"fmt"
	"strconv"

	"github.com/vmware/govmomi/vim25/types"
)

// removeKeyInt32 decodes ArrayUpdateSpec.removeKey, an xsd:anyType. SOAP
// toolkits send it as xsi:type="xsd:int" (decoded as int32). Without an
// xsi:type govmomi's decoder gives no usable value, so the key is refused.
func removeKeyInt32(k types.AnyType) (int32, bool) {
	switch v := k.(type) {
	case int32:
		return v, true
	case int:
		return int32(v), true
	case int64:
		return int32(v), true
	case int16:
		return int32(v), true
	case string:
		n, err := strconv.ParseInt(v, 10, 32)
		return int32(n), err == nil
	}
	return 0, false
}

func invalidVAppArg(field string) types.BaseMethodFault {
	return &types.InvalidArgument{InvalidProperty: field}
}

// mergeVAppProperty copies the fields set in src onto dst (an "edit").
// govmomi's types cannot tell an explicit "" from an absent element, so an
// edit cannot clear a string field.
func mergeVAppProperty(dst, src *types.VAppPropertyInfo) {
	set := func(d *string, s string) {
		if s != "" {
			*d = s
		}
	}
	set(&dst.ClassId, src.ClassId)
	set(&dst.InstanceId, src.InstanceId)
	set(&dst.Id, src.Id)
	set(&dst.Category, src.Category)
	set(&dst.Label, src.Label)
	set(&dst.Type, src.Type)
	set(&dst.TypeReference, src.TypeReference)
	set(&dst.DefaultValue, src.DefaultValue)
	set(&dst.Value, src.Value)
	set(&dst.Description, src.Description)
	if src.UserConfigurable != nil {
		dst.UserConfigurable = src.UserConfigurable
	}
}

func mergeVAppProduct(dst, src *types.VAppProductInfo) {
	set := func(d *string, s string) {
		if s != "" {
			*d = s
		}
	}
	set(&dst.ClassId, src.ClassId)
	set(&dst.InstanceId, src.InstanceId)
	set(&dst.Name, src.Name)
	set(&dst.Vendor, src.Vendor)
	set(&dst.Version, src.Version)
	set(&dst.FullVersion, src.FullVersion)
	set(&dst.VendorUrl, src.VendorUrl)
	set(&dst.ProductUrl, src.ProductUrl)
	set(&dst.AppUrl, src.AppUrl)
}

// copyVmConfigInfo returns a copy whose slices can be changed without
// touching the original, so a failed update leaves the object as it was.
func copyVmConfigInfo(src *types.VmConfigInfo) types.VmConfigInfo {
	if src == nil {
		return types.VmConfigInfo{}
	}
	c := *src
	c.Product = append([]types.VAppProductInfo(nil), src.Product...)
	c.Property = append([]types.VAppPropertyInfo(nil), src.Property...)
	c.Eula = append([]string(nil), src.Eula...)
	c.OvfSection = append([]types.VAppOvfSectionInfo(nil), src.OvfSection...)
	c.OvfEnvironmentTransport = append([]string(nil), src.OvfEnvironmentTransport...)
	return c
}

// applyVmConfigSpec applies the add/edit/remove operations of spec to info,
// as vCenter does for ReconfigVM_Task and UpdateVAppConfig. field names the
// spec in faults (e.g. "spec.vAppConfig").
func applyVmConfigSpec(info *types.VmConfigInfo, spec *types.VmConfigSpec, field string) types.BaseMethodFault {
	for i, p := range spec.Property {
		at := fmt.Sprintf("%s.property[%d]", field, i)
		switch p.Operation {
		case types.ArrayUpdateOperationAdd:
			if p.Info == nil {
				return invalidVAppArg(at + ".info")
			}
			for _, x := range info.Property {
				if x.Key == p.Info.Key {
					return invalidVAppArg(at + ".info.key")
				}
			}
			info.Property = append(info.Property, *p.Info)
		case types.ArrayUpdateOperationEdit:
			if p.Info == nil {
				return invalidVAppArg(at + ".info")
			}
			j := findVAppProperty(info.Property, p.Info.Key)
			if j < 0 {
				return invalidVAppArg(at + ".info.key")
			}
			mergeVAppProperty(&info.Property[j], p.Info)
		case types.ArrayUpdateOperationRemove:
			key, ok := removeKeyInt32(p.RemoveKey)
			j := findVAppProperty(info.Property, key)
			if !ok || j < 0 {
				return invalidVAppArg(at + ".removeKey")
			}
			info.Property = append(info.Property[:j], info.Property[j+1:]...)
		default:
			return invalidVAppArg(at + ".operation")
		}
	}

	for i, p := range spec.Product {
		at := fmt.Sprintf("%s.product[%d]", field, i)
		switch p.Operation {
		case types.ArrayUpdateOperationAdd:
			if p.Info == nil {
				return invalidVAppArg(at + ".info")
			}
			for _, x := range info.Product {
				if x.Key == p.Info.Key {
					return invalidVAppArg(at + ".info.key")
				}
			}
			info.Product = append(info.Product, *p.Info)
		case types.ArrayUpdateOperationEdit:
			if p.Info == nil {
				return invalidVAppArg(at + ".info")
			}
			j := findVAppProduct(info.Product, p.Info.Key)
			if j < 0 {
				return invalidVAppArg(at + ".info.key")
			}
			mergeVAppProduct(&info.Product[j], p.Info)
		case types.ArrayUpdateOperationRemove:
			key, ok := removeKeyInt32(p.RemoveKey)
			j := findVAppProduct(info.Product, key)
			if !ok || j < 0 {
				return invalidVAppArg(at + ".removeKey")
			}
			info.Product = append(info.Product[:j], info.Product[j+1:]...)
		default:
			return invalidVAppArg(at + ".operation")
		}
	}

	// Plain replacements: a field that is present replaces the old value.
	if spec.IpAssignment != nil {
		info.IpAssignment = *spec.IpAssignment
	}
	if spec.Eula != nil {
		info.Eula = spec.Eula
	}
	if spec.OvfEnvironmentTransport != nil {
		info.OvfEnvironmentTransport = spec.OvfEnvironmentTransport
	}
	if spec.InstallBootRequired != nil {
		info.InstallBootRequired = *spec.InstallBootRequired
	}
	if spec.InstallBootStopDelay != 0 {
		info.InstallBootStopDelay = spec.InstallBootStopDelay
	}
	// spec.OvfSection is not applied (not needed by the lab; see docs/lab.md).

	return nil
}

func findVAppProperty(list []types.VAppPropertyInfo, key int32) int {
	for i := range list {
		if list[i].Key == key {
			return i
		}
	}
	return -1
}

func findVAppProduct(list []types.VAppProductInfo, key int32) int {
	for i := range list {
		if list[i].Key == key {
			return i
		}
	}
	return -1
}

// vmConfigSpecFromInfo turns existing vApp options into "add" operations,
// used to copy them onto a clone.
func vmConfigSpecFromInfo(info *types.VmConfigInfo) *types.VmConfigSpec {
	spec := &types.VmConfigSpec{
		Eula:                    info.Eula,
		OvfEnvironmentTransport: info.OvfEnvironmentTransport,
		InstallBootRequired:     types.NewBool(info.InstallBootRequired),
		InstallBootStopDelay:    info.InstallBootStopDelay,
	}
	ip := info.IpAssignment
	spec.IpAssignment = &ip
	for i := range info.Product {
		p := info.Product[i]
		spec.Product = append(spec.Product, types.VAppProductSpec{
			ArrayUpdateSpec: types.ArrayUpdateSpec{Operation: types.ArrayUpdateOperationAdd},
			Info:            &p,
		})
	}
	for i := range info.Property {
		p := info.Property[i]
		spec.Property = append(spec.Property, types.VAppPropertySpec{
			ArrayUpdateSpec: types.ArrayUpdateSpec{Operation: types.ArrayUpdateOperationAdd},
			Info:            &p,
		})
	}
	return spec
}
