package dunes.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.historyService;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dunes.support.ChangeReceiver;
import dunes.support.DunesIntegrationTest;
import dunes.support.ExampleRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;

/** VcoHaBuild driven the way change management drives it: messages to /engine-rest/message. */
class VcoHaBuildProcessTest extends DunesIntegrationTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void shouldStartFromTheChangeManagementMessageAndRunPreflightBeforeAnyChange() throws Exception {
    String ticket = ExampleRequest.newTicket();

    HttpResponse<String> response = sendMessage(BuildVariables.MSG_BUILD_REQUESTED, ticket,
        ExampleRequest.withTicket(ticket).toString());

    assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
    ProcessInstance build = build(ticket);
    // the whole build runs in the lab (NodeLifecycleProcessTest, PreflightBeforeChangeTest); here its first
    // read of the site waits for the job executor
    assertThat(build).hasPassed("Task_ValidateRequest").isWaitingAt("Task_Preflight")
        .hasNotPassed("CallActivity_ProbeProducts", "Task_PlanUndo", "Task_ReportStarted");
    assertThat(outcomes(ticket)).isEmpty();
  }

  @Test
  void shouldRetryPreflightWithAReadableMessageWhenNoDnsServerOfTheRequestAnswers() throws Exception {
    String ticket = ExampleRequest.newTicket();
    String silent = "127.0.62.54"; // nothing serves DNS there
    sendMessage(BuildVariables.MSG_BUILD_REQUESTED, ticket, ExampleRequest.withTicket(ticket, silent).toString());
    ProcessInstance build = build(ticket);
    var management = engine.getManagementService();
    String jobId = management.createJobQuery().processInstanceId(build.getId()).singleResult().getId();

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> management.executeJob(jobId))
        .hasMessageContaining("preflight cannot check names: no DNS server of the request's network.dns answered")
        .hasMessageContaining(silent);

    var failed = management.createJobQuery().jobId(jobId).singleResult();
    assertThat(failed.getRetries()).as("R5: no verdict, asked again").isEqualTo(4);
    assertThat(build).isWaitingAt("Task_Preflight").hasNotPassed("Task_ReportNotBuilt");
    assertThat(outcomes(ticket)).isEmpty();
  }

  @Test
  void shouldStartNothingForASecondMessageWithTheSameTicket() {
    String ticket = ExampleRequest.newTicket();
    String request = ExampleRequest.withTicket(ticket).toString();
    sendMessage(BuildVariables.MSG_BUILD_REQUESTED, ticket, request);

    HttpResponse<String> second = sendMessage(BuildVariables.MSG_BUILD_REQUESTED, ticket, request);

    assertThat(second.statusCode()).isEqualTo(400);
    assertThat(second.body()).contains("already has a build");
    assertThat(historyService().createHistoricProcessInstanceQuery().processDefinitionKey(dunes.build.BuildVariables.PROCESS_KEY).processInstanceBusinessKey(ticket).count())
        .isEqualTo(1);
  }

  @Test
  void shouldEndAnInvalidMessageAtTheRejectionAndReportTheErrors() throws Exception {
    String ticket = ExampleRequest.newTicket();
    String request = ExampleRequest.changed(ticket, r -> ((ObjectNode) r.at("/nodes/1")).put("ip", "127.0.0.11"));

    sendMessage(BuildVariables.MSG_BUILD_REQUESTED, ticket, request);
    ProcessInstance build = build(ticket);
    assertThat(build).isWaitingAt("Task_ReportRejected").hasNotPassed("SubProcess_Build");
    runJobs(build.getId());

    assertThat(build).hasPassed("EndEvent_Rejected").isEnded();
    List<ChangeReceiver.Received> reports = CHANGES.receivedFor(ticket);
    assertThat(reports).hasSize(1);
    JsonNode report = JSON.readTree(reports.get(0).body());
    assertThat(report.get("outcome").asText()).isEqualTo("rejected");
    assertThat(report.get("errors").findValuesAsText("field")).containsExactly("nodes[1].ip");
    assertThat(historyService().createHistoricVariableInstanceQuery().processInstanceId(build.getId())
        .variableName(BuildVariables.VALIDATION_ERRORS).singleResult().getValue().toString()).contains("nodes[1].ip");
  }

  @Test
  void shouldEndABuildCancelledBeforePreflightBeforeAnyChangeAndReportCancelled() throws Exception {
    String ticket = ExampleRequest.newTicket();
    sendMessage(BuildVariables.MSG_BUILD_REQUESTED, ticket, ExampleRequest.withTicket(ticket).toString());
    ProcessInstance build = build(ticket);
    assertThat(build).isWaitingAt("Task_Preflight");

    // a message into a running build needs UPDATE on it, which only camunda-admin holds (docs/security.md)
    HttpResponse<String> cancel = post("/engine-rest/message", JSON.writeValueAsString(Map.of(
        "messageName", BuildVariables.MSG_CHANGE_CANCELLED, "businessKey", ticket)), ADMIN, adminPassword);

    assertThat(cancel.statusCode()).as(cancel.body()).isEqualTo(204);
    ProcessInstance delivery = engine.getRuntimeService().createProcessInstanceQuery()
        .processDefinitionKey(BuildVariables.CANCEL_PROCESS_KEY).processInstanceBusinessKey(ticket).singleResult();
    assertThat(delivery).isWaitingAt("Task_DeliverCancel");
    runJobs(delivery.getId());
    assertThat(delivery).hasPassed("EndEvent_Delivered").isEnded();
    assertThat(build).hasPassed("Event_CancelledDuringPreflight").isWaitingAt("Task_ReportCancelledBeforeChange");
    runJobs(build.getId());
    assertThat(build).hasPassed("EndEvent_CancelledBeforeChange")
        .hasNotPassed("Task_Preflight", "Task_PlanUndo", "SubProcess_Build", "Task_ReportStarted").isEnded();
    assertThat(engine.getRuntimeService().createProcessInstanceQuery().processDefinitionKey(dunes.build.BuildVariables.PROCESS_KEY).processInstanceBusinessKey(ticket).count()).isZero();
    assertThat(outcomes(ticket)).containsExactly("cancelled");
  }

  @Test
  void shouldRetryTheReportAfterTheReceiverAnswers500() throws Exception {
    String ticket = ExampleRequest.newTicket();
    sendMessage(BuildVariables.MSG_BUILD_REQUESTED, ticket,
        ExampleRequest.changed(ticket, r -> ((ObjectNode) r.at("/nodes/1")).put("ip", "127.0.0.11")));
    ProcessInstance build = build(ticket);
    var management = engine.getManagementService();
    String jobId = management.createJobQuery().processInstanceId(build.getId()).singleResult().getId();
    CHANGES.failNext(1);

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> management.executeJob(jobId))
        .hasMessageContaining("answered HTTP 500");
    var failed = management.createJobQuery().jobId(jobId).singleResult();
    assertThat(failed.getRetries()).isEqualTo(2); // R3: three attempts in all
    assertThat(failed.getExceptionMessage()).contains("answered HTTP 500", ticket);
    management.executeJob(jobId);

    List<ChangeReceiver.Received> reports = CHANGES.receivedFor(ticket);
    assertThat(reports).extracting(ChangeReceiver.Received::answeredStatus).containsExactly(500, 204);
    assertThat(reports).extracting(r -> JSON.readTree(r.body()).get("eventId").asText()).containsOnly(
        build.getId() + ":rejected");
    assertThat(build).hasPassed("Task_ReportRejected");
  }

  @Test
  void shouldStartFromTheTasklistStartFormWithTheTicketAsBusinessKey() {
    String ticket = ExampleRequest.newTicket();
    String definitionId = engine.getRepositoryService().createProcessDefinitionQuery()
        .processDefinitionKey(BuildVariables.PROCESS_KEY).latestVersion().singleResult().getId();

    engine.getIdentityService().setAuthentication(OPERATOR, List.of(dunes.security.DunesGroups.OPERATORS));
    ProcessInstance build;
    try {
      build = engine.getFormService().submitStartForm(definitionId,
          dunes.support.StartFormVariables.of(ExampleRequest.withTicket(ticket)));
    } finally {
      engine.getIdentityService().clearAuthentication();
    }

    assertThat(build).isWaitingAt("Task_Preflight");
    assertThat(engine.getRuntimeService().createProcessInstanceQuery().processDefinitionKey(dunes.build.BuildVariables.PROCESS_KEY).processInstanceBusinessKey(ticket).count())
        .isEqualTo(1);
    assertThat(engine.getFormService().getStartFormData(definitionId).getCamundaFormRef().getKey())
        .isEqualTo("build-request");
  }

  @Test
  void shouldDeployTheStartFormWithTheProcess() {
    String deploymentId = engine.getRepositoryService().createProcessDefinitionQuery()
        .processDefinitionKey(BuildVariables.PROCESS_KEY).latestVersion().singleResult().getDeploymentId();

    assertThat(engine.getRepositoryService().getDeploymentResourceNames(deploymentId))
        .anySatisfy(name -> assertThat(name).endsWith("build-request.form"));
  }

  private HttpResponse<String> sendMessage(String message, String ticket, String buildRequest) {
    try {
      return post("/engine-rest/message", JSON.writeValueAsString(Map.of(
          "messageName", message,
          "businessKey", ticket,
          "processVariables", Map.of(BuildVariables.BUILD_REQUEST, Map.of("value", buildRequest, "type", "String")))),
          OPERATOR, OPERATOR_PASSWORD);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private ProcessInstance build(String ticket) {
    return engine.getRuntimeService().createProcessInstanceQuery().processDefinitionKey(dunes.build.BuildVariables.PROCESS_KEY).processInstanceBusinessKey(ticket).singleResult();
  }

  private List<String> outcomes(String ticket) throws Exception {
    List<String> outcomes = new java.util.ArrayList<>();
    for (ChangeReceiver.Received r : CHANGES.receivedFor(ticket)) {
      outcomes.add(JSON.readTree(r.body()).get("outcome").asText());
    }
    return outcomes;
  }
}
