package dunes.appliance.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dunes.build.BuildRequestReader;
import dunes.build.BuildVariables;
import dunes.support.ExampleRequest;
import dunes.support.MapExecution;
import java.util.HashMap;
import java.util.Map;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** When the status of a two-node request (vcvco1, vcvco2) says the cluster is formed, and what is malformed. */
class CheckClusterStatusStepTest {

  static final String HREF = "https://127.0.0.11:8281/vco/api/workflows/dunes-lab-cluster-status/executions/e1/";

  final VcoConfigPort vco = mock(VcoConfigPort.class);
  final CheckClusterStatusStep step = new CheckClusterStatusStep(vco, new dunes.engine.WaitDeadlines(dunes.engine.WaitDeadlineProperties.defaults()));
  final Map<String, Object> variables = new HashMap<>();
  final Map<String, Object> local = new HashMap<>();

  @Test
  void shouldStopWaitingPastTheDeadlineWithTheStatesLastListed() {
    answer("true", "2", "vcvco1=RUNNING,vcvco2=STANDBY");
    step.execute(execution()); // the first look records the start
    assertThat(local).containsKey("clusterFormedWaitBegan");

    local.put("clusterFormedWaitBegan", java.time.Instant.now().minusSeconds(15 * 60 + 1).toString());

    assertThatThrownBy(() -> step.execute(execution())).isInstanceOf(dunes.engine.WaitExpiredException.class)
        .hasMessageContaining("still waiting for node vcvco1 to list the cluster formed (every node, 2 RUNNING) since ")
        .hasMessageContaining("past the deadline of 900 s (dunes.deadlines.cluster-formed); last seen: vcvco1=RUNNING,vcvco2=STANDBY.");
  }

  @Test
  void shouldSayFormedWhenBothNodesRunActiveInClusterMode() {
    answer("true", "2", "vcvco1=RUNNING,vcvco2=RUNNING");

    step.execute(execution());

    assertThat(variables).containsEntry("clusterFormed", true)
        .containsEntry("clusterNodes", "vcvco1=RUNNING,vcvco2=RUNNING");
  }

  @ParameterizedTest(name = "mode {0}, active {1}, nodes {2}")
  @CsvSource(delimiter = ';', value = {
      "true; 2; vcvco1=RUNNING,vcvco2=STANDBY",
      "true; 1; vcvco1=RUNNING,vcvco2=RUNNING",
      "false; 2; vcvco1=RUNNING,vcvco2=RUNNING",
      "true; 2; vcvco1=RUNNING",
      "true; 2; vcvco1=RUNNING,vcvco3=RUNNING",
      "true; 2; vcvco1=RUNNING,vcvco2=RUNNING,vcvco3=RUNNING",
      "true; 2; ''"})
  void shouldSayNotFormedWithoutFailing(String mode, String active, String nodes) {
    answer(mode, active, nodes);

    step.execute(execution());

    assertThat(variables).containsEntry("clusterFormed", false).containsEntry("clusterNodes", nodes);
  }

  @ParameterizedTest(name = "{0} = {1}")
  @CsvSource(delimiter = ';', value = {
      "clusterMode; yes; clusterMode = 'yes', expected true or false",
      "activeNodes; two; activeNodes = 'two', expected a whole number",
      "nodes; vcvco1 RUNNING; nodes = 'vcvco1 RUNNING', expected name=STATE",
      "nodes; vcvco1=RUNNING,,vcvco2=RUNNING; expected name=STATE",
      "nodes; vcvco1=RUNNING,vcvco1=STANDBY; each node once"})
  void shouldRefuseAMalformedOutputWithAReadableMessage(String output, String value, String message) {
    Map<String, String> outputs = new HashMap<>(outputs("true", "2", "vcvco1=RUNNING,vcvco2=RUNNING"));
    outputs.put(output, value);
    when(vco.outputs(any(), eq(HREF))).thenReturn(outputs);

    assertThatThrownBy(() -> step.execute(execution())).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("'Get cluster status' gave").hasMessageContaining(message);
    assertThat(variables).doesNotContainKey("clusterFormed");
  }

  @Test
  void shouldNameAMissingOutput() {
    when(vco.outputs(any(), eq(HREF))).thenReturn(Map.of("clusterMode", "true", "activeNodes", "2"));

    assertThatThrownBy(() -> step.execute(execution())).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no output parameter 'nodes'");
  }

  @Test
  void shouldAskTheNodeNamedInTheExecutionAtItsAddress() {
    answer("true", "2", "vcvco1=RUNNING,vcvco2=RUNNING");
    variables.put("nodeName", "vcvco2");

    step.execute(execution());

    verify(vco).outputs(argThat(
        target -> target.host().equals("127.0.0.12") && target.port() == 8281), eq(HREF));
  }

  private void answer(String mode, String active, String nodes) {
    when(vco.outputs(any(), eq(HREF))).thenReturn(outputs(mode, active, nodes));
  }

  private static Map<String, String> outputs(String mode, String active, String nodes) {
    return Map.of("clusterMode", mode, "activeNodes", active, "heartbeatInterval", "5000",
        "failoverHeartbeats", "12", "nodes", nodes);
  }

  private DelegateExecution execution() {
    variables.put(BuildVariables.BUILD_SPEC, BuildRequestReader.write(BuildRequestReader.parseTrusted(
        ExampleRequest.withTicket("CHG-1").toString())));
    variables.putIfAbsent("nodeName", "vcvco1");
    variables.put(ConfigurationTargets.SERVER_FINGERPRINT, "AB".repeat(32));
    variables.put(RunConfigurationWorkflowStep.EXECUTION, HREF);
    return MapExecution.of(variables, local);
  }
}
