package dunes.vsphere;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.vmware.vim25.mo.InventoryNavigator;
import com.vmware.vim25.mo.ManagedEntity;
import com.vmware.vim25.mo.VirtualMachine;
import dunes.lab.vsphere.LabSimulator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Compensation: a VM or vApp this build made is removed step by step; anything else is refused. */
class RemoveLabTest extends LabVSphereTestBase {

  private static final String OTHER_BUILD = "CHG-0002";

  @Test
  void shouldPowerOffAndDestroyAVmOfThisBuildAndFindNothingToDoTheSecondTime() throws Exception {
    String name = "rm-" + shortId();
    deploy(name, Map.of());
    finished(vsphere.startPowerOn(name)).orThrow();

    List<TaskRef> steps = converge(() -> vsphere.startRemoveVm(name, TICKET));

    assertThat(steps).as("power off, destroy, done").hasSize(3);
    assertThat(vmsNamed(name)).isEmpty();
    assertThat(vsphere.findVm(name)).isEmpty();
    Set<String> before = allVms();
    TaskRef again = vsphere.startRemoveVm(name, TICKET);
    assertThat(again.isDone()).isTrue();
    assertThat(again.target()).isNull();
    assertThat(allVms()).isEqualTo(before);
  }

  @Test
  void shouldRemoveASuspendedVm() throws Exception {
    String name = "susp-" + shortId();
    deploy(name, Map.of());
    VirtualMachine vm = simulator.vm(name);
    LabSimulator.powerOn(vm);
    LabSimulator.complete(vm.suspendVM_Task());
    assertThat(powerState(name)).isEqualTo(VmInfo.PowerState.SUSPENDED);

    assertThat(converge(() -> vsphere.startRemoveVm(name, TICKET))).hasSize(3);

    assertThat(vmsNamed(name)).isEmpty();
  }

  @Test
  void shouldRefuseAVmOfAnotherBuildAndLeaveItRunning() throws Exception {
    String name = "other-" + shortId();
    vsphere.startOvfImport(where, new OvfImport(name, LabSimulator.OVF, Map.of(), OTHER_BUILD));
    finished(vsphere.startPowerOn(name)).orThrow();

    assertThatThrownBy(() -> vsphere.startRemoveVm(name, TICKET))
        .isInstanceOf(VSphereConflictException.class)
        .hasMessageContaining("vm '" + name + "' carries build tag '" + OTHER_BUILD + "'")
        .hasMessageContaining("not made by this build; Dunes removes only what it made");
    assertThat(vmsNamed(name)).containsExactly(name);
    assertThat(powerState(name)).isEqualTo(VmInfo.PowerState.POWERED_ON);
  }

  @Test
  void shouldRefuseAVmWithoutBuildTag() throws Exception {
    String name = "hand-" + shortId();
    simulator.importOvf(name, Map.of()); // made behind Dunes: no dunes.build in extra config
    assertThat(vsphere.findVm(name).orElseThrow().buildTag()).isNull();

    assertThatThrownBy(() -> vsphere.startRemoveVm(name, TICKET))
        .isInstanceOf(VSphereConflictException.class)
        .hasMessageContaining("vm '" + name + "' has no build tag")
        .hasMessageContaining("Dunes removes only what it made");
    assertThat(vmsNamed(name)).containsExactly(name);
  }

