package dunes.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dunes.build.BuildVariables;
import dunes.build.TicketRegistry;
import dunes.pki.steps.CertificateKind;
import dunes.pki.steps.SubmittedRequests;
import dunes.support.DunesIntegrationTest;
import dunes.support.ExampleRequest;
import dunes.support.StageCaller;
import dunes.support.WebappSession;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Four eyes on a certificate approval, tried from outside as the lab's kind of users: {@code petra}
 * requests a build over {@code /api/builds} and is both an operator and an approver (the person four
 * eyes exists for); {@code arne} is an approver. Every way for petra to complete her own approval is
 * refused and the task stays open; arne then approves and history names him.
 */
class FourEyesApprovalTest extends DunesIntegrationTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String REQUESTER = "petra";
  private static final String REQUESTER_PASSWORD = "petra-pw-5512";
  private static final String APPROVER = AuthorizationMatrixTest.APPROVER;
  private static final String APPROVER_PASSWORD = AuthorizationMatrixTest.APPROVER_PASSWORD;
  private static final String ADMIN = "admin";
  private static final String ADMIN_PASSWORD = "test-admin-pw-4711";
  private static final long REQUEST_ID = 4711;
  private static final long SIGNING_REQUEST_ID = 4710;

  @Autowired TicketRegistry tickets;
  @Autowired SubmittedRequests submitted;

  private String ticket;
  private ProcessInstance approval;
  private Task task;

  @BeforeEach
  void requestABuildAndReachItsApproval() throws Exception {
    user(REQUESTER, REQUESTER_PASSWORD, DunesGroups.OPERATORS, DunesGroups.PKI_APPROVERS);
    user(APPROVER, APPROVER_PASSWORD, DunesGroups.PKI_APPROVERS);
    ticket = ExampleRequest.newTicket();
    // requestedBy names someone else: the authenticated caller is what Dunes records
    HttpResponse<String> started = post("/api/builds", ExampleRequest.changed(ticket, r -> r.put("requestedBy", APPROVER)),
        REQUESTER, REQUESTER_PASSWORD);
    assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
    assertThat(tickets.requester(ticket)).hasValue(REQUESTER);

    // the certificates stage of that build, at the point where the CA holds both its requests
    String build = JSON.readTree(started.body()).get("processInstanceId").asText();
    Map<String, Object> stage = new LinkedHashMap<>();
    stage.put(BuildVariables.BUILD_SPEC, engine.getRuntimeService().getVariable(build, BuildVariables.BUILD_SPEC));
    stage.put(BuildVariables.REQUESTER, engine.getRuntimeService().getVariable(build, BuildVariables.REQUESTER));
    stage.put("certificateDisposition", "PENDING");
    stage.put("certificateAuthority", "https://ca.lab.local/certsrv");
    stage.put(CertificateKind.PACKAGE_SIGNING.requestIdVariable(), SIGNING_REQUEST_ID);
    stage.put("packageSigningSubject", "CN=vcvco.lab.local,O=Dunes Lab,C=DE");
    stage.put("packageSigningSubjectAltNames", "(none: package signing)");
    stage.put("packageSigningKeySize", 2048);
    stage.put(CertificateKind.CLIENT_SSL.requestIdVariable(), REQUEST_ID);
    stage.put("clientCertificateSubject", "CN=vcvco.lab.local,O=Dunes Lab,C=DE");
    stage.put("clientCertificateSubjectAltNames", "vcvco.lab.local, vcvco1.lab.local, vcvco2.lab.local");
    stage.put("clientCertificateKeySize", 2048);
    ProcessInstance caller = StageCaller.start(engine, "CertificateApproval", ticket, stage);
    submitted.record("signing-request-of-" + caller.getId(), caller.getId(), ticket, CertificateKind.PACKAGE_SIGNING,
        SIGNING_REQUEST_ID);
    submitted.record("client-request-of-" + caller.getId(), caller.getId(), ticket, CertificateKind.CLIENT_SSL, REQUEST_ID);
    approval = StageCaller.called(engine, caller);
    task = engine.getTaskService().createTaskQuery().processInstanceId(approval.getId()).singleResult();
    assertThat(task.getTaskDefinitionKey()).isEqualTo("Task_ApproveCertificateRequest");
  }

  @Test
  void theRequesterCannotCompleteTheirOwnApprovalInAnyWayThenTheApproverDoes() throws Exception {
    // plainly, with the form's own fields
    HttpResponse<String> plain = asRequester("POST", "/engine-rest/task/" + task.getId() + "/complete",
        variables(Map.of("certificateApproval", "approve")));
    assertFourEyesRefusal(plain);
    assertStillOpen();

    // with variables that name someone else as requester or approver
    HttpResponse<String> forged = asRequester("POST", "/engine-rest/task/" + task.getId() + "/complete",
        variables(Map.of("certificateApproval", "approve", "requester", APPROVER, "approvedBy", APPROVER)));
    assertThat(forged.statusCode()).as(forged.body()).isEqualTo(400);
    assertThat(JSON.readTree(forged.body()).get("variables")).extracting(JsonNode::asText)
        .containsExactly("approvedBy", "requester");
    assertStillOpen();

    // through submit-form and resolve
    assertFourEyesRefusal(asRequester("POST", "/engine-rest/task/" + task.getId() + "/submit-form",
        variables(Map.of("certificateApproval", "approve"))));
    assertThat(asRequester("POST", "/engine-rest/task/" + task.getId() + "/submit-form",
        variables(Map.of("certificateApproval", "approve", "requester", APPROVER))).statusCode()).isEqualTo(400);
    assertThat(asRequester("POST", "/engine-rest/engine/default/task/" + task.getId() + "/complete",
        variables(Map.of("certificateApproval", "approve", "requester", APPROVER))).statusCode()).isEqualTo(400);
    assertThat(asRequester("POST", "/engine-rest/task/" + task.getId() + "/resolve",
        variables(Map.of("requester", APPROVER))).statusCode()).isEqualTo(400);
    assertStillOpen();

    // after writing the variables four eyes once read: refused to her; written by an admin, they decide nothing
    assertThat(asRequester("PUT", "/engine-rest/task/" + task.getId() + "/variables/requester", value(APPROVER))
        .statusCode()).isEqualTo(403);
    assertThat(asRequester("PUT", "/engine-rest/task/" + task.getId() + "/localVariables/requester", value(APPROVER))
        .statusCode()).isEqualTo(403);
    assertThat(asRequester("PUT", "/engine-rest/process-instance/" + approval.getId() + "/variables/requester",
        value(APPROVER)).statusCode()).isEqualTo(403);
    assertThat(asRequester("POST", "/engine-rest/process-instance/" + approval.getId() + "/variables",
        "{\"modifications\":{\"requester\":{\"value\":\"arne\"}}}").statusCode()).isEqualTo(403);
    assertThat(engine.getRuntimeService().getVariable(approval.getId(), "requester")).isEqualTo(REQUESTER);
    HttpResponse<String> adminPut = call("PUT", "/engine-rest/process-instance/" + approval.getId()
        + "/variables/requester", value(APPROVER), ADMIN, ADMIN_PASSWORD);
    assertThat(adminPut.statusCode()).as(adminPut.body()).isEqualTo(204);
    assertFourEyesRefusal(asRequester("POST", "/engine-rest/task/" + task.getId() + "/complete",
        variables(Map.of("certificateApproval", "approve"))));
    assertStillOpen();

    // after claiming the task, and after making someone else its assignee
    assertThat(asRequester("POST", "/engine-rest/task/" + task.getId() + "/claim", "{\"userId\":\"petra\"}")
        .statusCode()).isEqualTo(204);
    assertFourEyesRefusal(asRequester("POST", "/engine-rest/task/" + task.getId() + "/complete",
        variables(Map.of("certificateApproval", "approve"))));
    // handing the task on takes TASK_ASSIGN, which candidate groups lack; an admin may, and it decides nothing
    assertThat(asRequester("POST", "/engine-rest/task/" + task.getId() + "/assignee", "{\"userId\":\"arne\"}")
        .statusCode()).isEqualTo(403);
    HttpResponse<String> adminAssign = call("POST", "/engine-rest/task/" + task.getId() + "/assignee",
        "{\"userId\":\"arne\"}", ADMIN, ADMIN_PASSWORD);
    assertThat(adminAssign.statusCode()).as(adminAssign.body()).isEqualTo(204);
    assertFourEyesRefusal(asRequester("POST", "/engine-rest/task/" + task.getId() + "/complete",
        variables(Map.of("certificateApproval", "approve"))));
    assertStillOpen();

    // past the task: instance modification, a BPMN error, signalling the execution
    String modification = "{\"instructions\":[{\"type\":\"startBeforeActivity\",\"activityId\":\"Gateway_Approved\","
        + "\"variables\":{\"certificateApproval\":{\"value\":\"approve\"}}},"
        + "{\"type\":\"cancel\",\"activityId\":\"Task_ApproveCertificateRequest\"}]}";
    assertThat(asRequester("POST", "/engine-rest/process-instance/" + approval.getId() + "/modification", modification)
        .statusCode()).isEqualTo(403);
    assertThat(asRequester("POST", "/engine-rest/modification/execute", "{\"processDefinitionId\":\""
        + approval.getProcessDefinitionId() + "\",\"processInstanceIds\":[\"" + approval.getId() + "\"],"
        + "\"instructions\":[{\"type\":\"startBeforeActivity\",\"activityId\":\"Gateway_Approved\"}]}").statusCode())
        .isEqualTo(403);
    assertThat(asRequester("POST", "/engine-rest/task/" + task.getId() + "/bpmnError",
        "{\"errorCode\":\"CertificateRejected\"}").statusCode()).isEqualTo(403);
    assertThat(asRequester("POST", "/engine-rest/execution/" + task.getExecutionId() + "/signal", "{}").statusCode())
        .isEqualTo(403);
    assertStillOpen();

    // in Tasklist, through the webapps' own engine API
    WebappSession tasklist = WebappSession.login(uri("/"), REQUESTER, REQUESTER_PASSWORD);
    assertFourEyesRefusal(tasklist.postEngine("task/" + task.getId() + "/submit-form",
        variables(Map.of("certificateApproval", "approve"))));
    assertThat(tasklist.postEngine("task/" + task.getId() + "/submit-form",
        variables(Map.of("certificateApproval", "approve", "requester", APPROVER))).statusCode()).isEqualTo(400);
    assertThat(tasklist.postEngine("task/" + task.getId() + "/complete",
        variables(Map.of("certificateApproval", "approve", "approvedBy", APPROVER))).statusCode()).isEqualTo(400);
    assertThat(tasklist.postEngine("process-instance/" + approval.getId() + "/modification", modification).statusCode())
        .isEqualTo(403);
    assertStillOpen();

    // the approver: only the form's fields, then the decision in Tasklist, as Tasklist sends it
    HttpResponse<String> sneaky = call("POST", "/engine-rest/task/" + task.getId() + "/complete",
        variables(Map.of("certificateApproval", "approve", "approvedBy", REQUESTER)), APPROVER, APPROVER_PASSWORD);
    assertThat(sneaky.statusCode()).isEqualTo(400);
    HttpResponse<String> approved = WebappSession.login(uri("/"), APPROVER, APPROVER_PASSWORD).postEngine(
        "task/" + task.getId() + "/submit-form",
        variables(Map.of("certificateApproval", "approve", "certificateApprovalComment", "names checked")));
    assertThat(approved.statusCode()).as(approved.body()).isEqualTo(204);

    assertThat(engine.getTaskService().createTaskQuery().taskId(task.getId()).count()).isZero();
    assertThat(engine.getHistoryService().createHistoricTaskInstanceQuery().taskId(task.getId()).singleResult()
        .getDeleteReason()).isEqualTo("completed");
    assertThat(history("approvedBy")).isEqualTo(APPROVER);
    assertThat(history("certificateApproval")).isEqualTo("approve");
    assertThat(engine.getRuntimeService().createProcessInstanceQuery().processInstanceId(approval.getId()).singleResult())
        .as("waiting to ask the CA about the request").isNotNull();
  }

  @Test
  void inCodeTooTheRequesterIsReadFromTheTicketNotFromVariables() {
    engine.getIdentityService().setAuthentication(REQUESTER, List.of(DunesGroups.PKI_APPROVERS));
    try {
      assertThatThrownBy(() -> engine.getTaskService().complete(task.getId(),
          Map.of("certificateApproval", "approve", "requester", APPROVER)))
          .isInstanceOf(ProcessEngineException.class).hasMessageContaining("four eyes");
    } finally {
      engine.getIdentityService().clearAuthentication();
    }
    assertStillOpen();
  }

  @Test
  void aRequestIdOtherThanTheOneSubmittedIsRefused() {
    engine.getRuntimeService().setVariable(approval.getId(), CertificateKind.CLIENT_SSL.requestIdVariable(), REQUEST_ID + 1);
    engine.getIdentityService().setAuthentication(APPROVER, List.of(DunesGroups.PKI_APPROVERS));
    try {
      assertThatThrownBy(() -> engine.getTaskService().complete(task.getId(), Map.of("certificateApproval", "approve")))
          .isInstanceOf(ProcessEngineException.class)
          .hasMessageContaining("clientCertificateRequestId is not the client SSL request Dunes submitted (4711)");
    } finally {
      engine.getIdentityService().clearAuthentication();
    }
    assertStillOpen();
  }

  @Test
  void anApprovalOfABuildWithoutARecordedRequesterIsRefused() {
    ProcessInstance caller = StageCaller.start(engine, "CertificateApproval", "CHG-NOT-CLAIMED", Map.of(
        BuildVariables.REQUESTER, REQUESTER, CertificateKind.CLIENT_SSL.requestIdVariable(), REQUEST_ID,
        "certificateDisposition", "PENDING"));
    submitted.record("client-request-of-" + caller.getId(), caller.getId(), "CHG-NOT-CLAIMED", CertificateKind.CLIENT_SSL,
        REQUEST_ID);
    Task orphan = engine.getTaskService().createTaskQuery()
        .processInstanceId(StageCaller.called(engine, caller).getId()).singleResult();

    HttpResponse<String> answer = call("POST", "/engine-rest/task/" + orphan.getId() + "/complete",
        variables(Map.of("certificateApproval", "approve")), APPROVER, APPROVER_PASSWORD);

    assertThat(answer.statusCode()).isEqualTo(403);
    assertThat(answer.body()).contains("recorded no requester");
    assertThat(engine.getTaskService().createTaskQuery().taskId(orphan.getId()).count()).isOne();
  }

  // ---------------------------------------------------------------------------------------------

  /** The engine API guard refuses with the rule the complete listener applies inside the engine. */
  private static void assertFourEyesRefusal(HttpResponse<String> answer) {
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(403);
    assertThat(answer.body()).contains("cannot be completed by petra, who requested the build", "four eyes");
  }

  private void assertStillOpen() {
    assertThat(engine.getTaskService().createTaskQuery().taskId(task.getId()).count()).as("the approval is open").isOne();
    assertThat(engine.getHistoryService().createHistoricVariableInstanceQuery().processInstanceId(approval.getId())
        .variableName("approvedBy").count()).isZero();
  }

  private Object history(String name) {
    HistoricVariableInstance variable = engine.getHistoryService().createHistoricVariableInstanceQuery()
        .processInstanceId(approval.getId()).variableName(name).singleResult();
    return variable == null ? null : variable.getValue();
  }

  private HttpResponse<String> asRequester(String method, String path, String json) {
    return call(method, path, json, REQUESTER, REQUESTER_PASSWORD);
  }

  private static String variables(Map<String, Object> values) {
    ObjectNode body = JSON.createObjectNode();
    ObjectNode variables = body.putObject("variables");
    values.forEach((name, value) -> variables.putObject(name).putPOJO("value", value));
    return body.toString();
  }

  private static String value(Object value) {
    ObjectNode body = JSON.createObjectNode();
    body.putPOJO("value", value);
    return body.toString();
  }
}
