package dunes.appliance.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dunes.appliance.config.WorkflowResult.Outcome;
import dunes.build.BuildRequestReader;
import dunes.build.BuildSpec;
import dunes.lab.LabJournal;
import dunes.lab.node.LabNode;
import dunes.lab.node.NodeState;
import dunes.support.ExampleRequest;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The database switch: "Microsoft SQL Server" takes effect at the next vco-server start, and the
 * runs of the embedded database stay behind. Lab nodes at 127.0.11.60–.69 (ports of {@link VcoConfigLab}).
 */
class DatabaseSwitchLabTest {

  @TempDir Path dir;
  VcoConfigLab lab;
  final BuildSpec spec = BuildRequestReader.parseTrusted(ExampleRequest.withTicket("CHG-DB").toString());

  @BeforeEach
  void setUp() {
    lab = new VcoConfigLab(dir);
  }

  @AfterEach
  void close() {
    lab.close();
  }

  @Test
  void shouldNotRegisterWithSsoAgainWhenReplayedAfterTheDatabaseSwitch() {
    LabNode node = running("vcvco1", "127.0.11.60");
    VcoConfigPort.Target target = lab.target(node);
    NodeConfiguration sso = NodeConfiguration.of("sso", spec, spec.firstNode(), VcoConfigProperties.defaults());
    NodeConfiguration database = NodeConfiguration.of("database", spec, spec.firstNode(),
        VcoConfigProperties.defaults());

    completed(target, lab.client().converge(target, sso.workflow(), sso.inputs(), sso.match()));
    completed(target, lab.client().converge(target, database.workflow(), database.inputs(), database.match()));
    node.restartService(); // the switch takes effect: the lab node now keeps its runs in the cluster's database
    await().atMost(Duration.ofSeconds(5)).until(node::state, NodeState.RUNNING::equals);
    // the crash replay: the stage runs from its SSO step again
    WorkflowResult replayedSso = lab.client().converge(target, sso.workflow(), sso.inputs(), sso.match());
    WorkflowResult replayedDatabase = lab.client().converge(target, database.workflow(), database.inputs(),
        database.match());

    assertThat(lab.journal.entries("node")).extracting(LabJournal.Entry::operation).contains("database-switched");
    assertThat(replayedSso.outcome()).isEqualTo(Outcome.ALREADY_CONFIGURED);
    assertThat(replayedDatabase.outcome()).isEqualTo(Outcome.ALREADY_CONFIGURED);
    assertThat(lab.runs("Configure SSO")).as("one registration with SSO").isEqualTo(1);
    assertThat(lab.runs("Microsoft SQL Server")).isEqualTo(1);
  }

  @Test
  void shouldShowThatTheNodesOwnHistoryIsGoneAfterTheSwitch() {
    LabNode node = running("vcvco1", "127.0.11.61");
    VcoConfigPort.Target target = lab.target(node);
    NodeConfiguration database = NodeConfiguration.of("database", spec, spec.firstNode(),
        VcoConfigProperties.defaults());
    completed(target, lab.client().converge(target, database.workflow(), database.inputs(), database.match()));
    WorkflowResult before = lab.client().converge(target, "Sleep", java.util.List.of(Input.number("sleepTime", 0)));
    completed(target, before);

    node.restartService();
    await().atMost(Duration.ofSeconds(5)).until(node::state, NodeState.RUNNING::equals);

    // Dunes's record still names the run, but the node's database no longer has it
    assertThat(lab.runs.find(node.settings().fqdn(), before.workflowId(),
        ConfigurationRuns.digest(java.util.List.of(Input.number("sleepTime", 0))))).isPresent();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> lab.client().state(target, before.executionHref()))
        .isInstanceOf(VcoProtocolException.class).hasMessageContaining("404");
  }

  private void completed(VcoConfigPort.Target target, WorkflowResult result) {
    assertThat(result.outcome()).isEqualTo(Outcome.STARTED);
    await().atMost(Duration.ofSeconds(5))
        .until(() -> lab.client().state(target, result.executionHref()).status(), ExecutionState.Status.COMPLETED::equals);
  }

  private LabNode running(String name, String address) {
    LabNode node = lab.poweredOn(name, address, Duration.ofMillis(100));
    await().atMost(Duration.ofSeconds(5)).until(node::state, NodeState.RUNNING::equals);
    return node;
  }
}
