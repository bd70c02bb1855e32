package dunes.lab.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dunes.lab.LabJournal;
import dunes.lab.node.LabVcoDatabase.ClusterSettings;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The VM's power and the vco-server service: STOPPED, STARTING, RUNNING, STANDBY. */
class LabNodeStateTest {

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
  void shouldStayStoppedUntilPoweredOnThenPassThroughStartingToRunning() {
    LabNode node = nodes.create("vcvco1", "127.0.3.10", Duration.ofMillis(300));
    assertThat(node.state()).isEqualTo(NodeState.STOPPED);
    assertThat(node.poweredOn()).isFalse();

    node.powerOn();

    assertThat(node.state()).isEqualTo(NodeState.STARTING);
    await().atMost(Duration.ofSeconds(5)).until(node::state, NodeState.RUNNING::equals);
    assertThat(operations(nodes.journal, "vcvco1")).containsExactly("power-on", "start", "keystore-reload");
  }

  @Test
  void shouldStopStartAndRestartTheService() {
    LabNode node = runningNode("vcvco1", "127.0.3.11");

    node.stopService();
    assertThat(node.state()).isEqualTo(NodeState.STOPPED);
    node.startService();
    assertThat(node.state()).isEqualTo(NodeState.STARTING);
    await().atMost(Duration.ofSeconds(5)).until(node::state, NodeState.RUNNING::equals);
    node.restartService();
    assertThat(node.state()).isEqualTo(NodeState.STARTING);
    await().atMost(Duration.ofSeconds(5)).until(node::state, NodeState.RUNNING::equals);

    assertThat(operations(nodes.journal, "vcvco1")).containsExactly("power-on", "start", "keystore-reload",
        "stop", "start", "keystore-reload", "restart", "keystore-reload");
  }

  @Test
  void shouldRefuseServiceCommandsWhilePoweredOffAndStopOnPowerOff() {
    LabNode node = runningNode("vcvco1", "127.0.3.12");

    node.powerOff();

    assertThat(node.state()).isEqualTo(NodeState.STOPPED);
    assertThatThrownBy(node::restartService).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("powered off");
    assertThat(operations(nodes.journal, "vcvco1")).endsWith("power-off");
  }

  @Test
  void shouldPutSecondNodeInStandbyWhenOneActiveNodeIsConfigured() {
    nodes.database.configure(ClusterSettings.cluster(1, HEARTBEAT, 4));
    LabNode first = runningNode("vcvco1", "127.0.3.13");
    LabNode second = nodes.create("vcvco2", "127.0.3.14");

    second.powerOn();

    await().atMost(Duration.ofSeconds(5)).until(second::state, NodeState.STANDBY::equals);
    assertThat(first.state()).isEqualTo(NodeState.RUNNING);
    assertThat(nodes.database.activeNodes()).containsExactly("vcvco1");
  }

  @Test
  void shouldRunBothNodesWhenTwoActiveNodesAreConfigured() {
    nodes.database.configure(ClusterSettings.cluster(2, HEARTBEAT, 4));
    LabNode first = runningNode("vcvco1", "127.0.3.15");
    LabNode second = runningNode("vcvco2", "127.0.3.16");

    assertThat(first.state()).isEqualTo(NodeState.RUNNING);
    assertThat(second.state()).isEqualTo(NodeState.RUNNING);
    assertThat(nodes.database.activeNodes()).containsExactly("vcvco1", "vcvco2");
  }

