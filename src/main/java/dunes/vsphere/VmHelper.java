package dunes.vsphere;

import com.vmware.vim25.ArrayUpdateOperation;
import com.vmware.vim25.OptionValue;
import com.vmware.vim25.ToolsConfigInfo;
import com.vmware.vim25.VAppPropertyInfo;
import com.vmware.vim25.VAppPropertySpec;
import com.vmware.vim25.VirtualMachineCloneSpec;
import com.vmware.vim25.VirtualMachineConfigSpec;
import com.vmware.vim25.VirtualMachinePowerState;
import com.vmware.vim25.VirtualMachineRelocateSpec;
import com.vmware.vim25.VmConfigInfo;
import com.vmware.vim25.VmConfigSpec;
import com.vmware.vim25.mo.Folder;
import com.vmware.vim25.mo.ServiceInstance;
import com.vmware.vim25.mo.Task;
import com.vmware.vim25.mo.VirtualMachine;
import java.rmi.RemoteException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** Virtual machines: find by name, read back, clone, power, resize, time sync, remove. */
final class VmHelper {

  private static final String[] PATHS = {"name", "runtime.powerState", "config.vAppConfig", "config.extraConfig",
      "config.hardware.numCPU", "config.hardware.memoryMB", "guest.guestState", "guest.toolsRunningStatus",
      "config.tools.syncTimeWithHost"};

  private VmHelper() {}

  static Optional<VmInfo> find(ServiceInstance vcenter, String name) throws RemoteException {
    List<Moref> named = PropertyReader.all(vcenter, vcenter.getRootFolder().getMOR(), "VirtualMachine", "name")
        .entrySet().stream().filter(e -> name.equals(e.getValue().get("name"))).map(Map.Entry::getKey).toList();
    if (named.size() > 1) {
      throw new VSphereConflictException("several vms named '" + name + "': Dunes needs VM names unique in the vcenter");
    }
    return named.isEmpty() ? Optional.empty() : Optional.of(read(vcenter, named.get(0)));
  }

  /** Every VM named so, read back. */
  static List<VmInfo> findAll(ServiceInstance vcenter, String name) throws RemoteException {
    List<VmInfo> found = new ArrayList<>();
    for (Map.Entry<Moref, Map<String, Object>> vm : PropertyReader.all(vcenter, vcenter.getRootFolder().getMOR(),
        "VirtualMachine", "name").entrySet()) {
      if (name.equals(vm.getValue().get("name"))) {
        try {
          found.add(read(vcenter, vm.getKey()));
        } catch (VSphereNotFoundException gone) {
          // removed between the two reads
        }
      }
    }
    return found;
  }

  /** The VM, which must exist: a step acting on a VM the build made or was given. */
  static VmInfo require(ServiceInstance vcenter, String name) throws RemoteException {
    return find(vcenter, name).orElseThrow(() -> new VSphereNotFoundException("vm '" + name + "' not found"));
  }

  static VmInfo read(ServiceInstance vcenter, Moref vm) throws RemoteException {
    Map<String, Object> values = PropertyReader.read(vcenter, vm.toMor(), PATHS);
    if (values.isEmpty()) {
      throw new VSphereNotFoundException("vm " + vm + " not found");
    }
    VmConfigInfo vapp = (VmConfigInfo) values.get("config.vAppConfig");
    Map<String, String> properties = new HashMap<>();
    Set<String> secrets = new HashSet<>();
    for (VAppPropertyInfo p : vapp == null ? new VAppPropertyInfo[0] : Values.array(vapp.getProperty(), VAppPropertyInfo.class)) {
      properties.put(OvfProperties.environmentKey(p), OvfProperties.effectiveValue(p));
      if ("password".equals(p.getType())) {
        secrets.add(OvfProperties.environmentKey(p));
      }
    }
    Object cpus = values.get("config.hardware.numCPU");
    Object memory = values.get("config.hardware.memoryMB");
    return new VmInfo((String) values.get("name"), vm, powerState((VirtualMachinePowerState) values.get("runtime.powerState")),
        properties, secrets, BuildTag.fromExtraConfig(Values.array(values.get("config.extraConfig"), OptionValue.class)),
        cpus == null ? 0 : ((Number) cpus).intValue(), memory == null ? 0 : ((Number) memory).longValue(),
        values.get("guest.guestState") == null ? "unknown" : values.get("guest.guestState").toString(),
        values.get("guest.toolsRunningStatus") == null ? "unknown" : values.get("guest.toolsRunningStatus").toString(),
        Boolean.TRUE.equals(values.get("config.tools.syncTimeWithHost")));
  }

  /** The requested properties this VM holds with another value (or not at all), "key: have 'a', want 'b'". */
  static List<String> differences(VmInfo vm, Map<String, String> wanted) {
    List<String> differences = new ArrayList<>();
    for (String key : new TreeSet<>(wanted.keySet())) {
      String have = vm.properties().get(key);
      if (!wanted.get(key).equals(have)) {
        differences.add(key + ": has " + (have == null ? "none" : "'" + vm.shown(key, have) + "'") + ", request says '"
            + vm.shown(key, wanted.get(key)) + "'");
      }
    }
    return differences;
  }

