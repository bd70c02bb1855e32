package dunes.build.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dunes.lab.LabJournal;
import dunes.lab.edge.LabEdge;
import dunes.lab.node.LabNode;
import dunes.lab.node.NodeState;
import dunes.secrets.SecretRef;
import dunes.support.ExampleRequest;
import dunes.support.LabBuildTest;
import dunes.support.LabNodes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The probe stage in a lab build: a product that lacks what the build needs ends the build before
 * any change, with the finding on the request field, and the lab's journal holds nothing the build
 * did.
 */
class ProbeBeforeChangeTest extends LabBuildTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void shouldEndTheBuildBeforeAnyChangeWhenTheDatastoreIsMissing() throws Exception {
    String ticket = ExampleRequest.newTicket();
    long before = lastSeq();

    ProcessInstance build = start(request(ticket, "p", 8, 10, lab.fingerprint(), "NoSuchDatastore"));
    approvePlanIfShown(build);

    HistoricProcessInstance ended = awaitEnd(build);
    assertThat(ended.getEndActivityId()).isEqualTo("EndEvent_NotBuilt");
    assertThat(findings(build)).extracting(f -> f.get("field").asText()).containsExactly("vcenter.datastore");
    assertThat(findings(build).get(0).get("message").asText()).contains("NoSuchDatastore", "LabDatastore");
    assertNothingChangedSince(before, ticket);
    assertThat(vcenter.findVm("p1")).isEmpty();
  }

  @Test
  void shouldEndTheBuildBeforeAnyChangeAtAnNsxManagerWithoutTheEdgeApi3() throws Exception {
    String ticket = ExampleRequest.newTicket();
    String password = secrets.resolve(new SecretRef("vsm-admin")).revealAsString();
    try (LabEdge nsx = LabEdge.start(LabEdge.Settings.defaults("admin", password).withAddress("127.0.10.71", 0)
        .withNsxVersion("6.3.0.5007049"), journal, faults)) {
      names.add("nsx.lab.local", "127.0.10.71");
      ObjectNode request = (ObjectNode) JSON.readTree(request(ticket, "q", 9, 10, lab.fingerprint(), "LabDatastore"));
      ExampleRequest.node(request, "edge").put("managerUrl", "https://nsx.lab.local:" + nsx.url().getPort())
          .put("fingerprint", nsx.fingerprint());
      long before = lastSeq();

      ProcessInstance build = start(request.toString());
      approvePlanIfShown(build);

      HistoricProcessInstance ended = awaitEnd(build);
      assertThat(ended.getEndActivityId()).isEqualTo("EndEvent_NotBuilt");
      assertThat(findings(build)).extracting(f -> f.get("field").asText()).containsExactly("edge.managerUrl");
      assertThat(findings(build).get(0).get("message").asText()).contains("NSX Manager 6.3.0", "/api/3.0/edges");
      assertThat((String) variable(build, "probedVersions")).contains("vcenter=", "edge=NSX Manager 6.3.0", "ca=");
      assertNothingChangedSince(before, ticket);
      assertThat(vcenter.findVm("q1")).isEmpty();
    }
  }

  @Test
  void shouldEndTheBuildBeforeAnyChangeWhenTheReferenceApplianceLacksAConfiguredWorkflow(@TempDir Path dir)
      throws Exception {
    String ticket = ExampleRequest.newTicket();
    // a reference running from the OVF without the lab's site package: the workflows the lab
    // profile configures for the undocumented steps are not there
    try (LabNodes bare = new LabNodes(dir, new LabNode.Ports(41381, 41386, 41387, 41580, 41322), false)) {
      LabNode reference = bare.poweredOn("vcoref2", "127.0.34.20", Duration.ofMillis(50));
      await().atMost(Duration.ofSeconds(5)).until(reference::state, NodeState.RUNNING::equals);
      names.add("vcoref2.lab.local", "127.0.34.20");
      ObjectNode request = (ObjectNode) JSON.readTree(request(ticket, "r", 7, 10, lab.fingerprint(), "LabDatastore"));
      ExampleRequest.node(request, "ovf/reference").put("url", "https://vcoref2.lab.local:41381")
          .put("fingerprint", reference.servedCertificateFingerprint().orElseThrow());
      long before = lastSeq();

      ProcessInstance build = start(request.toString());
      approvePlanIfShown(build);

      HistoricProcessInstance ended = awaitEnd(build);
      assertThat(ended.getEndActivityId()).isEqualTo("EndEvent_NotBuilt");
      assertThat(findings(build)).extracting(f -> f.get("field").asText()).contains(
          "dunes.appliance.config.workflows.create-tables", "dunes.appliance.config.workflows.cluster");
      assertThat(findings(build).get(0).get("message").asText()).contains("vcoref2.lab.local:41381", "has no workflow");
      assertThat((String) variable(build, "probedVersions")).contains("ovf=vCenter Orchestrator Appliance",
          "vco=5.5.2 (reference https://vcoref2.lab.local:41381)");
      assertNothingChangedSince(before, ticket);
      assertThat(vcenter.findVm("r1")).isEmpty();
      assertThat(bare.journal.entries("node")).extracting(LabJournal.Entry::operation).doesNotContain("workflow-run");
    }
  }

  @Test
  void shouldEndTheBuildBeforeAnyChangeWhenTheCaRootIsNotThePinnedOne() throws Exception {
    String ticket = ExampleRequest.newTicket();
    ObjectNode request = onOwnAddresses(request(ticket, "t", 3, 10, lab.fingerprint(), "LabDatastore"), "t");
    ExampleRequest.node(request, "ca").put("rootFingerprint", "AB".repeat(32));
    long before = lastSeq();

    ProcessInstance build = start(request.toString());
    approvePlanIfShown(build);

    HistoricProcessInstance ended = awaitEnd(build);
    assertThat(ended.getEndActivityId()).isEqualTo("EndEvent_NotBuilt");
    assertThat(variable(build, "failureCode")).isEqualTo("CertificateMismatch");
    assertThat((String) variable(build, "failureMessage")).contains("not the pinned ca.rootFingerprint",
        dunes.pki.Fingerprints.sha256(ca.rootCertificate()));
    assertThat(variable(build, "caRootFingerprint")).isNull();
    assertNothingChangedSince(before, ticket);
  }

  @Test
  void shouldShowAnUnpinnedCaRootInThePlanAndBuildNothingWhenTheOperatorRejectsIt() throws Exception {
    String ticket = ExampleRequest.newTicket();
    ObjectNode request = onOwnAddresses(request(ticket, "u", 3, 10, lab.fingerprint(), "LabDatastore"), "u");
    ExampleRequest.node(request, "ca").remove("rootFingerprint");
    long before = lastSeq();

    ProcessInstance build = start(request.toString());
    org.camunda.bpm.engine.task.Task task = awaitTask(build, dunes.support.PlanApproval.TASK);
    assertThat((String) engine.getTaskService().getVariable(task.getId(), "planFirstContact"))
        .contains("ca-root: the CA's root certificate");
    dunes.support.PlanApproval.complete(engine, task, "operator", dunes.support.PlanApproval.REJECT);
    assertThat(awaitEnd(build).getEndActivityId()).isEqualTo("EndEvent_NotBuilt");
    assertNothingChangedSince(before, ticket);
  }

  /** The lab request with its cluster on 127.0.39.x: nothing binds them, the probe ends the build first. */
  private static ObjectNode onOwnAddresses(String json, String prefix) throws Exception {
    ObjectNode request = (ObjectNode) JSON.readTree(json);
    ExampleRequest.node(request, "cluster").put("virtualIp", "127.0.39." + (prefix.charAt(0) - 'a') + "0");
    for (int i = 0; i < 3; i++) {
      ExampleRequest.node(request, "nodes/" + i).put("ip", "127.0.39." + (prefix.charAt(0) - 'a') + (i + 1))
          .put("gateway", "127.0.39.1");
    }
    return request;
  }

  private List<JsonNode> findings(ProcessInstance build) throws Exception {
    List<JsonNode> list = new java.util.ArrayList<>();
    JSON.readTree((String) variable(build, "validationErrors")).forEach(list::add);
    return list;
  }

  private long lastSeq() {
    List<LabJournal.Entry> entries = journal.entries();
    return entries.isEmpty() ? 0 : entries.get(entries.size() - 1).seq();
  }

  /** Only the rejection report reached the lab: no vCenter, node, CA, edge or database change. */
  private void assertNothingChangedSince(long seq, String ticket) {
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        assertThat(journal.entries("changes")).filteredOn(e -> e.target().equals(ticket))
            .extracting(LabJournal.Entry::operation).containsExactly("rejected"));
    assertThat(journal.entries()).filteredOn(e -> e.seq() > seq && !e.system().equals("changes"))
        .as("the lab's journal after the build started").isEmpty();
  }
}
