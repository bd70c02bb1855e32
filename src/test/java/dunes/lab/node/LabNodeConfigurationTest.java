package dunes.lab.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dunes.lab.LabJournal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Configuration plug-in workflows run through the vCO REST API on 8281. */
class LabNodeConfigurationTest {

  static final ObjectMapper JSON = new ObjectMapper();
  static final String SSO_ID = "9ff67fbc-411c-47c7-af80-c81b1215b516";

  @TempDir Path dir;
  TestNodes nodes;
  LabNode node;

  @BeforeEach
  void setUp() {
    nodes = new TestNodes(dir);
    node = nodes.create("vcvco1", "127.0.3.60");
    node.powerOn();
    await().atMost(Duration.ofSeconds(5)).until(node::state, NodeState.RUNNING::equals);
  }

  @AfterEach
  void close() {
    nodes.close();
  }

  @Test
  void shouldFindConfigureSsoByName() throws Exception {
    HttpResponse<String> found = call("GET",
        "/vco/api/workflows?conditions=" + URLEncoder.encode("name=Configure SSO", StandardCharsets.UTF_8), null);

    assertThat(found.statusCode()).isEqualTo(200);
    JsonNode body = JSON.readTree(found.body());
    assertThat(body.path("total").asInt()).isEqualTo(1);
    assertThat(body.path("link").get(0).path("attributes").findValuesAsText("value")).contains(SSO_ID);
    assertThat(body.path("link").get(0).path("href").asText())
        .isEqualTo("https://127.0.3.60:" + TestNodes.PORTS.server() + "/vco/api/workflows/" + SSO_ID + "/");
  }

  @Test
  void shouldRunConfigureSsoAndRecordInputsWithoutThePassword() throws Exception {
    String context = """
        {"parameters":[
          {"name":"ssoHost","type":"string","scope":"local","value":{"string":{"value":"sso.lab.local"}}},
          {"name":"ssoPort","type":"number","scope":"local","value":{"number":{"value":7444}}},
          {"name":"ssoAdminUser","type":"string","scope":"local","value":{"string":{"value":"administrator@vsphere.local"}}},
          {"name":"vcoAdminGroup","type":"string","scope":"local","value":{"string":{"value":"vsphere.local\\\\vCO Admins"}}},
          {"name":"ssoAdminPassword","type":"SecureString","scope":"local","value":{"SecureString":{"value":"%s"}}}
        ]}""".formatted(nodes.ssoAdminPassword);

    HttpResponse<String> started = call("POST", "/vco/api/workflows/" + SSO_ID + "/executions", context);

    assertThat(started.statusCode()).isEqualTo(202);
    String location = started.headers().firstValue("Location").orElseThrow();
    // registered with SSO: from now on the REST API takes the vCO admin group's SSO accounts only
    HttpResponse<String> state = call("GET", URI.create(location).getPath() + "state", null,
        "administrator@vsphere.local", nodes.ssoAdminPassword);
    assertThat(JSON.readTree(state.body()).path("value").asText()).isEqualTo("completed");
    assertThat(node.configurationInputs().get("Configure SSO"))
        .containsEntry("ssoHost", "sso.lab.local").containsEntry("ssoPort", "7444")
        .containsEntry("ssoAdminPassword", "****");
    assertThat(nodes.journal.entries()).extracting(LabJournal.Entry::detail)
        .noneMatch(detail -> detail.contains(nodes.ssoAdminPassword))
        .anyMatch(detail -> detail.startsWith("Configure SSO"));
  }

  @Test
  void shouldApplyClusterSettingsToTheSharedDatabase() throws Exception {
    String context = """
        {"parameters":[
          {"name":"clusterMode","type":"boolean","value":{"boolean":{"value":true}}},
          {"name":"activeNodes","type":"number","value":{"number":{"value":2}}},
          {"name":"heartbeatInterval","type":"number","value":{"number":{"value":5000}}},
          {"name":"failoverHeartbeats","type":"number","value":{"number":{"value":12}}}
        ]}""";

    HttpResponse<String> started = call("POST", "/vco/api/workflows/dunes-lab-configure-cluster/executions", context);

    assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
    assertThat(nodes.database.settings())
        .isEqualTo(LabVcoDatabase.ClusterSettings.cluster(2, Duration.ofSeconds(5), 12));
  }

  @Test
  void shouldRefuseClusterSettingsWithMissingInput() throws Exception {
    HttpResponse<String> refused = call("POST", "/vco/api/workflows/dunes-lab-configure-cluster/executions",
        "{\"parameters\":[{\"name\":\"clusterMode\",\"type\":\"boolean\",\"value\":{\"boolean\":{\"value\":true}}}]}");

    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(nodes.database.settings()).isEqualTo(LabVcoDatabase.ClusterSettings.STANDALONE);
  }

