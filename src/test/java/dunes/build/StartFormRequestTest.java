package dunes.build;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dunes.support.DunesIntegrationTest;
import dunes.support.ExampleRequest;
import dunes.support.StartFormVariables;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.history.HistoricDetail;
import org.camunda.bpm.engine.history.HistoricFormField;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.camunda.bpm.engine.history.HistoricVariableUpdate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The Tasklist start form {@code build-request}, submitted as Tasklist submits it (one variable per
 * field, over the engine's {@code submit-form}): checked by the API's rules, nothing started when
 * invalid, and the build keeps what a build started over {@code POST /api/builds} keeps.
 */
class StartFormRequestTest extends DunesIntegrationTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Autowired BuildRequestReader reader;

  @Test
  void theFormsDefaultsAreTheExampleRequest() throws Exception {
    String ticket = ExampleRequest.newTicket();
    Map<String, Object> defaults = formDefaults();
    defaults.put("request_ticket", ticket);

    HttpResponse<String> started = submit(defaults);

    assertThat(started.statusCode()).as(started.body()).isEqualTo(200);
    ObjectNode example = ExampleRequest.withTicket(ticket);
    example.remove("requestedBy");
    assertThat(JSON.readTree(historic(ticket, BuildVariables.BUILD_SPEC)))
        .isEqualTo(JSON.readTree(BuildRequestReader.write(reader.read(example.toString()))));
    assertThat(historic(ticket, BuildVariables.REQUESTER)).isEqualTo(OPERATOR);
  }

  @Test
  void aFormStartKeepsWhatAnApiStartKeeps() {
    String formTicket = ExampleRequest.newTicket();
    String apiTicket = ExampleRequest.newTicket();

    assertThat(submit(StartFormVariables.of(ExampleRequest.withTicket(formTicket))).statusCode()).isEqualTo(200);
    assertThat(postAsOperator("/api/builds", ExampleRequest.withTicket(apiTicket).toString()).statusCode()).isEqualTo(201);

    assertThat(variableNames(formTicket)).isEqualTo(variableNames(apiTicket)).contains(BuildVariables.BUILD_SPEC)
        .noneMatch(name -> name.startsWith(StartFormFields.PREFIX));
    assertThat(engine.getHistoryService().createHistoricDetailQuery().processInstanceId(buildId(formTicket)).list())
        .as("no detail of a form field").noneMatch(StartFormRequestTest::formField);
  }

  @Test
  void anInvalidFormStartsNothingAndNamesEachFieldByItsLabel() throws Exception {
    String ticket = ExampleRequest.newTicket();
    Map<String, Object> form = StartFormVariables.of(ExampleRequest.withTicket(ticket));
    form.put("request_nodes_1_ip", "127.0.0.1"); // node 2 on its gateway
    form.put("request_nodes_2_ip", "127.0.0.11"); // node 3 begun on node 1's address
    form.put("request_nodes_3_ip", "127.0.0.14"); // row 4 begun, row 3 left empty
    form.put("request_vcenter_passwordRef", "");

    HttpResponse<String> refused = submit(form);

    assertThat(refused.statusCode()).isEqualTo(400);
    String message = JSON.readTree(refused.body()).path("message").asText();
    assertThat(message).contains("Nothing was started", "Node 2 IP: ", "Node 4 name: ",
        "vCenter password secret: ", "Node 3 IP: duplicate IP address '127.0.0.11', already used by Node 1 IP");
    assertThat(engine.getHistoryService().createHistoricProcessInstanceQuery()
        .processDefinitionKey(BuildVariables.PROCESS_KEY).processInstanceBusinessKey(ticket).count()).isZero();
    assertThat(submit(StartFormVariables.of(ExampleRequest.withTicket(ticket))).statusCode())
        .as("the ticket was not claimed").isEqualTo(200);
  }

  @Test
  void emptyNodeRowsAreNoNodesAndTwoAreNeeded() throws Exception {
    String ticket = ExampleRequest.newTicket();
    Map<String, Object> rows1And3 = StartFormVariables.of(ExampleRequest.withTicket(ticket));
    rows1And3.keySet().stream().filter(k -> k.startsWith("request_nodes_1_")).toList()
        .forEach(k -> rows1And3.put(k.replace("_nodes_1_", "_nodes_2_"), rows1And3.put(k, "")));
    Map<String, Object> row1Only = new HashMap<>(rows1And3);
    row1Only.replaceAll((k, v) -> k.startsWith("request_nodes_2_") ? "" : v);

    HttpResponse<String> one = submit(row1Only);
    HttpResponse<String> two = submit(rows1And3);

    assertThat(JSON.readTree(one.body()).path("message").asText()).contains("nodes: a cluster has 2 to");
    assertThat(two.statusCode()).as(two.body()).isEqualTo(200);
    assertThat(BuildRequestReader.parseTrusted(historic(ticket, BuildVariables.BUILD_SPEC)).nodeNames())
        .containsExactly("vcvco1", "vcvco2");
  }

  @Test
  void anErrorOfACompactedListNamesTheFormsRow() {
    StartFormFields form = StartFormFields.of(Map.of("request_nodes_0_name", "a", "request_nodes_2_name", "c",
        "request_nodes_3_ip", "", "request_network_dns_1", "127.0.0.53"));

    assertThat(form.json()).isEqualTo("{\"network\":{\"dns\":[\"127.0.0.53\"]},\"nodes\":[{\"name\":\"a\"},{\"name\":\"c\"}]}");
    assertThat(form.formKey("nodes[1].ip")).isEqualTo("request_nodes_2_ip");
    assertThat(form.formKey("network.dns[0]")).isEqualTo("request_network_dns_1");
    assertThat(form.formKey("vcenter.url")).isEqualTo("request_vcenter_url");
  }

  /** The form's default values by key, as Tasklist fills them in. */
  static Map<String, Object> formDefaults() throws Exception {
    Map<String, Object> defaults = new HashMap<>();
    JsonNode form = JSON.readTree(Path.of("forms/build-request.form").toFile());
    form.findParents("defaultValue").forEach(c -> defaults.put(c.get("key").asText(),
        JSON.convertValue(c.get("defaultValue"), Object.class)));
    return defaults;
  }

  private HttpResponse<String> submit(Map<String, Object> fields) {
    Map<String, Object> variables = new HashMap<>();
    fields.forEach((name, value) -> variables.put(name, Map.of("value", value)));
    try {
      return postAsOperator("/engine-rest/process-definition/key/VcoHaBuild/submit-form",
          JSON.writeValueAsString(Map.of("variables", variables)));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private String buildId(String ticket) {
    return engine.getHistoryService().createHistoricProcessInstanceQuery().processDefinitionKey(BuildVariables.PROCESS_KEY)
        .processInstanceBusinessKey(ticket).singleResult().getId();
  }

  private String historic(String ticket, String name) {
    return (String) engine.getHistoryService().createHistoricVariableInstanceQuery().processInstanceId(buildId(ticket))
        .variableName(name).singleResult().getValue();
  }

  private Set<String> variableNames(String ticket) {
    return engine.getHistoryService().createHistoricVariableInstanceQuery().processInstanceId(buildId(ticket)).list()
        .stream().map(HistoricVariableInstance::getName).collect(Collectors.toCollection(TreeSet::new));
  }

  private static boolean formField(HistoricDetail detail) {
    String name = detail instanceof HistoricVariableUpdate v ? v.getVariableName()
        : detail instanceof HistoricFormField f ? f.getFieldId() : "";
    return name.startsWith(StartFormFields.PREFIX) || name.equals(BuildVariables.BUILD_REQUEST);
  }
}
