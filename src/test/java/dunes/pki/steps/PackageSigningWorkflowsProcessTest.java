package dunes.pki.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dunes.appliance.config.ConfigurationTargets;
import dunes.build.BuildVariables;
import dunes.lab.LabJournal;
import dunes.lab.node.LabNode;
import dunes.lab.node.NodeState;
import dunes.support.ExampleRequest;
import dunes.support.LabBuildTest;
import dunes.support.LabNodes;
import dunes.support.StageCaller;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The package-signing stage on a node with the lab's site package, whose workflows the lab profile
 * configures, while every step runs twice in its job: each of the four steps runs as a workflow
 * exactly once, the CA gets one request, and no operator task opens. Lab node 127.0.31.31 (the
 * lab's CA and job executor).
 */
class PackageSigningWorkflowsProcessTest extends LabBuildTest {

  static final LabNode.Ports PORTS = new LabNode.Ports(43381, 43386, 43387, 43580, 43322);

  @TempDir Path dir;
  LabNodes nodes;
  LabNode node;

  @BeforeEach
  void nodeWithSitePackage() {
    nodes = new LabNodes(dir, PORTS, true);
    node = nodes.poweredOn("s1", "127.0.31.31", Duration.ofMillis(100));
    await().atMost(Duration.ofSeconds(5)).until(node::state, NodeState.RUNNING::equals);
  }

  @AfterEach
  void closeNode() {
    nodes.close();
  }

  @Test
  void shouldRunEachStepAsAWorkflowOnceEvenWhenEveryStepRunsTwice() {
    EveryStepTwice.ENABLED.set(true);
    String ticket = ExampleRequest.newTicket();
    String spec = ExampleRequest.changed(ticket, r -> {
      ExampleRequest.node(r, "cluster").put("name", "vcvcos").put("fqdn", "vcvcos.lab.local");
      ExampleRequest.node(r, "nodes/0").put("name", "s1").put("fqdn", "s1.lab.local").put("ip", "127.0.31.31");
      ExampleRequest.node(r, "nodes/1").put("name", "s2").put("fqdn", "s2.lab.local").put("ip", "127.0.31.32");
      ExampleRequest.node(r, "appliance").put("serverPort", PORTS.server());
      ExampleRequest.node(r, "ca").put("url", "https://ca.lab.local:" + ca.port() + "/certsrv")
          .put("fingerprint", ca.tlsFingerprint());
    });
    Map<String, Object> variables = new HashMap<>();
    variables.put(BuildVariables.BUILD_SPEC, spec);
    variables.put(BuildVariables.NODE_NAME, "s1");
    variables.put(ConfigurationTargets.SERVER_FINGERPRINT, node.servedCertificateFingerprint().orElseThrow());
    variables.put(BuildVariables.REQUESTER, "operator");
    variables.put("caFingerprint", ca.tlsFingerprint());

    ProcessInstance stage = StageCaller.call(engine, "PackageSigningCertificate", ticket, variables);

    assertThat(awaitEnd(stage).getEndActivityId()).isEqualTo("EndEvent_Signing");
    Map<String, Long> runs = nodes.journal.entries("node").stream().filter(e -> e.operation().equals("workflow-run"))
        .map(LabJournal.Entry::detail).map(detail -> detail.replaceAll("(?s) [{(\\[].*$", ""))
        .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    assertThat(runs).containsExactlyInAnyOrderEntriesOf(Map.of("Create package signing certificate", 1L,
        "Export package signing CSR", 1L, "Import trusted certificate", 1L, "Import package signing certificate", 1L));
    assertThat(nodes.journal.entries("node")).noneMatch(e -> e.detail().contains(" failed: "));
    assertThat(journal.entries("ca")).filteredOn(e -> e.operation().equals("submit")
        && e.detail().contains("CN=vcvcos.lab.local")).hasSize(1);
    assertThat(engine.getHistoryService().createHistoricTaskInstanceQuery().processInstanceBusinessKey(ticket).count())
        .as("no operator task").isZero();
  }
}
