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

  @Test
  void shouldKeepTheTimeSyncReadBackThroughItsVariable() {
    TaskRef ref = new TaskRef(new Moref("Task", "task-8"), new Moref("VirtualMachine", "vm-4"), "clone vm 'a' as 'b'");

    VSphereWait read = VSphereWait.fromJson(VSphereWait.of(ref).thenSyncTime("b").toJson());

    assertThat(read.taskRef()).isEqualTo(ref);
    assertThat(read.syncTimeOf()).isEqualTo("b");
    assertThat(read.syncTimeSet()).isFalse();
    assertThat(read.syncTimeBy(new TaskRef(new Moref("Task", "task-9"), null, "turn on")).syncTimeSet()).isTrue();
  }

  @Test
  void shouldReadAWaitWrittenBeforeTheReadBackExisted() {
    VSphereWait read = VSphereWait.fromJson(
        "{\"task\":\"Task:task-7\",\"target\":null,\"vm\":null,\"powerState\":null,\"operation\":\"power on\"}");

    assertThat(read.syncTimeOf()).isNull();
    assertThat(read.syncTimeSet()).isFalse();
    assertThat(read.task()).isEqualTo("Task:task-7");
  }
}
