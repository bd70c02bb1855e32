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
      dns.put("nsx.lab.local", "127.0.10.71");
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
      assertThat(dns.questions()).as("Dunes asked the request's DNS server for the manager's name")
          .contains("nsx.lab.local");
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
      dns.put("vcoref2.lab.local", "127.0.34.20");
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
    ObjectNode request = onAddresses(request(ticket, "t", 3, 10, lab.fingerprint(), "LabDatastore"), "127.0.39.19", "127.0.39.1");
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
    ObjectNode request = onAddresses(request(ticket, "u", 3, 10, lab.fingerprint(), "LabDatastore"), "127.0.39.20", "127.0.39.1");
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
}
