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
 * The certificates stage on a node with the lab's site package, whose workflows the lab profile
 * configures, while every step runs twice in its job: each of the four package-signing steps runs
 * as a workflow exactly once, the CA gets one request per certificate, and no operator task opens;
 * and when the CA's answer to the package-signing CSR is lost, a person says which request it was
 * instead of a second CSR. Lab nodes
 * 127.0.31.31 and 127.0.52.31 (the lab's CA and job executor).
 */
class PackageSigningWorkflowsProcessTest extends LabBuildTest {

  static final LabNode.Ports PORTS = new LabNode.Ports(43381, 43386, 43387, 43580, 43322);

  @org.springframework.beans.factory.annotation.Autowired SubmittedRequests submitted;
  @TempDir Path dir;
  LabNodes nodes;
  LabNode node;

  @BeforeEach
  void nodeWithSitePackage() {
    nodes = new LabNodes(dir, PORTS, true);
    node = nodes.poweredOn("s1", "127.0.31.31", Duration.ofMillis(100), rootPassword());
    await().atMost(Duration.ofSeconds(5)).until(node::state, NodeState.RUNNING::equals);
  }

  @AfterEach
  void closeNode() {
    nodes.close();
  }

  @Test
  void shouldImportNothingFromAChainThatDoesNotEndInTheBuildsCaRoot() {
    String ticket = ExampleRequest.newTicket();
    LabNode own = nodes.poweredOn("w1", "127.0.39.31", Duration.ofMillis(100), rootPassword()); // runs of its own, none of s1's
    await().atMost(Duration.ofSeconds(5)).until(own::state, NodeState.RUNNING::equals);
    Map<String, Object> variables = stageVariables(ticket, own, "w1", "127.0.39.31");
    variables.put(CaRoot.FINGERPRINT, "AB".repeat(32)); // a root other than the lab CA's

    ProcessInstance stage = StageCaller.call(engine, "Certificates", ticket, variables);

    org.camunda.bpm.engine.runtime.Job failed = await().atMost(BUILD).until(() -> engine.getManagementService()
        .createJobQuery().processInstanceId(stage.getId()).withException().singleResult(), java.util.Objects::nonNull);
    assertThat(engine.getManagementService().getJobExceptionStacktrace(failed.getId()))
        .contains("not at the root this build trusts (SHA-256 " + "AB:".repeat(31) + "AB)");
    assertThat(engine.getRuntimeService().getActivityInstance(stage.getId()).getChildTransitionInstances())
        .extracting(org.camunda.bpm.engine.runtime.TransitionInstance::getActivityId)
        .containsExactly("Task_FetchSigningChain");
    assertThat(nodes.journal.entries("node")).filteredOn(e -> e.operation().equals("workflow-run"))
        .extracting(LabJournal.Entry::detail).noneMatch(run -> run.startsWith("Import"));
    engine.getRuntimeService().deleteProcessInstance(stage.getRootProcessInstanceId(), "test done");
  }

  @Test
  void shouldRunEachStepAsAWorkflowOnceEvenWhenEveryStepRunsTwice() {
    EveryStepTwice.ENABLED.set(true);
    String ticket = ExampleRequest.newTicket();
    Map<String, Object> variables = stageVariables(ticket, node, "s1", "127.0.31.31");

    ProcessInstance stage = StageCaller.call(engine, "Certificates", ticket, variables);

    assertThat(awaitEnd(stage).getEndActivityId()).isEqualTo("EndEvent_Certificates");
    assertEachStepRanOnce(ticket);
  }

  @Test
  void shouldAskAPersonInsteadOfSubmittingTheCsrAgainWhenTheCasAnswerIsLost() {
    String ticket = ExampleRequest.newTicket();
    LabNode own = nodes.poweredOn("q1", "127.0.52.31", Duration.ofMillis(100), rootPassword());
    await().atMost(Duration.ofSeconds(5)).until(own::state, NodeState.RUNNING::equals);
    dunes.support.CrashHooks.arm("certsrv:submit"); // the CA accepted the CSR; Dunes died before it read the answer

    ProcessInstance stage = StageCaller.call(engine, "PackageSigningRequest", ticket,
        stageVariables(ticket, own, "q1", "127.0.52.31"));

    org.camunda.bpm.engine.task.Task find = awaitTask(stage, "Task_FindSubmittedRequest");
    java.util.List<LabJournal.Entry> submits = journal.entries("ca").stream()
        .filter(e -> e.operation().equals("submit") && e.detail().contains("CN=vcvcoq.lab.local")).toList();
    assertThat(submits).hasSize(1);
    engine.getTaskService().complete(find.getId(), Map.of("submissionFinding", "found",
        "foundRequestId", Long.parseLong(submits.get(0).target())));

    assertThat(awaitEnd(stage).getEndActivityId()).isEqualTo("EndEvent_Submitted");
    assertThat(journal.entries("ca")).filteredOn(e -> e.operation().equals("submit")
        && e.detail().contains("CN=vcvcoq.lab.local")).as("no second CSR").hasSize(1);
    assertThat(submitted.find(stage.getId())).as("the request the person found is the stage's")
        .hasValue(Long.parseLong(submits.get(0).target()));
  }

  /** root's password as the build's secret names it, so Dunes's SSH login to the node works */
  private String rootPassword() {
    return secrets.resolve(new dunes.secrets.SecretRef("appliance-root")).revealAsString();
  }

  /** The stage's variables as VcoHaBuild passes them, for a lab node as node 1 and the lab's CA. */
  private Map<String, Object> stageVariables(String ticket, LabNode first, String name, String ip) {
    String spec = ExampleRequest.changed(ticket, labDns(), r -> {
      String cluster = "vcvco" + name.charAt(0); // s1: vcvcos
      ExampleRequest.node(r, "cluster").put("name", cluster).put("fqdn", cluster + ".lab.local");
      ExampleRequest.node(r, "nodes/0").put("name", name).put("fqdn", name + ".lab.local").put("ip", ip)
          .put("gateway", ip.replaceAll("\\.\\d+$", ".1"));
      ExampleRequest.node(r, "nodes/1").put("name", "s2").put("fqdn", "s2.lab.local")
          .put("ip", ip.replaceAll("\\.\\d+$", ".32")).put("gateway", ip.replaceAll("\\.\\d+$", ".1"));
      ExampleRequest.node(r, "appliance").put("serverPort", PORTS.server()).put("sshPort", PORTS.ssh());
      ExampleRequest.node(r, "ca").put("url", "https://ca.lab.local:" + ca.port() + "/certsrv")
          .put("fingerprint", ca.tlsFingerprint());
    });
    Map<String, Object> variables = new HashMap<>();
    variables.put(BuildVariables.BUILD_SPEC, spec);
    variables.put(BuildVariables.NODE_NAME, name);
    variables.put(ConfigurationTargets.SERVER_FINGERPRINT, first.servedCertificateFingerprint().orElseThrow());
    variables.put(dunes.appliance.shell.ShellTargets.SSH_FINGERPRINT, first.sshHostKeyFingerprint());
    variables.put(BuildVariables.REQUESTER, "operator");
    variables.put("caFingerprint", ca.tlsFingerprint());
    variables.put(CaRoot.FINGERPRINT, dunes.pki.Fingerprints.sha256(ca.rootCertificate())); // as ProbeProducts pins it
    return variables;
  }

  private void assertEachStepRanOnce(String ticket) {
    Map<String, Long> runs = nodes.journal.entries("node").stream().filter(e -> e.operation().equals("workflow-run"))
        .map(LabJournal.Entry::detail).map(detail -> detail.replaceAll("(?s) [{(\\[].*$", ""))
        .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    assertThat(runs).containsExactlyInAnyOrderEntriesOf(Map.of("Create package signing certificate", 1L,
        "Export package signing CSR", 1L, "Import trusted certificate", 1L, "Import package signing certificate", 1L));
    assertThat(nodes.journal.entries("node")).noneMatch(e -> e.detail().contains(" failed: "));
    assertThat(journal.entries("ca")).filteredOn(e -> e.operation().equals("submit")
        && e.detail().contains("CN=vcvcos.lab.local")).as("one request per certificate").hasSize(2);
    assertThat(engine.getHistoryService().createHistoricTaskInstanceQuery().processInstanceBusinessKey(ticket).count())
        .as("no operator task").isZero();
  }
}
