package dunes.appliance.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dunes.build.BuildRequestReader;
import dunes.build.BuildVariables;
import dunes.support.ExampleRequest;
import dunes.support.MapExecution;
import java.util.HashMap;
import java.util.Map;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.junit.jupiter.api.Test;

/** What the services of the request's nodes (vcvco1 at 127.0.0.11, vcvco2 at .12) tell the process. */
class ReadServiceStatesStepTest {

  private final Map<String, ServiceState> byHost = new HashMap<>();
  private final NodeShellPort shell = mock(NodeShellPort.class);
  private final ReadServiceStatesStep step = new ReadServiceStatesStep(shell, new dunes.engine.WaitDeadlines(dunes.engine.WaitDeadlineProperties.defaults()));
  private final Map<String, Object> variables = new HashMap<>();
  private final Map<String, Object> local = new HashMap<>();

  ReadServiceStatesStepTest() {
    when(shell.serviceStatus(any())).thenAnswer(i -> byHost.get(i.getArgument(0, NodeShellPort.Target.class).host()));
  }

  @Test
  void shouldNameTheOneRunningNodeWhenTheOtherIsStandby() {
    states(ServiceState.STANDBY, ServiceState.RUNNING);

    step.execute(execution());

    assertThat(variables).containsEntry("serviceStates", "vcvco1=STANDBY,vcvco2=RUNNING")
        .containsEntry("runningNodes", 1).containsEntry("runningNode", "vcvco2")
        .containsEntry("singleActive", true).containsEntry("allRunning", false);
  }

  @Test
  void shouldSayAllRunningAndNoSingleNode() {
    states(ServiceState.RUNNING, ServiceState.RUNNING);

    step.execute(execution());

    assertThat(variables).containsEntry("serviceStates", "vcvco1=RUNNING,vcvco2=RUNNING")
        .containsEntry("runningNodes", 2).containsEntry("runningNode", null)
        .containsEntry("singleActive", false).containsEntry("allRunning", true);
  }

  @Test
  void shouldNotCallOneRunningNodeSingleActiveWhileTheOtherIsNotStandby() {
    states(ServiceState.RUNNING, ServiceState.STARTING);

    step.execute(execution());

    assertThat(variables).containsEntry("runningNodes", 1).containsEntry("runningNode", "vcvco1")
        .containsEntry("singleActive", false).containsEntry("allRunning", false);
  }

  @Test
  void shouldCountNoneWhenNothingRuns() {
    states(ServiceState.STOPPED, ServiceState.STANDBY);

    step.execute(execution());

    assertThat(variables).containsEntry("serviceStates", "vcvco1=STOPPED,vcvco2=STANDBY")
        .containsEntry("runningNodes", 0).containsEntry("runningNode", null)
        .containsEntry("singleActive", false).containsEntry("allRunning", false);
  }

  @Test
  void shouldStopWaitingForEveryNodeRunningPastTheDeadlineWithEveryState() {
    states(ServiceState.RUNNING, ServiceState.STANDBY);
    DelegateExecution execution = execution();
    when(execution.getCurrentActivityId()).thenReturn("Task_AllRunning");
    local.put("nodeStatesWaitBegan", java.time.Instant.now().minusSeconds(16 * 60).toString());

    assertThatThrownBy(() -> step.execute(execution)).isInstanceOf(dunes.engine.WaitExpiredException.class)
        .hasMessageContaining("still waiting for every node RUNNING since ")
        .hasMessageContaining("past the deadline of 900 s (dunes.deadlines.node-states); last seen: vcvco1=RUNNING,vcvco2=STANDBY.");
  }

  @Test
  void shouldStopWaitingForOneRunningNodePastTheDeadlineButNotBefore() {
    states(ServiceState.STARTING, ServiceState.STARTING);
    DelegateExecution execution = execution();
    when(execution.getCurrentActivityId()).thenReturn("Task_OneRunning");

    step.execute(execution); // the first look records the start
    assertThat(local).containsKey("nodeStatesWaitBegan");
    assertThat(variables).containsEntry("singleActive", false);

    local.put("nodeStatesWaitBegan", java.time.Instant.now().minusSeconds(16 * 60).toString());
    assertThatThrownBy(() -> step.execute(execution)).isInstanceOf(dunes.engine.WaitExpiredException.class)
        .hasMessageContaining("still waiting for one node RUNNING, the rest STANDBY since ")
        .hasMessageContaining("last seen: vcvco1=STARTING,vcvco2=STARTING.");
  }

  private void states(ServiceState first, ServiceState second) {
    byHost.put("127.0.0.11", first);
    byHost.put("127.0.0.12", second);
  }

  private DelegateExecution execution() {
    variables.put(BuildVariables.BUILD_SPEC, BuildRequestReader.write(BuildRequestReader.parseTrusted(
        ExampleRequest.withTicket("CHG-1").toString())));
    variables.put(ShellTargets.SSH_FINGERPRINT, "SHA256:" + "A".repeat(43));
    return MapExecution.of(variables, local);
  }
}
