package dunes.vsphere.steps;

import static org.assertj.core.api.Assertions.assertThat;

import dunes.vsphere.Moref;
import dunes.vsphere.TaskRef;
import dunes.vsphere.VmInfo;
import org.junit.jupiter.api.Test;

class VSphereWaitTest {

  @Test
  void shouldKeepAPowerStateWaitThroughItsVariable() {
    VSphereWait wait = VSphereWait.powerState("vcvco1", VmInfo.PowerState.POWERED_OFF, "shut down");

    VSphereWait read = VSphereWait.fromJson(wait.toJson());

    assertThat(read).isEqualTo(wait);
    assertThat(read.watchesPowerState()).isTrue();
    assertThat(read.powerState()).isEqualTo("POWERED_OFF");
  }

  @Test
  void shouldKeepATaskWaitThroughItsVariable() {
    TaskRef ref = new TaskRef(new Moref("Task", "task-7"), new Moref("VirtualMachine", "vm-3"), "power on vm 'a'");

    VSphereWait read = VSphereWait.fromJson(VSphereWait.of(ref).toJson());

    assertThat(read.watchesPowerState()).isFalse();
    assertThat(read.taskRef()).isEqualTo(ref);
  }
}