  @Test
  void shouldMoveTheMembersBackToPoolAndFolderThenDestroyTheEmptyVApp() throws Exception {
    String id = shortId();
    String vappName = "vapp-" + id;
    List<String> nodes = List.of("v1-" + id, "v2-" + id);
    for (String node : nodes) {
      deploy(node, Map.of());
    }
    finished(vsphere.startPowerOn(nodes.get(0))).orThrow();
    // the second node sits in the datacenter's root VM folder, so that only a folder move brings it to the inventory's
    LabSimulator.complete(simulator.datacenter.getVmFolder().moveIntoFolder_Task(
        new ManagedEntity[] {simulator.vm(nodes.get(1))}));
    VAppInfo made = vsphere.ensureVApp(where, vappName, nodes, 15, TICKET);
    for (String node : nodes) {
      assertThat(Moref.of(simulator.vm(node).getResourcePool().getMOR())).isEqualTo(made.moref());
    }

    List<TaskRef> steps = converge(() -> vsphere.startRemoveVApp(where, vappName, TICKET));

    assertThat(steps).as("folder move, destroy, done").hasSize(3);
    assertThat(vsphere.findVApp(vappName)).isEmpty();
    for (String node : nodes) {
      assertThat(vmsNamed(node)).containsExactly(node);
      VirtualMachine vm = simulator.vm(node);
      assertThat(Moref.of(vm.getResourcePool().getMOR())).as(node + " pool").isEqualTo(where.resourcePool());
      assertThat(Moref.of(vm.getParent().getMOR())).as(node + " folder").isEqualTo(where.folder());
      assertThat(vm.getPropertyByPath("parentVApp")).as(node + " parent vapp").isNull();
    }
    assertThat(powerState(nodes.get(0))).isEqualTo(VmInfo.PowerState.POWERED_ON);
    assertThat(powerState(nodes.get(1))).isEqualTo(VmInfo.PowerState.POWERED_OFF);
    Set<String> before = allVms();
    assertThat(vsphere.startRemoveVApp(where, vappName, TICKET).isDone()).isTrue();
    assertThat(allVms()).isEqualTo(before);
  }

  @Test
  void shouldDestroyAVAppWhoseMembersAreAlreadyInPlaceAtOnce() throws Exception {
    String id = shortId();
    String vappName = "vapp-" + id;
    List<String> nodes = List.of("w1-" + id, "w2-" + id);
    for (String node : nodes) {
      deploy(node, Map.of());
    }
    vsphere.ensureVApp(where, vappName, nodes, 15, TICKET);

    // the simulator keeps a vApp member's folder, so no folder move is needed: pool move and destroy in one turn
    assertThat(converge(() -> vsphere.startRemoveVApp(where, vappName, TICKET))).hasSize(2);

    assertThat(vsphere.findVApp(vappName)).isEmpty();
    for (String node : nodes) {
      assertThat(vmsNamed(node)).containsExactly(node);
      assertThat(Moref.of(simulator.vm(node).getResourcePool().getMOR())).isEqualTo(where.resourcePool());
    }
  }

  @Test
  void shouldRefuseAVAppOfAnotherBuild() throws Exception {
    String id = shortId();
    String vappName = "vapp-" + id;
    List<String> nodes = List.of("f1-" + id, "f2-" + id);
    for (String node : nodes) {
      deploy(node, Map.of());
    }
    vsphere.ensureVApp(where, vappName, nodes, 15, OTHER_BUILD);

    assertThatThrownBy(() -> vsphere.startRemoveVApp(where, vappName, TICKET))
        .isInstanceOf(VSphereConflictException.class)
        .hasMessageContaining("vapp '" + vappName + "' carries build tag '" + OTHER_BUILD + "'")
        .hasMessageContaining("Dunes removes only what it made");
    assertThat(vsphere.findVApp(vappName).orElseThrow().members()).extracting(VAppInfo.Member::vm)
        .containsExactlyElementsOf(nodes);
  }

  /** Calls a converge step until it returns a done handle, waiting for each task it starts: the handles in order. */
  private static List<TaskRef> converge(Supplier<TaskRef> step) {
    List<TaskRef> handles = new ArrayList<>();
    for (int turn = 0; turn < 10; turn++) {
      TaskRef ref = step.get();
      handles.add(ref);
      if (ref.isDone()) {
        return handles;
      }
      finished(ref).orThrow();
    }
    throw new AssertionError("not done after 10 turns: " + handles);
  }

  private static Set<String> allVms() throws Exception {
    ManagedEntity[] all = new InventoryNavigator(simulator.vcenter.getRootFolder())
        .searchManagedEntities("VirtualMachine");
    return Arrays.stream(all).map(ManagedEntity::getName).collect(Collectors.toSet());
  }
}
