package dunes.vsphere;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.vmware.vim25.ToolsConfigInfo;
import com.vmware.vim25.VirtualMachineConfigSpec;
import com.vmware.vim25.mo.Task;
import com.vmware.vim25.mo.VirtualMachine;
import dunes.lab.vsphere.LabSimulator;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Clone with new vApp properties, size and time sync, power, guest shutdown and task faults, through the port. */
class VmLifecycleLabTest extends LabVSphereTestBase {

  @Test
  void shouldCloneWithNewVamiPropertiesAndAdoptTheCloneTheSecondTime() {
    String id = shortId();
    Map<String, String> sourceVami = LabSimulator.vami("source-" + id, "127.0.6.21");
    deploy("source-" + id, sourceVami);
    Map<String, String> cloneVami = LabSimulator.vami("clone-" + id, "127.0.6.22");

    TaskState state = finished(vsphere.startClone(where, "source-" + id, "clone-" + id, cloneVami, TICKET));

    assertThat(state.status()).isEqualTo(TaskState.Status.SUCCESS);
    VmInfo clone = vsphere.findVm("clone-" + id).orElseThrow();
    assertThat(state.result()).isEqualTo(clone.moref());
    assertThat(clone.properties()).containsAllEntriesOf(cloneVami);
    assertThat(clone.buildTag()).isEqualTo(TICKET);
    assertThat(vsphere.findVm("source-" + id).orElseThrow().properties()).containsAllEntriesOf(sourceVami);
    TaskRef again = vsphere.startClone(where, "source-" + id, "clone-" + id, cloneVami, TICKET);
    assertThat(again.isDone()).isTrue();
    assertThat(again.target()).isEqualTo(clone.moref());
  }

  @Test
  void shouldRefuseToSetAPropertyTheSourceDoesNotHave() {
    String id = shortId();
    deploy("src-" + id, Map.of());

    assertThatThrownBy(() -> vsphere.startClone(where, "src-" + id, "cl-" + id, Map.of("no.such.key", "x"), TICKET))
        .isInstanceOf(VSphereNotFoundException.class).hasMessageContaining("[no.such.key] not found in vm 'src-" + id + "'");
  }

  @Test
  void shouldResizeAPoweredOffVmOnce() {
    String name = "size-" + shortId();
    deploy(name, Map.of());

    assertThat(finished(vsphere.startResize(name, 2, 256)).status()).isEqualTo(TaskState.Status.SUCCESS);

    VmInfo vm = vsphere.findVm(name).orElseThrow();
    assertThat(vm.cpus()).isEqualTo(2);
    assertThat(vm.memoryMb()).isEqualTo(256);
    assertThat(vsphere.startResize(name, 2, 256).isDone()).isTrue();
  }

  @Test
  void shouldTurnOnTimeSyncWithTheSizeInOneReconfigAndKeepItThroughReconfigAndClone() throws Exception {
    String name = "sync-" + shortId();
    deploy(name, Map.of());
    assertThat(vsphere.findVm(name).orElseThrow().syncTimeWithHost()).as("the OVF's VM").isFalse();

    assertThat(finished(vsphere.startResize(name, 1, 512)).status()).isEqualTo(TaskState.Status.SUCCESS);

    VmInfo vm = vsphere.findVm(name).orElseThrow();
    assertThat(vm.syncTimeWithHost()).isTrue();
    assertThat(vm.cpus()).isEqualTo(1);
    assertThat(vsphere.startResize(name, 1, 512).isDone()).as("already so").isTrue();
    VirtualMachine raw = simulator.vm(name);
    assertThat(raw.getConfig().getTools().getSyncTimeWithHost()).isTrue();
    // another Tools option alone: vCenter keeps what the spec leaves unset
    VirtualMachineConfigSpec other = new VirtualMachineConfigSpec();
    ToolsConfigInfo afterPowerOn = new ToolsConfigInfo();
    afterPowerOn.setAfterPowerOn(true);
    other.setTools(afterPowerOn);
    LabSimulator.complete(raw.reconfigVM_Task(other));
    assertThat(vsphere.findVm(name).orElseThrow().syncTimeWithHost()).isTrue();
    // a clone copies its source's configuration, Tools options included
    simulator.cloneOf(raw, "inherits-" + name, Map.of());
    assertThat(vsphere.findVm("inherits-" + name).orElseThrow().syncTimeWithHost()).isTrue();
  }

