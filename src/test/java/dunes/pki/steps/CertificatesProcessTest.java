package dunes.pki.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import dunes.lab.ca.CertificateRequest;
import dunes.lab.ca.LabCertificateAuthority;
import dunes.pki.Fingerprints;
import dunes.support.ExampleRequest;
import dunes.support.LabBuildTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The certificates stage in lab builds whose CA holds requests for a manager: both CSRs at the CA
 * before anyone decides, one approval task for both with four eyes, approve (the build goes on when
 * the CA issued both, and the package-signing imports come before node 1's restart) and reject (the
 * node's keystore is put back byte for byte), and a CA that denies.
 */
class CertificatesProcessTest extends LabBuildTest {

  @AfterEach
  void issueAgain() {
    ca.setMode(LabCertificateAuthority.Mode.AUTO_ISSUE);
  }

  @Test
  void shouldAskOneApproverForBothRequestsThenWaitForTheCaToIssueBoth() {
    ca.setMode(LabCertificateAuthority.Mode.PENDING);
    ProcessInstance build = start(request(ExampleRequest.newTicket(), "h", 12, 10, lab.fingerprint(), "LabDatastore"));
    approvePlan(build);
    Task approval = awaitTask(build, "Task_ApproveCertificateRequest");
    assertThat(approval).hasCandidateGroup("pki-approvers");
    long signing = requestId(approval, CertificateKind.PACKAGE_SIGNING);
    long client = requestId(approval, CertificateKind.CLIENT_SSL);
    assertThat(ca.requests()).filteredOn(r -> r.id() == signing || r.id() == client)
        .as("both CSRs at the CA before anyone decides").extracting(CertificateRequest::status)
        .containsExactly(CertificateRequest.Status.PENDING, CertificateRequest.Status.PENDING);
    assertThat((String) engine.getTaskService().getVariable(approval.getId(), "packageSigningSubjectAltNames"))
        .contains("package signing");
    assertThat(engine.getTaskService().getVariable(approval.getId(), "clientCertificateSubjectAltNames").toString())
        .contains("vcvcoh.lab.local", "h1.lab.local", "h2.lab.local", "h3.lab.local", "127.0.10.121");

    assertThatThrownBy(() -> completeAs("operator", approval, "approve")) // requestedBy in the example request
        .isInstanceOf(ProcessEngineException.class).hasMessageContaining("four eyes");
    completeAs("approver", approval, "approve");
    assertThat(ca.requests()).filteredOn(r -> r.id() == signing || r.id() == client).extracting(CertificateRequest::status)
        .as("approved in Dunes, still waiting for the CA manager")
        .containsExactly(CertificateRequest.Status.PENDING, CertificateRequest.Status.PENDING);
    ca.approve((int) client);
    ca.approve((int) signing);
    completeShutdown(build);

    assertThat(awaitEnd(build).getEndActivityId()).as("%s", variable(build, "failureMessage"))
        .isEqualTo("EndEvent_Completed");
    assertThat(engine.getHistoryService().createHistoricTaskInstanceQuery()
        .processInstanceBusinessKey(build.getBusinessKey()).taskDefinitionKey("Task_ApproveCertificateRequest").count())
        .as("one approval for both requests").isOne();
    assertThat(variableOf(build, "approvedBy")).isEqualTo("approver");
    assertThat(Fingerprints.sha256(ca.requests().stream().filter(r -> r.id() == client).findFirst().orElseThrow()
        .certificate())).isEqualTo(variable(build, "clientCertificateFingerprint"));
    assertThat(ended(build, "CallActivity_ImportSigningCertificate"))
        .as("vco-server restarts only after the package-signing workflows")
        .isBeforeOrEqualTo(started(build, "Task_RestartService"));
  }

  @Test
  void shouldPutTheKeystoreBackByteForByteWhenTheOneApprovalIsRejected() throws Exception {
    ca.setMode(LabCertificateAuthority.Mode.PENDING);
    ProcessInstance build = start(request(ExampleRequest.newTicket(), "i", 9, 10, lab.fingerprint(), "LabDatastore"));
    approvePlan(build);
    Task approval = awaitTask(build, "Task_ApproveCertificateRequest");
    assertThat(List.of(requestId(approval, CertificateKind.PACKAGE_SIGNING), requestId(approval, CertificateKind.CLIENT_SSL)))
        .as("the one task shows both requests").doesNotHaveDuplicates();
    Path keystore = guests.node("i1").orElseThrow().keystoreFile();
    String original = sha256(keystore.resolveSibling("jssecacerts.backup"));
    assertThat(sha256(keystore)).as("the pending key is in the keystore").isNotEqualTo(original);

    completeAs("approver", approval, "reject");

    await().atMost(Duration.ofSeconds(30)).until(() -> sha256(keystore).equals(original));
    assertThat(awaitEnd(build).getEndActivityId()).isEqualTo("EndEvent_Failed");
    assertThat(variable(build, "failureCode")).isEqualTo("CertificateRejected");
    assertThat((String) variable(build, "failureMessage")).contains("rejected the certificate requests");
    assertThat(engine.getHistoryService().createHistoricTaskInstanceQuery()
        .processInstanceBusinessKey(build.getBusinessKey()).taskDefinitionKey("Task_ApproveCertificateRequest").count())
        .as("no second approval").isOne();
  }

  @Test
  void shouldStopWithTheCasMessageWhenItDenies() {
    ca.setMode(LabCertificateAuthority.Mode.DENY);
    ProcessInstance build = start(request(ExampleRequest.newTicket(), "j", 11, 10, lab.fingerprint(), "LabDatastore"));
    approvePlan(build);

    assertThat(awaitEnd(build).getEndActivityId()).isEqualTo("EndEvent_Failed");
    assertThat(variable(build, "failureCode")).isEqualTo("CertificateDenied");
    assertThat((String) variable(build, "failureMessage")).contains("Denied by Policy Module");
  }

  /** The CA request id the approval task shows for {@code kind}. */
  private long requestId(Task approval, CertificateKind kind) {
    return ((Number) engine.getTaskService().getVariable(approval.getId(), kind.requestIdVariable())).longValue();
  }

  /** When {@code activityId} of any of the build's instances ended / started, as history kept it. */
  private java.util.Date ended(ProcessInstance build, String activityId) {
    return activity(build, activityId).getEndTime();
  }

  private java.util.Date started(ProcessInstance build, String activityId) {
    return activity(build, activityId).getStartTime();
  }

  private org.camunda.bpm.engine.history.HistoricActivityInstance activity(ProcessInstance build, String activityId) {
    // ConfigureNode has a Task_RestartService too: only the Certificates stage's instance counts
    return engine.getHistoryService().createHistoricActivityInstanceQuery().activityId(activityId).list().stream()
        .filter(a -> "Certificates".equals(a.getProcessDefinitionKey()))
        .filter(a -> build.getBusinessKey().equals(engine.getHistoryService().createHistoricProcessInstanceQuery()
            .processInstanceId(a.getProcessInstanceId()).singleResult().getBusinessKey()))
        .findFirst().orElseThrow(() -> new AssertionError("build " + build.getBusinessKey() + " never ran " + activityId));
  }

  private void completeAs(String user, Task task, String decision) {
    engine.getIdentityService().setAuthentication(user, List.of("pki-approvers"));
    try {
      engine.getTaskService().complete(task.getId(), Map.of("certificateApproval", decision));
    } finally {
      engine.getIdentityService().clearAuthentication();
    }
  }

  private void completeShutdown(ProcessInstance build) {
    Task shutdown = awaitTask(build, "Task_ShutdownNodeForClone");
    engine.getTaskService().complete(shutdown.getId(), Map.of("shutdownMethod", "powerOff", "shutdownConfirmed", true));
  }

  /** A variable of any of the build's instances (called processes too), as history kept it. */
  private Object variableOf(ProcessInstance build, String name) {
    return engine.getHistoryService().createHistoricVariableInstanceQuery().variableName(name).list().stream()
        .filter(v -> build.getBusinessKey().equals(engine.getHistoryService().createHistoricProcessInstanceQuery()
            .processInstanceId(v.getProcessInstanceId()).singleResult().getBusinessKey()))
        .map(v -> v.getValue()).findFirst().orElse(null);
  }

  private static String sha256(Path file) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }
}
