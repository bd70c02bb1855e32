package dunes.build;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dunes.support.ChangeReceiver;
import dunes.support.DunesIntegrationTest;
import dunes.support.EngineTables;
import dunes.support.ExampleRequest;
import dunes.support.StartFormVariables;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.camunda.bpm.engine.history.HistoricDetail;
import org.camunda.bpm.engine.history.HistoricFormField;
import org.camunda.bpm.engine.history.HistoricVariableUpdate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * What a request leaves behind, read from outside: every ACT_* and DUNES_* table, the status API,
 * change management's received reports and the log. The raw request text is in none of them,
 * however the build was started; a password pasted into a {@code ...Ref} field is in none of them,
 * whether the request came over /api/builds or as change management's message.
 */
@ExtendWith(OutputCaptureExtension.class)
class RequestOutOfHistoryTest extends DunesIntegrationTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Autowired DataSource dataSource;

  @ParameterizedTest(name = "vcenter.passwordRef = {0}")
  @ValueSource(strings = {"Pasted-Pw!9qX#27", "pasted-pw-9qx27-tz"}) // not a reference name; one shaped like a name
  void aPasswordPastedIntoARefFieldIsNowhere(String password, CapturedOutput output) throws Exception {
    String restTicket = ExampleRequest.newTicket();
    String messageTicket = ExampleRequest.newTicket();

    HttpResponse<String> rest = postAsOperator("/api/builds",
        ExampleRequest.changed(restTicket, r -> ExampleRequest.node(r, "vcenter").put("passwordRef", password)));
    HttpResponse<String> message = sendBuildMessage(messageTicket,
        ExampleRequest.changed(messageTicket, r -> ExampleRequest.node(r, "vcenter").put("passwordRef", password)));
    runJobs(buildId(messageTicket)); // the rejected report
    HttpResponse<String> status = get("/api/builds/" + messageTicket, OPERATOR, OPERATOR_PASSWORD);
    List<String> reports = CHANGES.receivedFor(messageTicket).stream().map(ChangeReceiver.Received::body).toList();

    // each way refused it on its field, so the value reached the validator and every place it could leak to
    assertThat(rest.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(rest.body()).get("errors").findValuesAsText("field")).containsExactly("vcenter.passwordRef");
    assertThat(message.statusCode()).isEqualTo(204);
    assertThat(JSON.readTree(status.body()).get("outcome").asText()).isEqualTo("rejected");
    assertThat(JSON.readTree(status.body()).get("validationErrors").findValuesAsText("field"))
        .containsExactly("vcenter.passwordRef");
    assertThat(reports).singleElement().satisfies(r -> assertThat(r).contains("\"rejected\"", "vcenter.passwordRef"));
    // and it is in none of them
    assertThat(rest.body()).doesNotContain(password);
    assertThat(EngineTables.hits(dataSource, List.of(password))).isEmpty();
    assertThat(status.body()).doesNotContain(password);
    assertThat(reports).noneMatch(r -> r.contains(password));
    assertThat(output.getAll()).doesNotContain(password);
  }

  @Test
  void theRawRequestOfAMessageStartIsInNoTable() throws Exception {
    String ticket = ExampleRequest.newTicket();
    String raw = marked(ticket);

    assertThat(sendBuildMessage(ticket, raw).statusCode()).isEqualTo(204);

    assertStartedAndNowhere(ticket, raw);
  }

  @Test
  void theRawRequestOfAnApiStartIsInNoTable() throws Exception {
    String ticket = ExampleRequest.newTicket();
    String raw = marked(ticket);

    assertThat(postAsOperator("/api/builds", raw).statusCode()).isEqualTo(201);

    assertStartedAndNowhere(ticket, raw);
  }

  @Test
  void theFieldsOfAStartFormAreInNoTable() throws Exception {
    String ticket = ExampleRequest.newTicket();
    String marker = "Marked Unit " + ticket; // a value only the form's field holds (the spec keeps it normalised)
    ObjectNode request = ExampleRequest.withTicket(ticket);
    ExampleRequest.node(request, "certificate").put("organizationalUnit", "  " + marker + "  ");

    HttpResponse<String> submitted = postAsOperator("/engine-rest/process-definition/key/VcoHaBuild/submit-form",
        JSON.writeValueAsString(Map.of("variables", StartFormVariables.rest(request))));

    assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(200);
    String id = buildId(ticket);
    assertThat(engine.getHistoryService().createHistoricDetailQuery().processInstanceId(id).list())
        .noneMatch(d -> d instanceof HistoricVariableUpdate v && StartFormFields.isField(v.getVariableName()))
        .noneMatch(d -> d instanceof HistoricFormField f && StartFormFields.isField(f.getFieldId()));
    assertThat(EngineTables.hits(dataSource, List.of("  " + marker))).isEmpty();
    assertThat(EngineTables.hits(dataSource, List.of(marker))).as("the spec holds it").isNotEmpty();
  }

  @Test
  void theRawRequestOfARejectedMessageIsInNoTable() throws Exception {
    String ticket = ExampleRequest.newTicket();
    String raw = marked(ticket).replace("\"127.0.0.12\"", "\"127.0.0.1\""); // node 2's IP is its gateway

    sendBuildMessage(ticket, raw);
    runJobs(buildId(ticket));

    assertThat(engine.getHistoryService().createHistoricVariableInstanceQuery().processInstanceId(buildId(ticket))
        .variableName(BuildVariables.OUTCOME).singleResult().getValue()).isEqualTo("rejected");
    assertNowhere(buildId(ticket), raw);
  }

  /** The example, as a client might format it: spacing the stored buildSpec never has, so the text is findable. */
  private static String marked(String ticket) {
    return ExampleRequest.withTicket(ticket).toString().replace("{\"ticket\":", "{ \"ticket\" :  ");
  }

  private void assertStartedAndNowhere(String ticket, String raw) throws Exception {
    String id = buildId(ticket);
    assertThat(engine.getHistoryService().createHistoricVariableInstanceQuery().processInstanceId(id)
        .variableName(BuildVariables.BUILD_SPEC).singleResult()).as("the build was validated").isNotNull();
    assertNowhere(id, raw);
  }

  private void assertNowhere(String processInstanceId, String raw) throws Exception {
    assertThat(engine.getHistoryService().createHistoricVariableInstanceQuery().processInstanceId(processInstanceId)
        .variableName(BuildVariables.BUILD_REQUEST).list()).isEmpty();
    List<HistoricDetail> details = engine.getHistoryService().createHistoricDetailQuery()
        .processInstanceId(processInstanceId).list();
    assertThat(details).as("the start left details").isNotEmpty()
        .noneMatch(d -> d instanceof HistoricVariableUpdate v && v.getVariableName().equals(BuildVariables.BUILD_REQUEST))
        .noneMatch(d -> d instanceof HistoricFormField f && f.getFieldId().equals(BuildVariables.BUILD_REQUEST));
    assertThat(EngineTables.hits(dataSource, List.of(raw, raw.substring(0, 40)))).isEmpty();
  }

  private HttpResponse<String> sendBuildMessage(String ticket, String buildRequest) throws Exception {
    return post("/engine-rest/message", JSON.writeValueAsString(Map.of(
        "messageName", BuildVariables.MSG_BUILD_REQUESTED,
        "businessKey", ticket,
        "processVariables", Map.of(BuildVariables.BUILD_REQUEST, Map.of("value", buildRequest, "type", "String")))),
        OPERATOR, OPERATOR_PASSWORD);
  }

  private String buildId(String ticket) {
    return engine.getHistoryService().createHistoricProcessInstanceQuery()
        .processDefinitionKey(BuildVariables.PROCESS_KEY).processInstanceBusinessKey(ticket).singleResult().getId();
  }
}
