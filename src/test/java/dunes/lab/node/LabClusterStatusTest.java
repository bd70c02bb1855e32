package dunes.lab.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dunes.lab.node.LabVcoDatabase.ClusterSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "Get cluster status" (the Server Availability area's node list, *unverified*) through the REST API
 * of a running node, with the cluster's membership changing underneath (127.0.21.1–.19, the ports
 * of {@link TestNodes}).
 */
class LabClusterStatusTest {

  static final ObjectMapper JSON = new ObjectMapper();
  static final String STATUS = "dunes-lab-cluster-status";
  static final Duration HEARTBEAT = Duration.ofMillis(50);

  @TempDir Path dir;
  TestNodes nodes;

  @BeforeEach
  void setUp() {
    nodes = new TestNodes(dir);
  }

  @AfterEach
  void close() {
    nodes.close();
  }

  @Test
  void shouldListTheActiveAndTheStandbyNodeWithTheSettings() throws Exception {
    nodes.database.configure(ClusterSettings.cluster(1, HEARTBEAT, 40));
    LabNode first = started("vcvco1", "127.0.21.1", NodeState.RUNNING);
    started("vcvco2", "127.0.21.2", NodeState.STANDBY);

    Map<String, String> outputs = status(first);

    assertThat(outputs).containsExactlyInAnyOrderEntriesOf(Map.of("clusterMode", "true", "activeNodes", "1",
        "heartbeatInterval", "50", "failoverHeartbeats", "40", "nodes", "vcvco1=RUNNING,vcvco2=STANDBY"));
    assertThat(nodes.journal.entries("node")).anyMatch(e -> e.operation().equals("workflow-run")
        && e.detail().equals("Get cluster status {}"));
  }

  @Test
  void shouldShowTheSettingsOfAConfigureClusterRunAndEveryNodeRunningWithoutAWait() throws Exception {
    LabNode first = started("vcvco1", "127.0.21.3", NodeState.RUNNING);
    started("vcvco2", "127.0.21.4", NodeState.RUNNING);
    assertThat(status(first)).containsEntry("clusterMode", "false").containsEntry("activeNodes", "1")
        .containsEntry("heartbeatInterval", "5000").containsEntry("failoverHeartbeats", "12");

    run(first, "dunes-lab-configure-cluster", "{\"name\":\"clusterMode\",\"type\":\"boolean\",\"value\":{\"boolean\":"
        + "{\"value\":true}}},{\"name\":\"activeNodes\",\"type\":\"number\",\"value\":{\"number\":{\"value\":2}}},"
        + "{\"name\":\"heartbeatInterval\",\"type\":\"number\",\"value\":{\"number\":{\"value\":5000}}},"
        + "{\"name\":\"failoverHeartbeats\",\"type\":\"number\",\"value\":{\"number\":{\"value\":12}}}");

    assertThat(status(first)).containsEntry("clusterMode", "true").containsEntry("activeNodes", "2")
        .containsEntry("nodes", "vcvco1=RUNNING,vcvco2=RUNNING");
  }

  @Test
  void shouldDropACleanlyStoppedNodeAtOnceAndAPoweredOffOneAfterTheFailoverTimeout() throws Exception {
    nodes.database.configure(ClusterSettings.cluster(1, HEARTBEAT, 10));
    LabNode first = started("vcvco1", "127.0.21.5", NodeState.RUNNING);
    LabNode second = started("vcvco2", "127.0.21.6", NodeState.STANDBY);
    LabNode third = started("vcvco3", "127.0.21.7", NodeState.STANDBY);

    third.stopService();
    assertThat(status(first)).containsEntry("nodes", "vcvco1=RUNNING,vcvco2=STANDBY");

    second.powerOff();
    // silent, it stays listed until heartbeat interval × failover heartbeats have passed
    await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
        .until(() -> status(first).get("nodes"), "vcvco1=RUNNING"::equals);
  }

  private LabNode started(String name, String address, NodeState expected) {
    LabNode node = nodes.create(name, address);
    node.powerOn();
    await().atMost(Duration.ofSeconds(5)).until(node::state, expected::equals);
    return node;
  }

  /** Runs "Get cluster status" on {@code node} (it completes at once) and reads its output parameters. */
  private Map<String, String> status(LabNode node) throws Exception {
    String href = run(node, STATUS, "");
    JsonNode execution = JSON.readTree(call(node, "GET", URI.create(href).getPath(), null).body());
    assertThat(execution.path("state").asText()).isEqualTo("completed");
    Map<String, String> outputs = new LinkedHashMap<>();
    for (JsonNode output : execution.path("output-parameters")) {
      assertThat(output.path("type").asText()).isEqualTo("string");
      outputs.put(output.path("name").asText(), output.path("value").path("string").path("value").asText());
    }
    return outputs;
  }

  private String run(LabNode node, String workflowId, String parameters) throws Exception {
    HttpResponse<String> started = call(node, "POST", "/vco/api/workflows/" + workflowId + "/executions",
        "{\"parameters\":[" + parameters + "]}");
    assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
    return started.headers().firstValue("Location").orElseThrow();
  }

  private static HttpResponse<String> call(LabNode node, String method, String path, String json) throws Exception {
    String basic = Base64.getEncoder().encodeToString(
        ("vcoadmin:vcoadmin").getBytes(StandardCharsets.UTF_8));
    HttpRequest request = HttpRequest.newBuilder(URI.create("https://" + node.address() + ":"
            + TestNodes.PORTS.server() + path))
        .header("Authorization", "Basic " + basic).header("Content-Type", "application/json")
        .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json))
        .timeout(Duration.ofSeconds(10)).build();
    HttpClient client = HttpClient.newBuilder()
        .sslContext(TestNodes.trusting(TestNodes.dunesCertificate(node.keystoreFile())))
        .connectTimeout(Duration.ofSeconds(5)).build();
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }
}