  @Test
  void shouldCloneWithTimeSyncAndTurnItOnForAnAdoptedCloneThatLacksIt() throws Exception {
    String id = shortId();
    deploy("plain-" + id, Map.of());
    finished(vsphere.startClone(where, "plain-" + id, "ours-" + id, Map.of(), TICKET));
    assertThat(vsphere.findVm("ours-" + id).orElseThrow().syncTimeWithHost())
        .as("set by the clone spec, though the source has none").isTrue();
    // a clone made before Dunes set time sync (its source had none)
    simulator.cloneOf(simulator.vm("plain-" + id), "older-" + id, Map.of());
    assertThat(vsphere.findVm("older-" + id).orElseThrow().syncTimeWithHost()).isFalse();

    TaskRef converge = vsphere.startClone(where, "plain-" + id, "older-" + id, Map.of(), TICKET);

    assertThat(converge.isDone()).as("a task that turns it on").isFalse();
    assertThat(finished(converge).status()).isEqualTo(TaskState.Status.SUCCESS);
    assertThat(vsphere.findVm("older-" + id).orElseThrow().syncTimeWithHost()).isTrue();
    assertThat(vsphere.startClone(where, "plain-" + id, "older-" + id, Map.of(), TICKET).isDone()).isTrue();
    assertThat(vmsNamed("older-" + id)).hasSize(1);
  }

  @Test
  void shouldTurnOnTimeSyncOfAPoweredOnVm() {
    String name = "live-" + shortId();
    deploy(name, Map.of());
    finished(vsphere.startPowerOn(name));

    assertThat(finished(vsphere.startTimeSync(name)).status()).isEqualTo(TaskState.Status.SUCCESS);

    assertThat(vsphere.findVm(name).orElseThrow().syncTimeWithHost()).isTrue();
    assertThat(vsphere.startTimeSync(name).isDone()).isTrue();
  }

  @Test
  void shouldPowerOnAndOffAndShutDownTheGuest() throws Exception {
    String name = "power-" + shortId();
    deploy(name, Map.of());

    assertThat(finished(vsphere.startPowerOn(name)).status()).isEqualTo(TaskState.Status.SUCCESS);
    assertThat(powerState(name)).isEqualTo(VmInfo.PowerState.POWERED_ON);
    assertThat(vsphere.startPowerOn(name).isDone()).as("already on: nothing to start").isTrue();

    LabSimulator.awaitTools(simulator.vm(name)); // vCenter refuses a guest shutdown before (GuestToolsLabTest)
    vsphere.shutdownGuest(name);
    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
        .until(() -> powerState(name) == VmInfo.PowerState.POWERED_OFF);
    vsphere.shutdownGuest(name); // already off: nothing to do

    finished(vsphere.startPowerOn(name));
    assertThat(finished(vsphere.startPowerOff(name)).status()).isEqualTo(TaskState.Status.SUCCESS);
    assertThat(powerState(name)).isEqualTo(VmInfo.PowerState.POWERED_OFF);
    assertThat(vsphere.startPowerOff(name).isDone()).isTrue();
  }

  @Test
  void shouldSurfaceVSpheresFaultTextOfAFailedTask() throws Exception {
    String name = "fault-" + shortId();
    deploy(name, Map.of());
    VirtualMachine vm = simulator.vm(name);
    LabSimulator.powerOn(vm);
    Task failing = vm.powerOnVM_Task(null); // behind the port: it would not start a task for a VM already on
    TaskRef ref = new TaskRef(Moref.of(failing.getMOR()), Moref.of(vm.getMOR()), "power on vm '" + name + "'");

    TaskState state = finished(ref);

    assertThat(state.status()).isEqualTo(TaskState.Status.ERROR);
    assertThat(state.faultType()).isEqualTo("InvalidPowerState");
    assertThat(state.fault()).isEqualTo(failing.getTaskInfo().getError().getLocalizedMessage());
    assertThatThrownBy(state::orThrow).isInstanceOf(VSphereTaskException.class)
        .hasMessageStartingWith("power on vm '" + name + "' failed: ").hasMessageContaining("InvalidPowerState");
  }

  @Test
  void shouldNameAVmThatDoesNotExist() {
    assertThatThrownBy(() -> vsphere.startPowerOn("no-such-vm"))
        .isInstanceOf(VSphereNotFoundException.class).hasMessage("vm 'no-such-vm' not found");
    assertThat(vsphere.findVm("no-such-vm")).isEmpty();
  }
}
