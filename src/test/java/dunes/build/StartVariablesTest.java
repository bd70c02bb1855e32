package dunes.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dunes.security.DunesGroups;
import dunes.support.DunesIntegrationTest;
import dunes.support.ExampleRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A build starts with its request and nothing else: a start carrying {@code requestValid} (or any
 * other internal variable) is refused over HTTP before anything starts, and in the engine it is
 * validated like any other and claims no ticket.
 */
class StartVariablesTest extends DunesIntegrationTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Autowired TicketRegistry tickets;

  @Test
  void aMessageCarryingRequestValidIsRefusedAndStartsNothing() throws Exception {
    String ticket = ExampleRequest.newTicket();
    ObjectNode message = JSON.createObjectNode().put("messageName", BuildVariables.MSG_BUILD_REQUESTED)
        .put("businessKey", ticket);
    ObjectNode variables = message.putObject("processVariables");
    variables.putObject(BuildVariables.BUILD_REQUEST).put("value", ExampleRequest.withTicket(ticket).toString());
    variables.putObject(BuildVariables.REQUEST_VALID).put("value", true).put("type", "Boolean");

    HttpResponse<String> answer = postAsOperator("/engine-rest/message", message.toString());

    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
    assertThat(JSON.readTree(answer.body()).get("variables").toString()).isEqualTo("[\"requestValid\"]");
    assertThat(builds(ticket)).isZero();
    assertThat(tickets.holder(ticket)).isEmpty();
  }

  @Test
  void aRestStartCarryingRequestValidOrStartingElsewhereIsRefused() {
    String ticket = ExampleRequest.newTicket();
    String request = JSON.createObjectNode().put("value", ExampleRequest.withTicket(ticket).toString()).toString();

    HttpResponse<String> withFlag = postAsOperator("/engine-rest/process-definition/key/VcoHaBuild/start",
        "{\"businessKey\":\"" + ticket + "\",\"variables\":{\"buildRequest\":" + request
            + ",\"requestValid\":{\"value\":true}}}");
    HttpResponse<String> elsewhere = postAsOperator("/engine-rest/process-definition/key/VcoHaBuild/start",
        "{\"businessKey\":\"" + ticket + "\",\"variables\":{\"buildRequest\":" + request + "},"
            + "\"startInstructions\":[{\"type\":\"startBeforeActivity\",\"activityId\":\"CallActivity_ProbeProducts\"}]}");

    assertThat(withFlag.statusCode()).as(withFlag.body()).isEqualTo(400);
    assertThat(elsewhere.statusCode()).as(elsewhere.body()).isEqualTo(403);
    assertThat(builds(ticket)).isZero();
  }

  @Test
  void anInvalidRequestStartedWithRequestValidIsValidatedAndRejected() throws Exception {
    String ticket = ExampleRequest.newTicket();
    String invalid = ExampleRequest.changed(ticket, r -> ExampleRequest.node(r, "nodes/1").put("ip", "127.0.0.11"));

    ProcessInstance build = startAsOperator(ticket, Map.of(BuildVariables.BUILD_REQUEST, invalid,
        BuildVariables.REQUEST_VALID, true));

    assertThat(build).hasPassed("Task_ValidateRequest").isWaitingAt("Task_ReportRejected").hasNotPassed("SubProcess_Build");
    assertThat(errorFields(build)).containsExactlyInAnyOrder("requestValid", "nodes[1].ip");
    assertThat(tickets.holder(ticket)).as("no ticket claimed").isEmpty();
  }

  @Test
  void aValidRequestStartedWithAnInternalVariableIsRejectedToo() throws Exception {
    String ticket = ExampleRequest.newTicket();

    ProcessInstance build = startAsOperator(ticket, Map.of(BuildVariables.BUILD_REQUEST,
        ExampleRequest.withTicket(ticket).toString(), BuildVariables.REQUEST_VALID, true, "caFingerprint", "AB:CD"));

    assertThat(build).isWaitingAt("Task_ReportRejected");
    assertThat(errorFields(build)).containsExactlyInAnyOrder("requestValid", "caFingerprint");
    assertThat(tickets.holder(ticket)).isEmpty();
  }

  @Test
  void aStartNobodyIsAuthenticatedForStartsNothing() {
    String ticket = ExampleRequest.newTicket();

    assertThatThrownBy(() -> engine.getRuntimeService().createMessageCorrelation(BuildVariables.MSG_BUILD_REQUESTED)
        .processInstanceBusinessKey(ticket).setVariable(BuildVariables.BUILD_REQUEST,
            ExampleRequest.withTicket(ticket).toString()).correlateStartMessage())
        .hasMessageContaining("a build needs an authenticated requester");
    assertThat(builds(ticket)).isZero();
    assertThat(tickets.holder(ticket)).isEmpty();
  }

  private ProcessInstance startAsOperator(String ticket, Map<String, Object> variables) {
    engine.getIdentityService().setAuthentication(OPERATOR, List.of(DunesGroups.OPERATORS));
    try {
      return engine.getRuntimeService().createMessageCorrelation(BuildVariables.MSG_BUILD_REQUESTED)
          .processInstanceBusinessKey(ticket).setVariables(variables).correlateStartMessage();
    } finally {
      engine.getIdentityService().clearAuthentication();
    }
  }

  private List<String> errorFields(ProcessInstance build) throws Exception {
    JsonNode errors = JSON.readTree((String) engine.getRuntimeService().getVariable(build.getId(),
        BuildVariables.VALIDATION_ERRORS));
    return errors.findValuesAsText("field");
  }

  private long builds(String ticket) {
    return engine.getHistoryService().createHistoricProcessInstanceQuery().processDefinitionKey(BuildVariables.PROCESS_KEY)
        .processInstanceBusinessKey(ticket).count();
  }
}