  /**
   * Adopts an existing VM when its properties are the requested ones, and refuses it otherwise or
   * when another build made it (a VM with no tag, made by hand, is adopted only if it matches).
   */
  static void checkAdoptable(VmInfo existing, Map<String, String> wanted, String buildTag) {
    if (existing.buildTag() != null && !existing.buildTag().equals(buildTag)) {
      throw new VSphereConflictException("vm '" + existing.name() + "' already exists, made by build '"
          + existing.buildTag() + "': remove or rename it, or choose another name");
    }
    List<String> differences = differences(existing, wanted);
    if (!differences.isEmpty()) {
      throw new VSphereConflictException("vm '" + existing.name() + "' already exists with other vapp properties ("
          + String.join("; ", differences) + "): Dunes does not overwrite it; remove or rename it, or fix the request");
    }
  }

  static Task startClone(ServiceInstance vcenter, Inventory where, VmInfo source, String name,
      Map<String, String> properties, String buildTag) throws RemoteException {
    VmConfigInfo sourceVApp = (VmConfigInfo) PropertyReader.read(vcenter, source.moref().toMor(), "config.vAppConfig")
        .get("config.vAppConfig");
    List<VAppPropertySpec> edits = new ArrayList<>();
    Map<String, String> left = new HashMap<>(properties);
    for (VAppPropertyInfo info : sourceVApp == null ? new VAppPropertyInfo[0]
        : Values.array(sourceVApp.getProperty(), VAppPropertyInfo.class)) {
      String value = left.remove(OvfProperties.environmentKey(info));
      if (value != null) {
        info.setValue(value);
        VAppPropertySpec edit = new VAppPropertySpec();
        edit.setOperation(ArrayUpdateOperation.edit);
        edit.setInfo(info);
        edits.add(edit);
      }
    }
    if (!left.isEmpty()) {
      throw new VSphereNotFoundException("vapp properties " + new TreeSet<>(left.keySet()) + " not found in vm '"
          + source.name() + "': cannot set them on its clone '" + name + "'");
    }
    VmConfigSpec vapp = new VmConfigSpec();
    vapp.setProperty(edits.toArray(VAppPropertySpec[]::new));
    VirtualMachineConfigSpec config = new VirtualMachineConfigSpec();
    config.setVAppConfig(vapp);
    config.setExtraConfig(new OptionValue[] {BuildTag.extraConfig(buildTag)});
    config.setTools(timeSync()); // the clone's own, whatever its source has
    VirtualMachineRelocateSpec location = new VirtualMachineRelocateSpec();
    location.setPool(where.resourcePool().toMor());
    location.setDatastore(where.datastore().toMor());
    VirtualMachineCloneSpec spec = new VirtualMachineCloneSpec();
    spec.setLocation(location);
    spec.setPowerOn(false);
    spec.setTemplate(false);
    spec.setConfig(config);
    return vm(vcenter, source.moref()).cloneVM_Task(new Folder(vcenter.getServerConnection(), where.folder().toMor()),
        name, spec);
  }

  /** CPU count, memory and time sync with the host in one ReconfigVM; a size equal to the VM's is left out. */
  static Task startResize(ServiceInstance vcenter, VmInfo vm, int cpus, long memoryMb) throws RemoteException {
    VirtualMachineConfigSpec spec = new VirtualMachineConfigSpec();
    if (vm.cpus() != cpus) {
      spec.setNumCPUs(cpus);
    }
    if (vm.memoryMb() != memoryMb) {
      spec.setMemoryMB(memoryMb);
    }
    spec.setTools(timeSync());
    return vm(vcenter, vm.moref()).reconfigVM_Task(spec);
  }

  static Task startTimeSync(ServiceInstance vcenter, VmInfo vm) throws RemoteException {
    VirtualMachineConfigSpec spec = new VirtualMachineConfigSpec();
    spec.setTools(timeSync());
    return vm(vcenter, vm.moref()).reconfigVM_Task(spec);
  }

  /**
   * VMware Tools set the guest's clock from its host's (vSphere API ToolsConfigInfo.syncTimeWithHost): the vCO
   * cluster's prerequisite of synchronised clocks. Only this field is set; vCenter keeps the others as they are.
   */
  private static ToolsConfigInfo timeSync() {
    ToolsConfigInfo tools = new ToolsConfigInfo();
    tools.setSyncTimeWithHost(true);
    return tools;
  }

  /**
   * Refuses a VM that does not carry this build's tag: compensation must not remove a VM someone
   * else made under the same name (one without a tag was made by hand or before Dunes).
   */
  static void checkRemovable(VmInfo vm, String buildTag) {
    if (buildTag == null || !buildTag.equals(vm.buildTag())) {
      throw new VSphereConflictException("vm '" + vm.name() + "' "
          + (vm.buildTag() == null ? "has no build tag" : "carries build tag '" + vm.buildTag() + "'")
          + ": not made by this build; Dunes removes only what it made");
    }
  }

  /** The next step of removing a VM: power off when it is on or suspended, destroy once it is off. */
  static Task startRemoveStep(ServiceInstance vcenter, VmInfo vm) throws RemoteException {
    VirtualMachine machine = vm(vcenter, vm.moref());
    return vm.powerState() == VmInfo.PowerState.POWERED_OFF ? machine.destroy_Task() : machine.powerOffVM_Task();
  }

  static VirtualMachine vm(ServiceInstance vcenter, Moref moref) {
    return new VirtualMachine(vcenter.getServerConnection(), moref.toMor());
  }

  static VmInfo.PowerState powerState(VirtualMachinePowerState state) {
    if (state == null) {
      return VmInfo.PowerState.POWERED_OFF;
    }
    return switch (state) {
      case poweredOn -> VmInfo.PowerState.POWERED_ON;
      case suspended -> VmInfo.PowerState.SUSPENDED;
      default -> VmInfo.PowerState.POWERED_OFF;
    };
  }
}
