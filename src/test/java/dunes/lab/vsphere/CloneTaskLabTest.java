package dunes.lab.vsphere;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.vmware.vim25.TaskInfo;
import com.vmware.vim25.TaskInfoState;
import com.vmware.vim25.VirtualMachineCloneSpec;
import com.vmware.vim25.VirtualMachineRelocateSpec;
import com.vmware.vim25.mo.InventoryNavigator;
import com.vmware.vim25.mo.Task;
import com.vmware.vim25.mo.VirtualMachine;
import dunes.lab.LabJournal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CloneVM_Task in the lab's vCenter as vCenter runs it (vim.VirtualMachine.CloneVM_Task returns a
 * Task): the call answers with the task running, its progress moves while the copy takes
 * {@link #COPY}, and only then is the clone there; two clones of one powered-off VM copy side by
 * side, and each copy is noted as an imposed duration.
 */
class CloneTaskLabTest {

  static final Duration COPY = Duration.ofMillis(1500);

  @TempDir static Path work;
  static LabSimulator simulator;

  @BeforeAll
  static void startLab() throws Exception {
    simulator = new LabSimulator(work, "127.0.6.44", COPY);
  }

  @AfterAll
  static void stopLab() {
    if (simulator != null) {
      simulator.close();
    }
  }

  @Test
  void shouldCopyInTheBackgroundAndCopyTwoClonesOfOneSourceTogether() throws Exception {
    String id = LabVSphereTest.shortId();
    VirtualMachine source = simulator.importOvf("src-" + id, Map.of());
    String first = "copy-a-" + id;
    String second = "copy-b-" + id;

    Task a = source.cloneVM_Task(simulator.vcoFolder, first, spec());
    Task b = source.cloneVM_Task(simulator.vcoFolder, second, spec());

    assertThat(a.getTaskInfo().getState()).as("answered at once, still copying").isEqualTo(TaskInfoState.running);
    assertThat(b.getTaskInfo().getState()).isEqualTo(TaskInfoState.running);
    assertThat(named(first)).as("no clone before the copy ends").isNull();
    await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
        .until(() -> progress(a) > 0 && a.getTaskInfo().getState() == TaskInfoState.running);
    LabSimulator.complete(a);
    LabSimulator.complete(b);

    TaskInfo done = a.getTaskInfo();
    assertThat(done.getProgress()).isEqualTo(100);
    assertThat(Duration.between(done.getStartTime().toInstant(), done.getCompleteTime().toInstant()))
        .isGreaterThanOrEqualTo(COPY);
    assertThat(named(first)).isNotNull();
    assertThat(done.getResult()).isNotNull();
    List<LabJournal.Imposed> copies = simulator.lab.imposed().stream()
        .filter(i -> i.call().equals("CloneVM_Task") && (i.target().equals(first) || i.target().equals(second)))
        .toList();
    assertThat(copies).hasSize(2).allSatisfy(c -> assertThat(c.duration()).isGreaterThanOrEqualTo(COPY));
    Instant lastStart = copies.stream().map(LabJournal.Imposed::start).max(Instant::compareTo).orElseThrow();
    Instant firstEnd = copies.stream().map(LabJournal.Imposed::end).min(Instant::compareTo).orElseThrow();
    assertThat(lastStart).as("the two copies ran at the same time").isBefore(firstEnd);
  }

  private static VirtualMachineCloneSpec spec() {
    VirtualMachineCloneSpec spec = new VirtualMachineCloneSpec();
    spec.setLocation(new VirtualMachineRelocateSpec());
    spec.setPowerOn(false);
    spec.setTemplate(false);
    return spec;
  }

  private static int progress(Task task) throws Exception {
    Integer progress = task.getTaskInfo().getProgress();
    return progress == null ? 0 : progress;
  }

  private static VirtualMachine named(String name) throws Exception {
    return (VirtualMachine) new InventoryNavigator(simulator.vcenter.getRootFolder())
        .searchManagedEntity("VirtualMachine", name);
  }
}
