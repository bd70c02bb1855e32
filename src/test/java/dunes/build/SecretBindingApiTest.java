package dunes.build;

import static dunes.support.ExampleRequest.node;
import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dunes.support.ConnectionRecorder;
import dunes.support.DunesIntegrationTest;
import dunes.support.ExampleRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A request that names a foreign endpoint with a stored secret is refused before anything starts,
 * over HTTP as an operator would send it and as change management's message: the attacker's host
 * (a listener on 127.0.38.66) hears nothing, and no secret value is in the answer.
 */
class SecretBindingApiTest extends DunesIntegrationTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  /** application-test.yaml's values: none may reach an answer or a variable */
  private static final String[] VALUES = {"Vcenter-Secret-Hn27", "Vsm-Secret-Fb97", "Ca-Secret-Jz86",
      "Vcoadmin-Secret-Gc18"};

  private ConnectionRecorder attacker;

  @BeforeEach
  void attacker() {
    attacker = new ConnectionRecorder("127.0.38.66");
  }

  @AfterEach
  void close() {
    attacker.close();
  }

  static Stream<Arguments> foreignEndpoints() {
    return Stream.of(
        foreign("vCenter's password to the attacker as vCenter", "vcenter.passwordRef",
            (r, at) -> node(r, "vcenter").put("url", "https://" + at + "/sdk").put("passwordRef", "vcenter-admin")),
        foreign("the edge's password to the attacker as vShield Manager", "edge.passwordRef",
            (r, at) -> node(r, "edge").put("managerUrl", "https://" + at)),
        foreign("the CA's password to the attacker as CA", "ca.passwordRef",
            (r, at) -> node(r, "ca").put("url", "https://" + at + "/certsrv")),
        foreign("the vCO administrator's password to the attacker as reference appliance", "ovf.reference.passwordRef",
            (r, at) -> node(r, "ovf/reference").put("url", "https://" + at)),
        foreign("vCenter's password named for the edge", "edge.passwordRef",
            (r, at) -> node(r, "edge").put("managerUrl", "https://" + at).put("passwordRef", "vcenter-admin")));
  }

  private static Arguments foreign(String what, String field, BiConsumer<ObjectNode, String> change) {
    return Arguments.of(what, field, change);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("foreignEndpoints")
  void shouldRefuseTheBuildRequestWithTheFieldErrorAndConnectNowhere(String what, String field,
      BiConsumer<ObjectNode, String> change) throws Exception {
    String ticket = ExampleRequest.newTicket();

    HttpResponse<String> response = postAsOperator("/api/builds",
        ExampleRequest.changed(ticket, r -> change.accept(r, attacker.endpoint())));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    JsonNode error = fieldError(JSON.readTree(response.body()).get("errors"), field);
    assertThat(error.get("message").asText()).as(what).contains("may not be sent to " + attacker.address() + ":"
        + attacker.port());
    assertThat(response.body()).doesNotContain(VALUES);
    assertThat(builds(ticket)).isZero();
    assertThat(attacker.connections()).as("connections to the attacker").isZero();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("foreignEndpoints")
  void shouldRejectTheChangeManagementMessageBeforeAnyStepAndConnectNowhere(String what, String field,
      BiConsumer<ObjectNode, String> change) throws Exception {
    String ticket = ExampleRequest.newTicket();
    String request = ExampleRequest.changed(ticket, r -> change.accept(r, attacker.endpoint()));

    HttpResponse<String> answer = post("/engine-rest/message", JSON.writeValueAsString(Map.of(
        "messageName", BuildVariables.MSG_BUILD_REQUESTED, "businessKey", ticket,
        "processVariables", Map.of(BuildVariables.BUILD_REQUEST, Map.of("value", request, "type", "String")))),
        OPERATOR, OPERATOR_PASSWORD);
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(204);
    ProcessInstance build = engine.getRuntimeService().createProcessInstanceQuery()
        .processDefinitionKey(BuildVariables.PROCESS_KEY).processInstanceBusinessKey(ticket).singleResult();
    runJobsOfTree(build.getId()); // had the request passed, the probe would now reach for the attacker's host

    assertThat(build).hasPassed("EndEvent_Rejected").hasNotPassed("CallActivity_ProbeProducts", "SubProcess_Build")
        .isEnded();
    String errors = engine.getHistoryService().createHistoricVariableInstanceQuery().processInstanceId(build.getId())
        .variableName(BuildVariables.VALIDATION_ERRORS).singleResult().getValue().toString();
    assertThat(fieldError(JSON.readTree(errors), field).get("message").asText()).as(what)
        .contains("may not be sent to " + attacker.endpoint());
    assertThat(errors).doesNotContain(VALUES);
    assertThat(CHANGES.receivedFor(ticket)).singleElement()
        .satisfies(report -> assertThat(report.body()).contains("\"outcome\":\"rejected\"", field));
    assertThat(attacker.connections()).as("connections to the attacker").isZero();
  }

  private static JsonNode fieldError(JsonNode errors, String field) {
    for (JsonNode error : errors) {
      if (error.get("field").asText().equals(field)) {
        return error;
      }
    }
    throw new AssertionError("no error for " + field + " in " + errors);
  }

  /** Every due job of the build and of the processes it called, until none is left. */
  private void runJobsOfTree(String buildId) {
    boolean ran = true;
    for (int turn = 0; ran && turn < 50; turn++) {
      ran = false;
      for (var instance : engine.getHistoryService().createHistoricProcessInstanceQuery()
          .rootProcessInstanceId(buildId).list()) {
        for (var job : engine.getManagementService().createJobQuery().processInstanceId(instance.getId())
            .executable().list()) {
          try {
            engine.getManagementService().executeJob(job.getId());
          } catch (RuntimeException failed) {
            // a failing step keeps its retries; what matters here is whom it reached
          }
          ran = true;
        }
      }
    }
  }

  private long builds(String ticket) {
    return engine.getHistoryService().createHistoricProcessInstanceQuery()
        .processDefinitionKey(BuildVariables.PROCESS_KEY).processInstanceBusinessKey(ticket).count();
  }
}
