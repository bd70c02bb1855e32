package dunes.lab.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dunes.lab.LabJournal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A workflow's executions as the vCO REST API lists and shows them, and the lab's own configuration
 * workflows (127.0.11.200–.219, the ports of {@link TestNodes}).
 */
class LabNodeExecutionsTest {

  static final ObjectMapper JSON = new ObjectMapper();
  static final String PLUGIN = "dunes-lab-install-plugin";
  static final String IMPORT = "dunes-lab-import-trusted-certificate-from-url";
  static final String LICENCE = "5f4a37f4-6f8f-4d20-9468-e7018c206952";

  @TempDir Path dir;
  TestNodes nodes;
  LabNode node;

  @BeforeEach
  void setUp() {
    nodes = new TestNodes(dir);
  }

  @AfterEach
  void close() {
    nodes.close();
  }

  @Test
  void shouldListAWorkflowsExecutionsNewestFirst() throws Exception {
    running("127.0.11.200");
    String first = run(PLUGIN, string("pluginName", "vCAC"));
    String second = run(PLUGIN, string("pluginName", "PowerShell"));

    HttpResponse<String> listed = call("GET", "/vco/api/workflows/" + PLUGIN + "/executions", null);

    assertThat(listed.statusCode()).isEqualTo(200);
    JsonNode links = JSON.readTree(listed.body()).path("relations").path("link");
    List<JsonNode> runs = new ArrayList<>();
    links.forEach(link -> {
      if (link.path("rel").asText().equals("down")) {
        runs.add(link);
      }
    });
    assertThat(runs).extracting(link -> link.path("href").asText()).containsExactly(second, first);
    JsonNode newest = runs.get(0);
    assertThat(attribute(newest, "id")).isEqualTo(second.replaceAll(".*/executions/([^/]+)/", "$1"));
    assertThat(attribute(newest, "state")).isEqualTo("completed");
    assertThat(attribute(newest, "startedBy")).isEqualTo("vcoadmin");
    assertThat(attribute(newest, "startDate")).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
    assertThat(JSON.readTree(listed.body()).path("relations").path("total").asInt()).isEqualTo(2);
    assertThat(JSON.readTree(call("GET", "/vco/api/workflows/" + IMPORT + "/executions/", null).body())
        .path("relations").path("total").asInt()).isZero();
  }

  @Test
  void shouldShowAnExecutionsInputsAsPostedWithoutASecretsValue() throws Exception {
    running("127.0.11.201");
    String href = run(LICENCE, string("vcenterHost", "vcenter.lab.local"), string("vcenterUser", "administrator"),
        "{\"name\":\"vcenterPassword\",\"type\":\"SecureString\",\"scope\":\"local\",\"value\":{\"SecureString\":{\"value\":\"s3cret-vc\"}}}");

    HttpResponse<String> shown = call("GET", URI.create(href).getPath(), null);

    assertThat(shown.statusCode()).isEqualTo(200);
    assertThat(shown.body()).doesNotContain("s3cret-vc");
    JsonNode execution = JSON.readTree(shown.body());
    assertThat(execution.path("state").asText()).isEqualTo("completed");
    assertThat(execution.path("name").asText()).isEqualTo("Use vCenter Server license");
    JsonNode inputs = execution.path("input-parameters");
    assertThat(inputs).hasSize(3);
    assertThat(inputs.get(0).toString()).isEqualTo(string("vcenterHost", "vcenter.lab.local"));
    assertThat(inputs.get(2).toString())
        .isEqualTo("{\"name\":\"vcenterPassword\",\"type\":\"SecureString\",\"scope\":\"local\",\"value\":{\"SecureString\":{}}}");
    assertThat(node.configurationInputs().get("Use vCenter Server license")).containsEntry("vcenterPassword", "****");
    assertThat(nodes.journal.entries()).extracting(LabJournal.Entry::detail).noneMatch(d -> d.contains("s3cret-vc"));
  }

  @Test
  void shouldJournalEachRunOfTheNewWorkflowsOnce() throws Exception {
    running("127.0.11.202");

    run(IMPORT, string("url", "https://sso.lab.local:7444"));
    run(LICENCE, string("vcenterHost", "vcenter.lab.local"), string("vcenterUser", "administrator"),
        "{\"name\":\"vcenterPassword\",\"type\":\"SecureString\",\"value\":{\"SecureString\":{\"value\":\"x\"}}}");
    run(PLUGIN, string("pluginName", "vCAC"));
    run("dunes-lab-create-database-tables");

    assertThat(nodes.journal.entries("node")).filteredOn(e -> e.operation().equals("workflow-run"))
        .extracting(LabJournal.Entry::detail).containsExactly(
            "Import trusted certificate from URL {url=https://sso.lab.local:7444}",
            "Use vCenter Server license {vcenterHost=vcenter.lab.local, vcenterUser=administrator, vcenterPassword=****}",
            "Install plug-in {pluginName=vCAC}",
            "Create database tables {}");
  }

  @Test
  void shouldFailAnImportFromAUrlThatIsNotHttps() throws Exception {
    running("127.0.11.203");

    String href = run(IMPORT, string("url", "ftp://sso.lab.local"));

    JsonNode execution = JSON.readTree(call("GET", URI.create(href).getPath(), null).body());
    assertThat(execution.path("state").asText()).isEqualTo("failed");
    assertThat(execution.path("content-exception").asText())
        .isEqualTo("Invalid URL 'ftp://sso.lab.local': expected https://<host>[:<port>]");
    assertThat(JSON.readTree(call("GET", URI.create(href).getPath() + "state", null).body()).path("value").asText())
        .isEqualTo("failed");
  }

