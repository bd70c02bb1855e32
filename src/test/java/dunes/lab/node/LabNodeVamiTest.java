package dunes.lab.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dunes.lab.LabJournal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** VAMI on 5480 through the JDK's TLS client, trusting only VAMI's own certificate. */
class LabNodeVamiTest {

  @TempDir Path dir;
  TestNodes nodes;
  LabNode node;

  @BeforeEach
  void setUp() {
    nodes = new TestNodes(dir);
    node = nodes.create("vcvco1", "127.0.3.50");
    node.powerOn();
  }

  @AfterEach
  void close() {
    nodes.close();
  }

  @Test
  void shouldAnswerTheFreshAppliancesSettings() throws Exception {
    assertThat(call("GET", "/vami/hostname", null, nodes.rootPassword).body())
        .isEqualTo("{\"hostname\":\"vcvco1.lab.local\"}");
    assertThat(call("GET", "/vami/timezone", null, nodes.rootPassword).body())
        .isEqualTo("{\"timezone\":\"Etc/UTC\"}");
    assertThat(call("GET", "/vami/network", null, nodes.rootPassword).body())
        .contains("\"ip\":\"127.0.3.50\"");
  }

  @Test
  void shouldSetHostnameAndTimezoneAsTheFieldGuideDoes() throws Exception {
    HttpResponse<String> hostname = call("PUT", "/vami/hostname", "{\"hostname\":\"vcvco.lab.local\"}", nodes.rootPassword);
    HttpResponse<String> timezone = call("PUT", "/vami/timezone", "{\"timezone\":\"Europe/Berlin\"}", nodes.rootPassword);

    assertThat(hostname.statusCode()).isEqualTo(200);
    assertThat(timezone.statusCode()).isEqualTo(200);
    assertThat(node.identity().hostname()).isEqualTo("vcvco.lab.local");
    assertThat(node.identity().timezone()).isEqualTo("Europe/Berlin");
    assertThat(nodes.journal.entries("node")).extracting(LabJournal.Entry::operation)
        .contains("vami-hostname", "vami-timezone");
  }

  @Test
  void shouldChangeTheNodesNetworkIdentity() throws Exception {
    HttpResponse<String> network = call("PUT", "/vami/network",
        "{\"ip\":\"127.0.3.51\",\"netmask\":\"255.255.255.0\",\"gateway\":\"127.0.3.1\",\"dns\":[\"127.0.3.2\"]}",
        nodes.rootPassword);

    assertThat(network.statusCode()).as(network.body()).isEqualTo(200);
    assertThat(node.identity().network())
        .isEqualTo(new NodeIdentity.Network("127.0.3.51", "255.255.255.0", "127.0.3.1", List.of("127.0.3.2")));
    // the node moves to its new address once the answer is out
    await().atMost(Duration.ofSeconds(5)).until(node::address, "127.0.3.51"::equals);
    assertThat(nodes.journal.entries("node")).filteredOn(e -> e.operation().equals("vami-network"))
        .singleElement().satisfies(e -> assertThat(e.detail()).contains("127.0.3.51"));
  }

  @Test
  void shouldRefuseNetworkWithoutGatewayAsVamiSetNetworkDoes() throws Exception {
    HttpResponse<String> refused = call("PUT", "/vami/network",
        "{\"ip\":\"127.0.3.51\",\"netmask\":\"255.255.255.0\"}", nodes.rootPassword);

    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.body()).contains("gateway");
    assertThat(node.identity().network().ip()).isEqualTo("127.0.3.50");
  }

  @Test
  void shouldRefuseUnknownTimezone() throws Exception {
    HttpResponse<String> refused = call("PUT", "/vami/timezone", "{\"timezone\":\"Mars/Olympus\"}", nodes.rootPassword);

    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(node.identity().timezone()).isEqualTo("Etc/UTC");
  }

  @Test
  void shouldRequireRootPassword() throws Exception {
    HttpResponse<String> denied = call("PUT", "/vami/hostname", "{\"hostname\":\"evil\"}", "wrong");

    assertThat(denied.statusCode()).isEqualTo(401);
    assertThat(node.identity().hostname()).isEqualTo("vcvco1.lab.local");
    assertThat(nodes.journal.entries("node")).extracting(LabJournal.Entry::operation).doesNotContain("vami-hostname");
  }

  private HttpResponse<String> call(String method, String path, String json, String password) throws Exception {
    HttpClient client = HttpClient.newBuilder().sslContext(TestNodes.trusting(node.vamiCertificate()))
        .connectTimeout(Duration.ofSeconds(5)).build();
    String basic = Base64.getEncoder().encodeToString(("root:" + password).getBytes(StandardCharsets.UTF_8));
    HttpRequest request = HttpRequest.newBuilder(URI.create("https://127.0.3.50:" + TestNodes.PORTS.vami() + path))
        .header("Authorization", "Basic " + basic).header("Content-Type", "application/json")
        .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json))
        .timeout(Duration.ofSeconds(10)).build();
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }
}