  @Test
  void shouldFailOverToStandbyNodeWhenActiveNodeLosesPower() {
    nodes.database.configure(ClusterSettings.cluster(1, HEARTBEAT, 4));
    LabNode first = runningNode("vcvco1", "127.0.3.17");
    LabNode second = nodes.create("vcvco2", "127.0.3.18");
    second.powerOn();
    await().atMost(Duration.ofSeconds(5)).until(second::state, NodeState.STANDBY::equals);

    long lostPower = System.nanoTime();
    first.powerOff();

    await().atMost(Duration.ofSeconds(5)).until(second::state, NodeState.RUNNING::equals);
    // the silent node keeps its place for heartbeat interval × failover heartbeats
    assertThat(Duration.ofNanos(System.nanoTime() - lostPower)).isGreaterThanOrEqualTo(HEARTBEAT.multipliedBy(4));
    assertThat(nodes.database.activeNodes()).containsExactly("vcvco2");
  }

  @Test
  void shouldHandStandbyTheActivePlaceAtOnceOnCleanStop() {
    nodes.database.configure(ClusterSettings.cluster(1, HEARTBEAT, 1000));
    LabNode first = runningNode("vcvco1", "127.0.3.19");
    LabNode second = nodes.create("vcvco2", "127.0.3.20");
    second.powerOn();
    await().atMost(Duration.ofSeconds(5)).until(second::state, NodeState.STANDBY::equals);

    first.stopService();

    // a failover timeout of 50 s would outlast this wait: the place was given up, not timed out
    await().atMost(Duration.ofSeconds(5)).until(second::state, NodeState.RUNNING::equals);
  }

  @Test
  void shouldPromoteStandbyNodeWhenActiveNodesAreRaised() {
    nodes.database.configure(ClusterSettings.cluster(1, HEARTBEAT, 4));
    LabNode first = runningNode("vcvco1", "127.0.3.24");
    LabNode second = nodes.create("vcvco2", "127.0.3.25");
    second.powerOn();
    await().atMost(Duration.ofSeconds(5)).until(second::state, NodeState.STANDBY::equals);

    nodes.database.configure(ClusterSettings.cluster(2, HEARTBEAT, 4));

    await().atMost(Duration.ofSeconds(5)).until(second::state, NodeState.RUNNING::equals);
    assertThat(first.state()).isEqualTo(NodeState.RUNNING);
  }

  @Test
  void shouldRunEveryNodeWithoutClusterMode() {
    LabNode first = runningNode("vcvco1", "127.0.3.21");
    LabNode second = runningNode("vcvco2", "127.0.3.22");

    assertThat(List.of(first.state(), second.state())).containsOnly(NodeState.RUNNING);
  }

  @Test
  void shouldFailToStartWithBrokenKeystoreAndStayStopped() throws Exception {
    LabNode node = runningNode("vcvco1", "127.0.3.23");
    Files.write(node.keystoreFile(), new byte[] {1, 2, 3});

    assertThatThrownBy(node::restartService).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("jssecacerts");

    assertThat(node.state()).isEqualTo(NodeState.STOPPED);
    assertThat(operations(nodes.journal, "vcvco1")).endsWith("restart", "start-failed");
  }

  @Test
  void shouldBootWithServiceStoppedWhenKeystoreIsBroken() throws Exception {
    LabNode node = nodes.create("vcvco1", "127.0.3.26");
    Files.write(node.keystoreFile(), new byte[] {1, 2, 3});

    node.powerOn();

    assertThat(node.poweredOn()).isTrue();
    assertThat(node.state()).isEqualTo(NodeState.STOPPED);
    try (Socket ssh = new Socket("127.0.3.26", TestNodes.PORTS.ssh())) {
      assertThat(ssh.isConnected()).as("sshd answers, so the keystore can be mended").isTrue();
    }
    assertThat(operations(nodes.journal, "vcvco1")).containsExactly("power-on", "start", "start-failed");
  }

  private LabNode runningNode(String name, String address) {
    LabNode node = nodes.create(name, address);
    node.powerOn();
    await().atMost(Duration.ofSeconds(5)).until(node::state, NodeState.RUNNING::equals);
    return node;
  }

  static List<String> operations(LabJournal journal, String node) {
    return journal.entries("node").stream().filter(e -> e.target().equals(node))
        .map(LabJournal.Entry::operation).toList();
  }
}
