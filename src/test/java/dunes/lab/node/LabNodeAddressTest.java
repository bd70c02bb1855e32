package dunes.lab.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dunes.lab.LabJournal;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The node's address is its guest's: vami_set_network over SSH moves it; two nodes on one address conflict. */
class LabNodeAddressTest {

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
  void shouldMoveEveryListenerWhenVamiChangesTheNetworkAndKeepTheServiceRunning() throws Exception {
    LabNode node = runningNode("vcvco1", "127.0.3.60");
    long startsBefore = nodes.journal.count("node", "start");

    OpenSshClient.Result set = setNetwork(node, "127.0.3.60", "127.0.3.61");

    assertThat(set.exitCode()).as(set.err()).isZero();
    assertThat(set.out()).contains("Network parameters successfully changed to requested values");
    await().atMost(Duration.ofSeconds(5)).until(() -> listens("127.0.3.61", TestNodes.PORTS.server()));
    for (int port : allPorts()) {
      assertThat(listens("127.0.3.61", port)).as("port %d at the new address", port).isTrue();
      assertThat(listens("127.0.3.60", port)).as("port %d at the old address", port).isFalse();
    }
    assertThat(node.address()).isEqualTo("127.0.3.61");
    assertThat(node.state()).isEqualTo(NodeState.RUNNING);
    assertThat(nodes.journal.count("node", "start")).isEqualTo(startsBefore);
    assertThat(nodes.journal.entries("node")).extracting(LabJournal.Entry::operation).contains("address-moved");
  }

  @Test
  void shouldStayUpButUnreachableOnATakenAddressAndBindOnceItIsFree() throws Exception {
    LabNode first = runningNode("vcvco1", "127.0.3.62");
    LabNode second = nodes.create("vcvco2", "127.0.3.62");

    second.powerOn();

    assertThat(second.poweredOn()).isTrue();
    assertThat(second.ipConflict()).isTrue();
    assertThat(second.state()).isEqualTo(NodeState.STOPPED);
    assertThat(LabNodeServerTest.readLine("127.0.3.62", TestNodes.PORTS.messaging())).isEqualTo("vcvco1");
    assertThat(second.rebind()).as("still taken").isFalse();
    assertThat(nodes.journal.count("node", "ip-conflict")).isEqualTo(1);

    first.powerOff();

    assertThat(second.rebind()).isTrue();
    assertThat(second.ipConflict()).isFalse();
    assertThat(LabNodeServerTest.readLine("127.0.3.62", TestNodes.PORTS.messaging())).isEqualTo("vcvco2");
    assertThat(nodes.journal.entries("node")).filteredOn(e -> e.target().equals("vcvco2"))
        .extracting(LabJournal.Entry::operation).containsSubsequence("power-on", "ip-conflict", "ip-conflict-cleared", "start");
  }

  /** vami_set_network through OpenSSH's client, the host key pinned, as an operator runs it. */
  private OpenSshClient.Result setNetwork(LabNode node, String address, String newIp) throws Exception {
    OpenSshClient ssh = new OpenSshClient(Files.createTempDirectory(dir, "ssh"), node.sshKnownHostsLine(), nodes.rootPassword);
    return ssh.ssh(address, TestNodes.PORTS.ssh(),
        "/opt/vmware/share/vami/vami_set_network eth0 STATICV4 " + newIp + " 255.255.255.0 127.0.3.1");
  }

  private LabNode runningNode(String name, String address) {
    LabNode node = nodes.create(name, address);
    node.powerOn();
    await().atMost(Duration.ofSeconds(5)).until(node::state, NodeState.RUNNING::equals);
    return node;
  }

  private static List<Integer> allPorts() {
    LabNode.Ports p = TestNodes.PORTS;
    return List.of(p.server(), p.messaging(), p.messagingSecure(), p.vami(), p.ssh());
  }

  private static boolean listens(String address, int port) throws Exception {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(address, port), 2000);
      return true;
    } catch (ConnectException e) {
      return false;
    }
  }
}
