package dunes.vsphere.steps;

import static dunes.vsphere.steps.VSphereVariables.DONE;
import static dunes.vsphere.steps.VSphereVariables.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.vmware.vim25.mo.VirtualMachine;
import dunes.lab.vsphere.LabSimulator;
import dunes.vsphere.Moref;
import dunes.vsphere.TaskRef;
import dunes.vsphere.VSphereException;
import dunes.vsphere.VSphereProperties;
import dunes.vsphere.YavijavaVSphere;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The wait loop's read-back of a VM's time sync with the host, against the lab's vCenter: a clone
 * that came without it gets it (one more task waited for), and one vCenter did not keep it on is
 * an error rather than another turn.
 */
class AwaitTimeSyncLabTest {

  @TempDir static Path work;
  static LabSimulator simulator;
  static YavijavaVSphere vsphere;

  @BeforeAll
  static void startLab() throws Exception {
    simulator = new LabSimulator(work.resolve("lab"), "127.0.6.42");
    vsphere = YavijavaVSphere.open(new VSphereProperties(Duration.ofSeconds(5), Duration.ofSeconds(30),
        Duration.ofSeconds(10), Duration.ofSeconds(30)), simulator.lab.sdkUrl(), LabSimulator.USER, simulator.password,
        simulator.lab.fingerprint());
  }

  @AfterAll
  static void stopLab() {
    if (vsphere != null) {
      vsphere.close();
    }
    if (simulator != null) {
      simulator.close();
    }
  }

  @Test
  void shouldTurnOnTimeSyncOfACloneThatCameWithoutItAndReadItBack() throws Exception {
    String id = UUID.randomUUID().toString().substring(0, 8);
    VirtualMachine source = simulator.importOvf("src-" + id, Map.of());
    VirtualMachine clone = simulator.cloneOf(source, "clone-" + id, Map.of()); // no tools in the clone spec
    assertThat(vsphere.findVm("clone-" + id).orElseThrow().syncTimeWithHost()).isFalse();
    Map<String, Object> variables = new HashMap<>();
    DelegateExecution execution = execution(variables);
    variables.put(WAIT, VSphereWait.of(TaskRef.done(Moref.of(clone.getMOR()), "clone vm 'src-" + id + "'"))
        .thenSyncTime("clone-" + id).toJson());
    AwaitVSphereStep step = new AwaitVSphereStep(null, null, new dunes.engine.WaitDeadlines(dunes.engine.WaitDeadlineProperties.defaults()));

    step.run(execution, null, vsphere);

    assertThat(variables.get(DONE)).as("one more task: the one that turns it on").isEqualTo(false);
    VSphereWait next = VSphereWait.fromJson((String) variables.get(WAIT));
    assertThat(next.task()).isNotNull();
    assertThat(next.syncTimeSet()).isTrue();
    assertThat(next.operation()).isEqualTo("turn on time sync with the host of vm 'clone-" + id + "'");
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
        .until(() -> {
          step.run(execution, null, vsphere);
          return Boolean.TRUE.equals(variables.get(DONE));
        });
    assertThat(vsphere.findVm("clone-" + id).orElseThrow().syncTimeWithHost()).isTrue();
    assertThat(clone.getConfig().getTools().getSyncTimeWithHost()).isTrue();
  }

  @Test
  void shouldStopWhenVCenterDidNotKeepTheTimeSyncItWasAskedFor() throws Exception {
    String id = UUID.randomUUID().toString().substring(0, 8);
    simulator.importOvf("lost-" + id, Map.of());
    Map<String, Object> variables = new HashMap<>();
    variables.put(WAIT, new VSphereWait(null, null, null, null, "turn on time sync with the host of vm 'lost-" + id
        + "'", "lost-" + id, true, null).toJson());

    assertThatThrownBy(() -> new AwaitVSphereStep(null, null, new dunes.engine.WaitDeadlines(dunes.engine.WaitDeadlineProperties.defaults())).run(execution(variables), null, vsphere))
        .isInstanceOf(VSphereException.class)
        .hasMessageContaining("vm 'lost-" + id + "': vcenter did not keep config.tools.syncTimeWithHost");
    assertThat(variables).doesNotContainKey(DONE);
  }

  /** An execution whose variables live in {@code variables}. */
  static DelegateExecution execution(Map<String, Object> variables) {
    DelegateExecution execution = mock(DelegateExecution.class);
    when(execution.getVariable(anyString())).thenAnswer(call -> variables.get((String) call.getArgument(0)));
    doAnswer(call -> variables.put(call.getArgument(0), call.getArgument(1)))
        .when(execution).setVariable(anyString(), org.mockito.ArgumentMatchers.any());
    return execution;
  }
}
