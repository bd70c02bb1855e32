package dunes.appliance.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dunes.appliance.config.WorkflowResult.Outcome;
import dunes.appliance.shell.RestartServiceStep;
import dunes.build.BuildRequestReader;
import dunes.build.BuildVariables;
import dunes.lab.node.LabNode;
import dunes.lab.node.LabVcoDatabase.ClusterSettings;
import dunes.lab.node.NodeState;
import dunes.support.ExampleRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A read-only workflow ({@link Match#NEVER}) and the cluster check against lab nodes
 * (127.0.21.20–.39, the ports of {@link VcoConfigLab}).
 */
class ClusterStatusLabTest {

  @TempDir Path dir;
  VcoConfigLab lab;
  final Map<String, Object> variables = new HashMap<>();

  @BeforeEach
  void setUp() {
    lab = new VcoConfigLab(dir);
  }

  @AfterEach
  void close() {
    lab.close();
  }

  @Test
  void shouldStartANewRunOfAReadOnlyWorkflowAtEveryConverge() {
    lab.database.configure(ClusterSettings.cluster(1, Duration.ofMillis(50), 40));
    LabNode first = started("vcvco1", "127.0.21.20", NodeState.RUNNING);

    WorkflowResult before = lab.client().converge(lab.target(first), "Get cluster status", List.of(), Match.NEVER);
    started("vcvco2", "127.0.21.21", NodeState.STANDBY);
    WorkflowResult after = lab.client().converge(lab.target(first), "Get cluster status", List.of(), Match.NEVER);

    assertThat(List.of(before.outcome(), after.outcome())).containsOnly(Outcome.STARTED);
    assertThat(after.executionHref()).isNotEqualTo(before.executionHref());
    assertThat(lab.runs("Get cluster status")).isEqualTo(2);
    assertThat(lab.client().outputs(lab.target(first), before.executionHref())).containsEntry("nodes", "vcvco1=RUNNING");
    assertThat(lab.client().outputs(lab.target(first), after.executionHref()))
        .containsEntry("nodes", "vcvco1=RUNNING,vcvco2=STANDBY");
  }

  @Test
  void shouldStillAdoptARunningRunWithTheSameInputs() {
    LabNode node = started("vcvco1", "127.0.21.22", NodeState.RUNNING);
    List<Input> aMinute = List.of(Input.number("sleepTime", 60));

    WorkflowResult started = lab.client().converge(lab.target(node), "Sleep", aMinute, Match.NEVER);
    WorkflowResult replayed = lab.client().converge(lab.target(node), "Sleep", aMinute, Match.NEVER);

    assertThat(started.outcome()).isEqualTo(Outcome.STARTED);
    assertThat(replayed.outcome()).isEqualTo(Outcome.ADOPTED);
    assertThat(replayed.executionHref()).isEqualTo(started.executionHref());
    assertThat(lab.runs("Sleep")).isEqualTo(1);
  }

  @Test
  void shouldSeeTheClusterFormedThenNotWithOneActiveNodeWithoutFlaggingARestartForTheRead() {
    LabNode first = started("vcvco1", "127.0.21.23", NodeState.RUNNING);
    started("vcvco2", "127.0.21.24", NodeState.RUNNING);
    DelegateExecution execution = execution(first);
    javax.sql.DataSource tables = VcoConfigLab.h2("restarts-" + java.util.UUID.randomUUID());
    RunConfigurationWorkflowStep run = new RunConfigurationWorkflowStep(lab.client(), VcoConfigLab.SITE,
        new dunes.appliance.shell.NodeRestarts(tables, new org.springframework.jdbc.datasource.DataSourceTransactionManager(tables)));
    CheckClusterStatusStep check = new CheckClusterStatusStep(lab.client(), new dunes.engine.WaitDeadlines(dunes.engine.WaitDeadlineProperties.defaults()));

    configure(run, execution, "cluster");
    assertThat(variables).containsEntry(RestartServiceStep.CHANGED, true);
    variables.put(RestartServiceStep.CHANGED, false); // as the restart that follows leaves it
    configure(run, execution, "clusterStatus");
    check.execute(execution);

    assertThat(variables).containsEntry("clusterFormed", true).containsEntry("clusterNodes",
        "vcvco1=RUNNING,vcvco2=RUNNING");
    assertThat(variables).as("reading the status changes nothing").containsEntry(RestartServiceStep.CHANGED, false);
    assertThat(first.configurationInputs().get("Configure cluster")).containsEntry("activeNodes", "2")
        .containsEntry("heartbeatInterval", "5000").containsEntry("failoverHeartbeats", "12");

    configure(run, execution, "clusterSingleActive");
    assertThat(variables).containsEntry(RestartServiceStep.CHANGED, true);
    configure(run, execution, "clusterStatus");
    check.execute(execution);

    // a running node is not demoted until it restarts: both still RUNNING, but one active place set
    assertThat(variables).containsEntry("clusterFormed", false).containsEntry("clusterNodes",
        "vcvco1=RUNNING,vcvco2=RUNNING");
    assertThat(lab.runs("Get cluster status")).isEqualTo(2);
  }

  /** What RunConfigurationWorkflowStep leaves for the wait loop; the lab's runs complete at once. */
  private void configure(RunConfigurationWorkflowStep run, DelegateExecution execution, String configuration) {
    variables.put("configuration", configuration);
    run.execute(execution);
  }

  private DelegateExecution execution(LabNode node) {
    String spec = BuildRequestReader.write(BuildRequestReader.parseTrusted(ExampleRequest.changed("CHG-1", r -> {
      ExampleRequest.node(r, "nodes/0").put("ip", "127.0.21.23");
      ExampleRequest.node(r, "nodes/1").put("ip", "127.0.21.24");
      ExampleRequest.node(r, "appliance").put("serverPort", VcoConfigLab.PORTS.server());
    })));
    variables.put(BuildVariables.BUILD_SPEC, spec);
    variables.put("nodeName", node.name());
    variables.put(ConfigurationTargets.SERVER_FINGERPRINT, node.servedCertificateFingerprint().orElseThrow());
    DelegateExecution execution = mock(DelegateExecution.class);
    when(execution.getVariable(anyString())).thenAnswer(i -> variables.get(i.getArgument(0, String.class)));
    doAnswer(i -> variables.put(i.getArgument(0), i.getArgument(1))).when(execution).setVariable(anyString(), any());
    return execution;
  }

  private LabNode started(String name, String address, NodeState expected) {
    LabNode node = lab.poweredOn(name, address, Duration.ofMillis(100));
    await().atMost(Duration.ofSeconds(5)).until(node::state, expected::equals);
    return node;
  }
}
