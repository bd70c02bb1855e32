package dunes.appliance.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dunes.build.BuildRequestReader;
import dunes.build.BuildSpec;
import dunes.build.BuildVariables;
import dunes.engine.WaitDeadlineProperties;
import dunes.engine.WaitDeadlines;
import dunes.engine.WaitExpiredException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.junit.jupiter.api.Test;

/** The limit on a restart: a node that does not reach RUNNING in time fails the job with a readable message. */
class AwaitServiceRunningStepTest {

  private final NodeShellPort shell = mock(NodeShellPort.class);
  private final AwaitServiceRunningStep step = new AwaitServiceRunningStep(shell, new WaitDeadlines(
      new WaitDeadlineProperties(null, null, Duration.ofSeconds(30), null, null, null, null, null)));
  private final Map<String, Object> variables = new HashMap<>();

  @Test
  void shouldWaitWhileStartingWithinTheLimitAndFinishWhenRunning() {
    DelegateExecution execution = execution(Instant.now().minusSeconds(5));
    when(shell.serviceStatus(any())).thenReturn(ServiceState.STARTING);
    step.execute(execution);
    assertThat(variables).containsEntry("serviceRunning", false).containsEntry("serviceState", "STARTING");

    when(shell.serviceStatus(any())).thenReturn(ServiceState.RUNNING);
    step.execute(execution);
    assertThat(variables).containsEntry("serviceRunning", true);
  }

  @Test
  void shouldFailPastTheLimitNamingTheNodeAndItsState() {
    DelegateExecution execution = execution(Instant.now().minusSeconds(31));
    when(shell.serviceStatus(any())).thenReturn(ServiceState.STANDBY);

    assertThatThrownBy(() -> step.execute(execution)).isInstanceOf(WaitExpiredException.class)
        .hasMessageContaining("vco-server on vcvco1 (127.0.0.11) to be RUNNING after its restart")
        .hasMessageContaining("last seen: STANDBY").hasMessageContaining("past the deadline of 30 s")
        .hasMessageContaining("dunes.deadlines.service-start");
  }

  @Test
  void shouldCountStandbyAsStartedOnlyWhenTheProcessAcceptsIt() {
    DelegateExecution execution = execution(Instant.now().minusSeconds(5));
    when(shell.serviceStatus(any())).thenReturn(ServiceState.STANDBY);
    step.execute(execution);
    assertThat(variables).containsEntry("serviceRunning", false).containsEntry("serviceState", "STANDBY");

    variables.put("acceptStandby", true);
    step.execute(execution);
    assertThat(variables).containsEntry("serviceRunning", true).containsEntry("serviceState", "STANDBY");

    when(shell.serviceStatus(any())).thenReturn(ServiceState.STARTING);
    step.execute(execution);
    assertThat(variables).as("starting is still not up").containsEntry("serviceRunning", false);
  }

  @Test
  void shouldNameBothAcceptedStatesPastTheLimit() {
    DelegateExecution execution = execution(Instant.now().minusSeconds(31));
    variables.put("acceptStandby", true);
    when(shell.serviceStatus(any())).thenReturn(ServiceState.STARTING);

    assertThatThrownBy(() -> step.execute(execution)).isInstanceOf(WaitExpiredException.class)
        .hasMessageContaining("to be RUNNING or STANDBY").hasMessageContaining("last seen: STARTING");
  }

  private DelegateExecution execution(Instant restartedAt) {
    String spec = BuildRequestReader.write(BuildRequestReader.parseTrusted(
        dunes.support.ExampleRequest.withTicket("CHG-1").toString()));
    variables.put(BuildVariables.BUILD_SPEC, spec);
    variables.put("nodeName", "vcvco1");
    variables.put("sshFingerprint", "SHA256:" + "A".repeat(43));
    variables.put(RestartServiceStep.RESTARTED_AT, restartedAt.toString());
    DelegateExecution execution = mock(DelegateExecution.class);
    when(execution.getVariable(anyString())).thenAnswer(i -> variables.get(i.getArgument(0, String.class)));
    doAnswer(i -> variables.put(i.getArgument(0), i.getArgument(1))).when(execution).setVariable(anyString(), any());
    return execution;
  }
}
