package dunes.lab.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
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

/**
 * 5480 through the JDK's TLS client, trusting only the web server's own certificate: there is no
 * JSON {@code /vami} API on a 5.x appliance, so the lab answers it 404 with an HTML page and
 * changes nothing (the identity is set with the in-guest commands, NodeCommandsTest).
 */
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
  void shouldAnswerTheJsonVamiPathsWith404Html() throws Exception {
    for (String setting : new String[] {"hostname", "timezone", "network"}) {
      HttpResponse<String> read = call("GET", "/vami/" + setting, null);

      assertThat(read.statusCode()).as(setting).isEqualTo(404);
      assertThat(read.headers().firstValue("Content-Type")).hasValue("text/html");
      assertThat(read.body()).contains("<html").contains("404 - Not Found").doesNotContain("{");
    }
  }

  @Test
  void shouldChangeNothingOnAJsonPut() throws Exception {
    NodeIdentity before = node.identity();

    HttpResponse<String> hostname = call("PUT", "/vami/hostname", "{\"hostname\":\"vcvco.lab.local\"}");
    HttpResponse<String> network = call("PUT", "/vami/network",
        "{\"ip\":\"127.0.3.51\",\"netmask\":\"255.255.255.0\",\"gateway\":\"127.0.3.1\",\"dns\":[]}");

    assertThat(hostname.statusCode()).isEqualTo(404);
    assertThat(network.statusCode()).isEqualTo(404);
    assertThat(hostname.body()).contains("<html");
    assertThat(node.identity()).isEqualTo(before);
    assertThat(node.address()).isEqualTo("127.0.3.50");
    assertThat(nodes.journal.entries("node")).extracting(e -> e.operation())
        .noneMatch(operation -> operation.startsWith("vami") || operation.equals("address-moved"));
    assertThat(java.nio.file.Files.readString(node.file("/etc/HOSTNAME"))).isEqualTo("vcvco1.lab.local\n");
  }

  private HttpResponse<String> call(String method, String path, String json) throws Exception {
    HttpClient client = HttpClient.newBuilder().sslContext(TestNodes.trusting(node.vamiCertificate()))
        .connectTimeout(Duration.ofSeconds(5)).build();
    String basic = Base64.getEncoder().encodeToString(("root:" + nodes.rootPassword).getBytes(StandardCharsets.UTF_8));
    HttpRequest request = HttpRequest.newBuilder(URI.create("https://127.0.3.50:" + TestNodes.PORTS.vami() + path))
        .header("Authorization", "Basic " + basic).header("Content-Type", "application/json")
        .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json))
        .timeout(Duration.ofSeconds(10)).build();
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }
}