  @Test
  void shouldRequireTheConfigurationLoginAndStillNameTheNode() throws Exception {
    HttpRequest request = HttpRequest.newBuilder(uri("/vco/api/workflows?conditions=name%3DConfigure%20SSO")).build();

    HttpResponse<String> denied = client().send(request, HttpResponse.BodyHandlers.ofString());

    assertThat(denied.statusCode()).isEqualTo(401);
    assertThat(denied.headers().firstValue("X-Lab-Node")).hasValue("vcvco1");
  }

  @Test
  void shouldAnswer404ForUnknownWorkflow() throws Exception {
    assertThat(call("POST", "/vco/api/workflows/no-such-id/executions", "{\"parameters\":[]}").statusCode())
        .isEqualTo(404);
  }

  @Test
  void shouldRefuseTheConfiguratorsLoginOnTheRestApi() throws Exception {
    String workflows = "/vco/api/workflows?conditions=" + URLEncoder.encode("name=Configure SSO", StandardCharsets.UTF_8);

    assertThat(call("GET", workflows, null, "vmware", nodes.configPassword).statusCode()).isEqualTo(401);
    assertThat(call("GET", "/vco/api/about", null, "vmware", nodes.configPassword).statusCode()).isEqualTo(401);
    assertThat(call("GET", workflows, null, "vcoadmin", "vcoadmin").statusCode()).isEqualTo(200);
    assertThat(call("GET", workflows, null, "administrator@vsphere.local", nodes.ssoAdminPassword).statusCode())
        .as("no SSO account before \"Configure SSO\"").isEqualTo(401);
  }

  @Test
  void shouldTakeOnlyTheSsoAdminGroupOnceConfigureSsoSucceeded() throws Exception {
    String workflows = "/vco/api/workflows?conditions=" + URLEncoder.encode("name=Configure SSO", StandardCharsets.UTF_8);
    HttpResponse<String> wrongGroup = call("POST", "/vco/api/workflows/" + SSO_ID + "/executions",
        ssoContext("vsphere.local\\\\Nobody"));
    assertThat(state(wrongGroup)).isEqualTo("failed");
    assertThat(call("GET", workflows, null, "vcoadmin", "vcoadmin").statusCode()).as("still LDAP").isEqualTo(200);

    HttpResponse<String> registered = call("POST", "/vco/api/workflows/" + SSO_ID + "/executions",
        ssoContext("vsphere.local\\\\vCO Admins"));

    assertThat(call("GET", registered.headers().firstValue("Location").map(l -> URI.create(l).getPath() + "state")
        .orElseThrow(), null, "administrator@vsphere.local", nodes.ssoAdminPassword).body()).contains("completed");
    assertThat(call("GET", workflows, null, "vcoadmin", "vcoadmin").statusCode()).as("LDAP no more").isEqualTo(401);
    assertThat(call("GET", workflows, null, "vmware", nodes.configPassword).statusCode()).isEqualTo(401);
    assertThat(call("GET", workflows, null, "administrator@vsphere.local", "wrong").statusCode()).isEqualTo(401);
    assertThat(call("GET", workflows, null, "ADMINISTRATOR@vsphere.local", nodes.ssoAdminPassword).statusCode())
        .isEqualTo(200);
  }

  private String ssoContext(String group) {
    return """
        {"parameters":[
          {"name":"ssoAdminUser","type":"string","scope":"local","value":{"string":{"value":"administrator@vsphere.local"}}},
          {"name":"vcoAdminGroup","type":"string","scope":"local","value":{"string":{"value":"%s"}}},
          {"name":"ssoAdminPassword","type":"SecureString","scope":"local","value":{"SecureString":{"value":"%s"}}}
        ]}""".formatted(group, nodes.ssoAdminPassword);
  }

  private String state(HttpResponse<String> started) throws Exception {
    String location = started.headers().firstValue("Location").orElseThrow();
    return JSON.readTree(call("GET", URI.create(location).getPath() + "state", null).body()).path("value").asText();
  }

  private HttpResponse<String> call(String method, String pathAndQuery, String json) throws Exception {
    return call(method, pathAndQuery, json, "vcoadmin", "vcoadmin");
  }

  private HttpResponse<String> call(String method, String pathAndQuery, String json, String user, String password)
      throws Exception {
    String basic = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    HttpRequest request = HttpRequest.newBuilder(uri(pathAndQuery))
        .header("Authorization", "Basic " + basic).header("Accept", "application/json")
        .header("Content-Type", "application/json")
        .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json))
        .timeout(Duration.ofSeconds(10)).build();
    return client().send(request, HttpResponse.BodyHandlers.ofString());
  }

  private HttpClient client() throws Exception {
    return HttpClient.newBuilder().sslContext(TestNodes.trusting(TestNodes.dunesCertificate(node.keystoreFile())))
        .connectTimeout(Duration.ofSeconds(5)).build();
  }

  private static URI uri(String pathAndQuery) {
    return URI.create("https://127.0.3.60:" + TestNodes.PORTS.server() + pathAndQuery);
  }
}
