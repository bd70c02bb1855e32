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
 * The client SSL certificate stage in lab builds whose CA holds requests for a manager: the
 * approval task with four eyes, approve (the build goes on when the CA issues) and reject (the
 * node's keystore is put back byte for byte), and a CA that denies.
 */
class ClientCertificateProcessTest extends LabBuildTest {

  @AfterEach
  void issueAgain() {
    ca.setMode(LabCertificateAuthority.Mode.AUTO_ISSUE);
  }

  @Test
  void shouldWaitForAnApproverWhoIsNotTheRequesterThenForTheCa() {
    ca.setMode(LabCertificateAuthority.Mode.PENDING);
    ProcessInstance build = start(request(ExampleRequest.newTicket(), "h", 12, 10, lab.fingerprint(), "LabDatastore"));
    approvePlan(build);
    approveHere(build); // the package-signing request comes first; it is approved here and at the CA
    Task approval = awaitClientCertificateApproval(build);
    assertThat(approval).hasCandidateGroup("pki-approvers");
    assertThat(engine.getTaskService().getVariable(approval.getId(), "certificateSubjectAltNames").toString())
        .contains("vcvcoh.lab.local", "h1.lab.local", "h2.lab.local", "h3.lab.local", "127.0.10.121");

    assertThatThrownBy(() -> completeAs("operator", approval, "approve")) // requestedBy in the example request
        .isInstanceOf(ProcessEngineException.class).hasMessageContaining("four eyes");
    long id = ((Number) engine.getTaskService().getVariable(approval.getId(), "certificateRequestId")).longValue();
    completeAs("approver", approval, "approve");
    assertThat(ca.requests()).filteredOn(r -> r.id() == id).extracting(CertificateRequest::status)
        .containsExactly(CertificateRequest.Status.PENDING); // approved in Dunes, still waiting for the CA manager
    ca.approve((int) id);
    completeShutdown(build);

    assertThat(awaitEnd(build).getEndActivityId()).as("%s", variable(build, "failureMessage"))
        .isEqualTo("EndEvent_Completed");
    assertThat(variableOf(build, "approvedBy")).isEqualTo("approver");
    assertThat(Fingerprints.sha256(ca.requests().stream().filter(r -> r.id() == id).findFirst().orElseThrow()
        .certificate())).isEqualTo(variable(build, "clientCertificateFingerprint"));
  }

  @Test
  void shouldPutTheKeystoreBackByteForByteWhenTheApproverRejects() throws Exception {
    ca.setMode(LabCertificateAuthority.Mode.PENDING);
    ProcessInstance build = start(request(ExampleRequest.newTicket(), "i", 9, 10, lab.fingerprint(), "LabDatastore"));
    approvePlan(build);
    approveHere(build);
    Task approval = awaitClientCertificateApproval(build);
    Path keystore = guests.node("i1").orElseThrow().keystoreFile();
    String original = sha256(keystore.resolveSibling("jssecacerts.backup"));
    assertThat(sha256(keystore)).as("the pending key is in the keystore").isNotEqualTo(original);

    completeAs("approver", approval, "reject");

    await().atMost(Duration.ofSeconds(30)).until(() -> sha256(keystore).equals(original));
    assertThat(awaitEnd(build).getEndActivityId()).isEqualTo("EndEvent_Failed");
    assertThat(variable(build, "failureCode")).isEqualTo("CertificateRejected");
    assertThat((String) variable(build, "failureMessage")).contains("rejected the certificate request");
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

  /** The package-signing request: approved in Tasklist by the approver, then issued by the CA manager. */
  private void approveHere(ProcessInstance build) {
    Task task = awaitTask(build, "Task_ApproveCertificateRequest");
    assertThat((String) engine.getTaskService().getVariable(task.getId(), "certificateSubjectAltNames"))
        .contains("package signing");
    long id = ((Number) engine.getTaskService().getVariable(task.getId(), "certificateRequestId")).longValue();
    completeAs("approver", task, "approve");
    ca.approve((int) id);
  }

  /** The client certificate's approval task, once the package-signing one is done. */
  private Task awaitClientCertificateApproval(ProcessInstance build) {
    return await().atMost(BUILD).pollInterval(Duration.ofMillis(100)).until(
        () -> engine.getTaskService().createTaskQuery().processInstanceBusinessKey(build.getBusinessKey())
            .taskDefinitionKey("Task_ApproveCertificateRequest").list().stream()
            .filter(t -> !String.valueOf(engine.getTaskService().getVariable(t.getId(), "certificateSubjectAltNames"))
                .contains("package signing")).findFirst().orElse(null), t -> t != null);
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
