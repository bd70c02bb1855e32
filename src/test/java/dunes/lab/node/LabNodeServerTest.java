package dunes.lab.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dunes.lab.LabFaults;
import dunes.lab.node.LabVcoDatabase.ClusterSettings;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 8281 through the JDK's TLS client, trusting only the certificate read from the node's
 * jssecacerts; 8286 and 8287 through plain sockets; and a powered-off node answering on no port.
 */
class LabNodeServerTest {

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
  void shouldServeVcoWithTheKeystoreCertificateAndNameTheNode() throws Exception {
    LabNode node = runningNode("vcvco1", "127.0.3.30");

    HttpResponse<String> page = get(node, "/vco");
    HttpResponse<String> about = get(node, "/vco/api/about");

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("VMware vCenter Orchestrator");
    assertThat(page.headers().firstValue("X-Lab-Node")).hasValue("vcvco1");
    assertThat(about.statusCode()).isEqualTo(200);
    assertThat(about.body()).contains("\"version\"");
    assertThat(node.servedCertificate()).hasValue(TestNodes.dunesCertificate(node.keystoreFile()));
  }

  @Test
  void shouldAnswer503WhileStarting() throws Exception {
    LabNode node = nodes.create("vcvco1", "127.0.3.31", Duration.ofMinutes(5));
    node.powerOn();

    HttpResponse<String> page = get(node, "/vco");

    assertThat(node.state()).isEqualTo(NodeState.STARTING);
    assertThat(page.statusCode()).isEqualTo(503);
    assertThat(page.headers().firstValue("X-Lab-Node")).hasValue("vcvco1");
  }

  @Test
  void shouldAnswer503OnStandbyNode() throws Exception {
    nodes.database.configure(ClusterSettings.cluster(1, Duration.ofMillis(50), 4));
    LabNode first = runningNode("vcvco1", "127.0.3.32");
    LabNode second = nodes.create("vcvco2", "127.0.3.33");
    second.powerOn();
    await().atMost(Duration.ofSeconds(5)).until(second::state, NodeState.STANDBY::equals);

    assertThat(get(second, "/vco").statusCode()).isEqualTo(503);
    assertThat(get(second, "/vco").headers().firstValue("X-Lab-Node")).hasValue("vcvco2");
    assertThat(get(first, "/vco").statusCode()).isEqualTo(200);
  }

  @Test
  void shouldApplyInjectedFaultsAndStillNameTheNode() throws Exception {
    LabNode node = runningNode("vcvco1", "127.0.3.34");
    nodes.faults.inject("node:vcvco1:server", LabFaults.Kind.HTTP_500, 1);

    HttpResponse<String> failed = get(node, "/vco");
    HttpResponse<String> next = get(node, "/vco");

    assertThat(failed.statusCode()).isEqualTo(500);
    assertThat(failed.headers().firstValue("X-Lab-Node")).hasValue("vcvco1");
    assertThat(next.statusCode()).isEqualTo(200);
  }

  @Test
  void shouldWriteTheNodeNameOnBothTcpPorts() throws Exception {
    LabNode node = runningNode("vcvco1", "127.0.3.35");

    assertThat(readLine("127.0.3.35", TestNodes.PORTS.messaging())).isEqualTo("vcvco1");
    assertThat(readLine("127.0.3.35", TestNodes.PORTS.messagingSecure())).isEqualTo("vcvco1");
    assertThat(node.state()).isEqualTo(NodeState.RUNNING);
  }

  @Test
  void shouldRefuseConnectionsOnEveryPortWhenPoweredOff() throws Exception {
    LabNode node = runningNode("vcvco1", "127.0.3.36");
    assertThat(readLine("127.0.3.36", TestNodes.PORTS.messaging())).isEqualTo("vcvco1");

    node.powerOff();

    LabNode.Ports ports = TestNodes.PORTS;
    for (int port : new int[] {ports.server(), ports.messaging(), ports.messagingSecure(), ports.vami(), ports.ssh()}) {
      assertThatThrownBy(() -> new Socket().connect(new InetSocketAddress("127.0.3.36", port), 2000))
          .as("port %d", port).isInstanceOf(ConnectException.class);
    }
  }

  @Test
  void shouldCloseServicePortsButKeepSshWhenServiceIsStopped() throws Exception {
    LabNode node = runningNode("vcvco1", "127.0.3.37");

    node.stopService();

    assertThatThrownBy(() -> new Socket().connect(new InetSocketAddress("127.0.3.37", TestNodes.PORTS.server()), 2000))
        .isInstanceOf(ConnectException.class);
    try (Socket ssh = new Socket()) {
      ssh.connect(new InetSocketAddress("127.0.3.37", TestNodes.PORTS.ssh()), 2000);
      assertThat(ssh.isConnected()).isTrue();
    }
  }

  private LabNode runningNode(String name, String address) {
    LabNode node = nodes.create(name, address);
    node.powerOn();
    await().atMost(Duration.ofSeconds(5)).until(node::state, NodeState.RUNNING::equals);
    return node;
  }

  /** A fresh client per call: a restart closes the connections a pooled client would reuse. */
  static HttpResponse<String> get(LabNode node, String path) throws Exception {
    SSLContext tls = TestNodes.trusting(TestNodes.dunesCertificate(node.keystoreFile()));
    HttpClient client = HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(5)).build();
    URI uri = URI.create("https://" + node.settings().address() + ":" + node.settings().ports().server() + path);
    String vcoadmin = java.util.Base64.getEncoder().encodeToString("vcoadmin:vcoadmin".getBytes(
        java.nio.charset.StandardCharsets.UTF_8)); // the embedded LDAP's administrator, as shipped
    return client.send(HttpRequest.newBuilder(uri).header("Authorization", "Basic " + vcoadmin)
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }

  static String readLine(String address, int port) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(address, port), 2000);
      socket.setSoTimeout(5000);
      InputStream in = socket.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
    }
  }
}
