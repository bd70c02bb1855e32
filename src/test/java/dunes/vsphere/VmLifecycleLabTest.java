package dunes.vsphere;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.vmware.vim25.mo.Task;
import com.vmware.vim25.mo.VirtualMachine;
import dunes.lab.vsphere.LabSimulator;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Clone with new vApp properties, size, power, guest shutdown and task faults, through the port. */
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
  void shouldPowerOnAndOffAndShutDownTheGuest() {
    String name = "power-" + shortId();
    deploy(name, Map.of());

    assertThat(finished(vsphere.startPowerOn(name)).status()).isEqualTo(TaskState.Status.SUCCESS);
    assertThat(powerState(name)).isEqualTo(VmInfo.PowerState.POWERED_ON);
    assertThat(vsphere.startPowerOn(name).isDone()).as("already on: nothing to start").isTrue();

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