  @Test
  void shouldReportASleepingRunAsRunningUntilItsTimeIsUp() throws Exception {
    running("127.0.11.204");

    String href = run("dunes-lab-sleep", "{\"name\":\"sleepTime\",\"type\":\"number\",\"value\":{\"number\":{\"value\":2}}}");

    String path = URI.create(href).getPath();
    assertThat(call("DELETE", path, null).statusCode()).as("a running execution stays").isEqualTo(409);
    assertThat(JSON.readTree(call("GET", path, null).body()).has("end-date")).isFalse();
    await().atMost(Duration.ofSeconds(6)).pollInterval(Duration.ofMillis(100))
        .until(() -> JSON.readTree(call("GET", path + "state", null).body()).path("value").asText(), "completed"::equals);
    assertThat(JSON.readTree(call("GET", path, null).body()).has("end-date")).isTrue();
  }

  @Test
  void shouldDeleteAFinishedExecutionSoThatItIsNoLongerListed() throws Exception {
    running("127.0.11.205");
    String href = run(PLUGIN, string("pluginName", "vCAC"));

    HttpResponse<String> deleted = call("DELETE", URI.create(href).getPath(), null);

    assertThat(deleted.statusCode()).isEqualTo(204);
    assertThat(call("GET", URI.create(href).getPath(), null).statusCode()).isEqualTo(404);
    assertThat(JSON.readTree(call("GET", "/vco/api/workflows/" + PLUGIN + "/executions", null).body())
        .path("relations").path("total").asInt()).isZero();
    assertThat(nodes.journal.count("node", "execution-deleted")).isEqualTo(1);
  }

  @Test
  void shouldShowACompletedRunsOutputsInTheShapeOfItsInputs() throws Exception {
    running("127.0.11.208");
    run("dunes-lab-create-package-signing-certificate", string("commonName", "vcvco.domain.local"),
        string("organization", "Domain"), string("organizationalUnit", "IT"), string("country", "US"));

    String href = run("dunes-lab-export-package-signing-csr");

    JsonNode execution = JSON.readTree(call("GET", URI.create(href).getPath(), null).body());
    assertThat(execution.path("state").asText()).isEqualTo("completed");
    JsonNode outputs = execution.path("output-parameters");
    assertThat(outputs).hasSize(1);
    assertThat(outputs.get(0).path("name").asText()).isEqualTo("csr");
    assertThat(outputs.get(0).path("type").asText()).isEqualTo("string");
    String csr = outputs.get(0).path("value").path("string").path("value").asText();
    assertThat(dunes.pki.keys.CertificateRequests.summarize(csr).subject())
        .isEqualTo("CN=vcvco.domain.local,OU=IT,O=Domain,C=US");
  }

  @Test
  void shouldAnswer404ForTheExecutionsOfAnUnknownWorkflow() throws Exception {
    running("127.0.11.206");

    assertThat(call("GET", "/vco/api/workflows/no-such-id/executions", null).statusCode()).isEqualTo(404);
  }

  @Test
  void shouldAnswer503WithTheStateWhileTheServerStarts() throws Exception {
    node = nodes.create("vcvco1", "127.0.11.207", Duration.ofSeconds(30));
    node.powerOn();

    HttpResponse<String> starting = call("GET", "/vco/api/workflows/" + PLUGIN + "/executions", null);

    assertThat(node.state()).isEqualTo(NodeState.STARTING);
    assertThat(starting.statusCode()).isEqualTo(503);
    assertThat(starting.body()).isEqualTo("vCO server on vcvco1 is STARTING, not serving");
  }

  private void running(String address) {
    node = nodes.create("vcvco1", address);
    node.powerOn();
    await().atMost(Duration.ofSeconds(5)).until(node::state, NodeState.RUNNING::equals);
  }

  /** POSTs an execution-context of these parameters; the new execution's href. */
  private String run(String workflowId, String... parameters) throws Exception {
    HttpResponse<String> started = call("POST", "/vco/api/workflows/" + workflowId + "/executions",
        "{\"parameters\":[" + String.join(",", parameters) + "]}");
    assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
    return started.headers().firstValue("Location").orElseThrow();
  }

  private static String string(String name, String value) {
    return "{\"name\":\"" + name + "\",\"type\":\"string\",\"scope\":\"local\",\"value\":{\"string\":{\"value\":\"" + value + "\"}}}";
  }

  private static String attribute(JsonNode link, String name) {
    for (JsonNode attribute : link.path("attributes")) {
      if (attribute.path("name").asText().equals(name)) {
        return attribute.path("value").asText();
      }
    }
    return null;
  }

  private HttpResponse<String> call(String method, String pathAndQuery, String json) throws Exception {
    String basic = Base64.getEncoder().encodeToString(
        ("vcoadmin:vcoadmin").getBytes(StandardCharsets.UTF_8));
    HttpRequest request = HttpRequest.newBuilder(URI.create("https://" + node.address() + ":" + TestNodes.PORTS.server()
            + pathAndQuery))
        .header("Authorization", "Basic " + basic).header("Accept", "application/json")
        .header("Content-Type", "application/json")
        .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json))
        .timeout(Duration.ofSeconds(10)).build();
    HttpClient client = HttpClient.newBuilder()
        .sslContext(TestNodes.trusting(TestNodes.dunesCertificate(node.keystoreFile())))
        .connectTimeout(Duration.ofSeconds(5)).build();
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }
}
