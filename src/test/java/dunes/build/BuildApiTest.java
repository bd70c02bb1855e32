package dunes.build;

import static dunes.support.ExampleRequest.changed;
import static dunes.support.ExampleRequest.node;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dunes.support.DunesIntegrationTest;
import dunes.support.ExampleRequest;
import java.net.http.HttpResponse;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class BuildApiTest extends DunesIntegrationTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void shouldStartABuildAndAnswerTheSameBuildForTheSameTicket() throws Exception {
    String ticket = ExampleRequest.newTicket();
    String request = ExampleRequest.withTicket(ticket).toString();

    HttpResponse<String> first = postAsOperator("/api/builds", request);
    HttpResponse<String> second = postAsOperator("/api/builds", request);

    assertThat(first.statusCode()).isEqualTo(201);
    assertThat(first.headers().firstValue("Location")).hasValue("/api/builds/" + ticket);
    assertThat(second.statusCode()).isEqualTo(200);
    String id = JSON.readTree(first.body()).get("processInstanceId").asText();
    assertThat(JSON.readTree(second.body()).get("processInstanceId").asText()).isEqualTo(id);
    assertThat(buildsOf(ticket)).isEqualTo(1);
  }

  @Test
  void shouldShowStateTasksAndIncidentsOfABuild() throws Exception {
    String ticket = ExampleRequest.newTicket();
    postAsOperator("/api/builds", ExampleRequest.withTicket(ticket).toString());

    JsonNode status = JSON.readTree(get("/api/builds/" + ticket, OPERATOR, OPERATOR_PASSWORD).body());

    assertThat(status.get("state").asText()).isEqualTo("ACTIVE");
    assertThat(status.get("currentActivities").findValuesAsText("id"))
        .containsExactly("SubProcess_Preflight", "Task_Preflight");
    assertThat(status.get("completedActivities").findValuesAsText("id")).containsExactly("Task_ValidateRequest");
    assertThat(status.get("openTasks")).isEmpty();
    assertThat(status.get("incidents")).isEmpty();
  }

  @Test
  void shouldAnswer404ForATicketWithoutBuild() {
    assertThat(get("/api/builds/CHG-NONE", OPERATOR, OPERATOR_PASSWORD).statusCode()).isEqualTo(404);
  }

  @Test
  void shouldRecordTheAuthenticatedCallerAsRequester() {
    String ticket = ExampleRequest.newTicket();
    postAsOperator("/api/builds", changed(ticket, r -> r.put("requestedBy", "somebody-else")));

    String id = engine.getHistoryService().createHistoricProcessInstanceQuery()
        .processDefinitionKey(dunes.build.BuildVariables.PROCESS_KEY).processInstanceBusinessKey(ticket).singleResult().getId();
    assertThat(engine.getRuntimeService().getVariable(id, BuildVariables.REQUESTER)).isEqualTo(OPERATOR);
  }

  static Stream<Arguments> badRequests() {
    return Stream.of(
        bad("bad FQDN", r -> node(r, "nodes/0").put("fqdn", "vcvco1..lab.local"), "nodes[0].fqdn"),
        bad("IP outside the node subnet", r -> node(r, "nodes/1").put("ip", "10.0.0.12"), "nodes[1].ip"),
        bad("gateway outside the node subnet", r -> node(r, "nodes/0").put("gateway", "10.0.0.1"), "nodes[0].gateway"),
        bad("duplicate node names", r -> node(r, "nodes/1").put("name", "vcvco1"), "nodes[1].name"),
        bad("duplicate node IPs", r -> node(r, "nodes/1").put("ip", "127.0.0.11"), "nodes[1].ip"),
        bad("virtual IP equal to a node IP", r -> node(r, "nodes/0").put("ip", "127.0.0.10"), "nodes[0].ip"),
        bad("fewer than 2 nodes", r -> r.withArray("nodes").remove(1), "nodes"),
        bad("unknown secret reference", r -> node(r, "vcenter").put("passwordRef", "no-such-secret"), "vcenter.passwordRef"),
        bad("non-https URL", r -> node(r, "ca").put("url", "http://ca.lab.local/certsrv"), "ca.url"),
        bad("malformed fingerprint", r -> node(r, "edge").put("fingerprint", "AB:CD:EF"), "edge.fingerprint"),
        bad("missing field", r -> node(r, "sso").remove("host"), "sso.host"),
        bad("missing section", r -> r.remove("database"), "database"),
        bad("unknown field", r -> r.put("password", "hunter2"), "password"),
        bad("wrong type", r -> r.put("startDelaySeconds", "soon"), "startDelaySeconds"),
        bad("bad time zone", r -> node(r, "network").put("timezone", "Mars/Olympus"), "network.timezone"),
        bad("no CPU", r -> node(r, "appliance").put("cpus", 0), "appliance.cpus"),
        bad("plug-in name with a quote", r -> node(r, "appliance").putArray("plugins").add("vCAC'"), "appliance.plugins[0]"),
        bad("memory not in 4 MB steps", r -> node(r, "appliance").put("memoryMb", 6145), "appliance.memoryMb"),
        bad("node IP equal to its gateway", r -> node(r, "nodes/1").put("ip", "127.0.0.1"), "nodes[1].ip"),
        bad("edge id into the API path", r -> node(r, "edge").put("edgeId", "edge-1/../../x"), "edge.edgeId"),
        bad("template adding a CertAttrib line", r -> node(r, "ca").put("template", "WebServer\nSAN:dns=x.example"),
            "ca.template"),
        bad("certificate name outside the site's domains", r -> node(r, "cluster").put("fqdn", "vcvco.example.com"),
            "cluster.fqdn"),
        bad("file: OVF outside the OVF directory", r -> node(r, "ovf").put("url", "file:/etc/hostname"), "ovf.url"));
  }

  private static Arguments bad(String what, Consumer<ObjectNode> change, String field) {
    return Arguments.of(what, change, field);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badRequests")
  void shouldRejectABadRequestWithAFieldErrorAndStartNothing(String what, Consumer<ObjectNode> change, String field)
      throws Exception {
    String ticket = ExampleRequest.newTicket();

    HttpResponse<String> response = postAsOperator("/api/builds", changed(ticket, change));

    assertThat(response.statusCode()).as(what).isEqualTo(400);
    JsonNode body = JSON.readTree(response.body());
    assertThat(body.get("errors").findValuesAsText("field")).as(response.body()).contains(field);
    assertThat(body.get("errors").findValuesAsText("message")).allSatisfy(m -> assertThat(m).isNotBlank());
    assertThat(buildsOf(ticket)).isZero();
    assertThat(engine.getRuntimeService().createProcessInstanceQuery().processDefinitionKey(dunes.build.BuildVariables.PROCESS_KEY).processInstanceBusinessKey(ticket).count()).isZero();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badRequests")
  void shouldAnswerADryRunOfABadRequestWithTheSameFieldErrors(String what, Consumer<ObjectNode> change, String field)
      throws Exception {
    String ticket = ExampleRequest.newTicket();

    HttpResponse<String> dryRun = postAsOperator("/api/builds?dryRun=true", changed(ticket, change));
    HttpResponse<String> real = postAsOperator("/api/builds", changed(ticket, change));

    assertThat(dryRun.statusCode()).as(what).isEqualTo(400);
    assertThat(JSON.readTree(dryRun.body()).get("errors")).as(what).isEqualTo(JSON.readTree(real.body()).get("errors"));
    assertThat(buildsOf(ticket)).isZero();
  }

  @Test
  void shouldStartNothingForADryRunFlagThatIsNeitherTrueNorFalse() throws Exception {
    String ticket = ExampleRequest.newTicket();

    HttpResponse<String> response = postAsOperator("/api/builds?dryRun=yes", ExampleRequest.withTicket(ticket).toString());

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("dryRun is true or false");
    assertThat(buildsOf(ticket)).isZero();
  }

  @Test
  void shouldAnswer413ForABodyOverTheLimitWithOrWithoutItsLength() throws Exception {
    String ticket = ExampleRequest.newTicket();
    String padded = changed(ticket, r -> r.put("requestedBy", "x".repeat(70 * 1024)));

    HttpResponse<String> sized = postAsOperator("/api/builds", padded);
    HttpResponse<String> chunked = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest
        .newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/api/builds"))
        .header("Content-Type", "application/json")
        .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(
            (OPERATOR + ":" + OPERATOR_PASSWORD).getBytes(java.nio.charset.StandardCharsets.UTF_8)))
        .POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(
            () -> new java.io.ByteArrayInputStream(padded.getBytes(java.nio.charset.StandardCharsets.UTF_8))))
        .build(), HttpResponse.BodyHandlers.ofString());

    assertThat(sized.statusCode()).isEqualTo(413);
    assertThat(chunked.statusCode()).isEqualTo(413);
    assertThat(JSON.readTree(sized.body()).get("message").asText()).contains("dunes.request.max-size");
    assertThat(buildsOf(ticket)).isZero();
    assertThat(postAsOperator("/api/builds", ExampleRequest.withTicket(ticket).toString()).statusCode()).isEqualTo(201);
  }

  @Test
  void shouldRejectAnEmptyBody() {
    assertThat(postAsOperator("/api/builds", " ").statusCode()).isEqualTo(400);
  }

  private long buildsOf(String ticket) {
    return engine.getHistoryService().createHistoricProcessInstanceQuery().processDefinitionKey(dunes.build.BuildVariables.PROCESS_KEY).processInstanceBusinessKey(ticket).count();
  }
}
