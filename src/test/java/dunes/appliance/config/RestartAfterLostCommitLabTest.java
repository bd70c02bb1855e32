package dunes.appliance.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dunes.appliance.shell.NodeRestarts;
import dunes.appliance.shell.NodeShellProperties;
import dunes.appliance.shell.RestartServiceStep;
import dunes.appliance.shell.ShellTargets;
import dunes.appliance.shell.SshNodeShell;
import dunes.build.BuildRequestReader;
import dunes.build.BuildVariables;
import dunes.lab.node.LabNode;
import dunes.lab.node.NodeState;
import dunes.secrets.TestSecrets;
import dunes.support.ExampleRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.util.unit.DataSize;

/**
 * The restart after a configuration is decided by what happened on the node, not by the job's
 * variables: a job that died after its workflow ran (its variables rolled back, the run complete on
 * the node) still restarts vco-server, one that died after the restart does not restart again, and
 * a replay that changes nothing leaves the node alone. A lab node on 127.0.21.45 (the ports of
 * {@link VcoConfigLab}), its SSH server for the restart, and Dunes's tables in H2.
 */
class RestartAfterLostCommitLabTest {

  @TempDir Path dir;
  VcoConfigLab lab;
  SshNodeShell shell;
  NodeRestarts restarts;
  final Map<String, Object> variables = new HashMap<>();

  @BeforeEach
  void setUp() {
    lab = new VcoConfigLab(dir);
    DataSource tables = VcoConfigLab.h2("restarts-" + UUID.randomUUID());
    restarts = new NodeRestarts(tables, new DataSourceTransactionManager(tables));
    shell = new SshNodeShell(new NodeShellProperties(Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10),
        DataSize.ofKilobytes(64), DataSize.ofMegabytes(1)), TestSecrets.onLoopback(Map.of("appliance-root", lab.rootPassword)),
        null);
  }

  @AfterEach
  void close() {
    shell.close();
    lab.close();
  }

  @Test
  void shouldRestartAfterAWorkflowWhoseJobDiedBeforeItsCommitAndOnlyOnce() {
    LabNode node = lab.poweredOn("vcvco1", "127.0.21.45", Duration.ofMillis(100));
    await().atMost(Duration.ofSeconds(5)).until(node::state, NodeState.RUNNING::equals);
    RunConfigurationWorkflowStep run = new RunConfigurationWorkflowStep(lab.client(), VcoConfigLab.SITE, restarts);
    RestartServiceStep restart = new RestartServiceStep(shell, restarts);
    DelegateExecution configure = execution(node, "stage-1", "CallActivity_InstallPlugins");

    variables.put("configuration", "cluster");
    Map<String, Object> beforeTheJob = new HashMap<>(variables);
    run.execute(configure);
    variables.clear(); // the job died before its commit: what it set is gone, its run on the node is not
    variables.putAll(beforeTheJob);
    run.execute(configure); // the retry finds the run complete with these inputs
    assertThat(variables).containsEntry(RestartServiceStep.CHANGED, false);
    assertThat(lab.runs("Configure cluster")).isEqualTo(1);

    DelegateExecution restartJob = execution(node, "stage-1", "Task_RestartService");
    restart.execute(restartJob);
    assertThat(lab.journal.count("node", "restart")).as("restarted though the variable said nothing changed")
        .isEqualTo(1);

    variables.put(RestartServiceStep.CHANGED, true); // the restart's job died before its commit
    await().atMost(Duration.ofSeconds(5)).until(node::state, NodeState.RUNNING::equals);
    restart.execute(restartJob);
    assertThat(lab.journal.count("node", "restart")).as("not restarted twice").isEqualTo(1);

    variables.put("configuration", "cluster");
    variables.put(RestartServiceStep.CHANGED, false); // as the committed restart left it
    run.execute(execution(node, "stage-2", "CallActivity_InstallPlugins")); // a replay: nothing new
    restart.execute(execution(node, "stage-2", "Task_RestartService"));
    assertThat(variables).containsEntry(RestartServiceStep.CHANGED, false);
    assertThat(lab.journal.count("node", "restart")).as("a node with nothing new is left alone").isEqualTo(1);
  }

  private DelegateExecution execution(LabNode node, String processInstance, String activity) {
    String spec = BuildRequestReader.write(BuildRequestReader.parseTrusted(ExampleRequest.changed("CHG-1", r -> {
      ExampleRequest.node(r, "nodes/0").put("ip", node.address());
      ExampleRequest.node(r, "nodes/1").put("ip", "127.0.21.46");
      ExampleRequest.node(r, "appliance").put("serverPort", VcoConfigLab.PORTS.server())
          .put("sshPort", VcoConfigLab.PORTS.ssh());
    })));
    variables.put(BuildVariables.BUILD_SPEC, spec);
    variables.put("nodeName", node.name());
    variables.put(ConfigurationTargets.SERVER_FINGERPRINT, node.servedCertificateFingerprint().orElseThrow());
    variables.put(ShellTargets.SSH_FINGERPRINT, node.sshHostKeyFingerprint());
    DelegateExecution execution = mock(DelegateExecution.class);
    when(execution.getVariable(anyString())).thenAnswer(i -> variables.get(i.getArgument(0, String.class)));
    doAnswer(i -> variables.put(i.getArgument(0), i.getArgument(1))).when(execution).setVariable(anyString(), any());
    when(execution.getProcessInstanceId()).thenReturn(processInstance);
    when(execution.getCurrentActivityId()).thenReturn(activity);
    return execution;
  }
}
