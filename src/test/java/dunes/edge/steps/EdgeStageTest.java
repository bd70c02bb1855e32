package dunes.edge.steps;

import static dunes.edge.steps.EdgeStage.NODE1;
import static dunes.edge.steps.EdgeStage.NODE2;
import static dunes.edge.steps.EdgeStage.VIP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dunes.edge.EdgeOwners;
import dunes.edge.EdgeUnavailableException;
import dunes.edge.LoadBalancedPorts;
import dunes.edge.xml.LoadBalancer;
import dunes.edge.xml.Member;
import dunes.edge.xml.Pool;
import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The edge stage converges: run once or twice, after a retry or over an older pool, one of each per port. */
class EdgeStageTest {

  EdgeStage stage;

  @BeforeEach
  void start() {
    stage = new EdgeStage();
  }

  @AfterEach
  void stop() {
    stage.close();
  }

  @Test
  void shouldMakeOnePoolAndOneVirtualServerPerPortEvenWhenEveryStepRunsTwice() {
    stage.runStage(2);
    stage.runStage();

    assertThat(stage.lab.count("update-vnic")).isEqualTo(1);
    assertThat(stage.lab.count("put-config")).as("enable, once").isEqualTo(1);
    assertThat(stage.lab.count("add-pool")).isEqualTo(3);
    assertThat(stage.lab.count("add-virtual-server")).isEqualTo(3);
    assertThat(stage.lab.count("update-pool")).isZero();
    assertThat(stage.lab.count("update-virtual-server")).isZero();
    assertThat(stage.lab.journal.entries("edge")).extracting(e -> e.operation()).filteredOn(o -> !o.equals("publish"))
        .containsExactly("update-vnic", "put-config", "add-pool", "add-pool", "add-pool",
            "add-virtual-server", "add-virtual-server", "add-virtual-server");
    LoadBalancer config = stage.client.config(stage.target());
    assertThat(config.isEnabled()).isTrue();
    assertThat(config.pools).extracting(p -> p.name).containsExactly("vcvco-8281", "vcvco-8286", "vcvco-8287");
    assertThat(config.virtualServers).extracting(v -> v.name)
        .containsExactly("vcvco-8281-vip", "vcvco-8286-vip", "vcvco-8287-vip");
    assertThat(stage.lab.edge.listening()).containsExactlyInAnyOrder(VIP + ":8281", VIP + ":8286", VIP + ":8287");
    assertThat(stage.variables).containsEntry(EdgeVariables.PUBLISHED, true)
        .containsEntry(EdgeVariables.POOL_ID, "pool-3").containsEntry(EdgeVariables.VIRTUAL_SERVER_ID, "virtualServer-3");
    assertThat(stage.client.vnicXml(stage.target(), 0)).containsOnlyOnce("<ipAddress>" + VIP + "</ipAddress>");
  }

  @Test
  void shouldForwardConnectionsToTheVirtualIpToTheNodes() {
    try (TcpMember first = new TcpMember("vcvco1", NODE1, 8286);
        TcpMember second = new TcpMember("vcvco2", NODE2, 8286)) {
      stage.runStage();

      List<String> answers = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        answers.add(TcpMember.ask(VIP, 8286));
      }

      assertThat(answers).containsExactly("vcvco1", "vcvco2", "vcvco1", "vcvco2");
    }
  }

  @Test
  void shouldUpdateTheBuildsOwnOlderPoolOfTheSameNameInsteadOfAddingOne() {
    // the build's own pool (its mark), as an earlier attempt cut short after its POST left it
    Pool older = LoadBalancedPorts.pool(stage.spec, LoadBalancedPorts.of(stage.spec, 8286));
    older.members.remove(1);
    older.members.get(0).ipAddress = "127.0.20.99";
    String olderId = stage.client.addPool(stage.target(), older);

    stage.run(stage.pool, 8286);

    assertThat(stage.variables).containsEntry(EdgeVariables.POOL_ID, olderId);
    assertThat(stage.lab.count("add-pool")).as("only the test's own").isEqualTo(1);
    assertThat(stage.lab.count("update-pool")).isEqualTo(1);
    assertThat(stage.client.pools(stage.target())).singleElement().satisfies(p -> {
      assertThat(p.id).isEqualTo(olderId);
      assertThat(p.members).extracting(m -> m.ipAddress).containsExactly(NODE1, NODE2);
    });
  }

  @Test
  void shouldKeepTheFirstSnapshotWhenRetriedAfterChanges() {
    stage.run(stage.snapshot);
    Object config = stage.variables.get(EdgeVariables.SNAPSHOT_CONFIG);
    Object vnic = stage.variables.get(EdgeVariables.SNAPSHOT_VNIC);
    stage.run(stage.addVirtualIp);
    stage.run(stage.enable);

    stage.run(stage.snapshot);

    assertThat(stage.variables.get(EdgeVariables.SNAPSHOT_CONFIG)).isSameAs(config);
    assertThat(stage.variables.get(EdgeVariables.SNAPSHOT_VNIC)).isSameAs(vnic);
    assertThat((String) config).contains("<enabled>false</enabled>");
    assertThat((String) vnic).contains("<primaryAddress>127.0.0.1</primaryAddress>").doesNotContain(VIP);
  }

  @Test
  void shouldRestoreTheConfigurationExactlyAndTakeTheVirtualIpOffTheVnic() {
    String operatorsPool = "legacy";
    Pool legacy = LoadBalancedPorts.pool(stage.spec, LoadBalancedPorts.of(stage.spec, 8287));
    legacy.name = operatorsPool;
    legacy.description = null; // an operator's, made by hand
    stage.client.addPool(stage.target(), legacy);
    String vnicBefore = stage.client.vnicXml(stage.target(), 0);
    stage.runStage();
    String snapshot = (String) stage.variables.get(EdgeVariables.SNAPSHOT_CONFIG);
    assertThat(snapshot).contains("<name>legacy</name>").doesNotContain("vcvco-");

    stage.run(stage.restore);
    long changes = stage.lab.journal.entries("edge").size();
    stage.run(stage.restore);

    assertThat(stage.lab.edge.configXml()).isEqualTo(snapshot);
    assertThat(stage.client.vnicXml(stage.target(), 0)).isEqualTo(vnicBefore).doesNotContain(VIP);
    assertThat(stage.lab.edge.listening()).isEmpty();
    assertThat(stage.lab.journal.entries("edge")).as("a second undo changes nothing").hasSize((int) changes);
  }

  @Test
  void shouldLeaveWhatAnotherBuildAddedMeanwhileWhenItUndoes() {
    stage.runStage();
    Pool other = LoadBalancedPorts.pool(stage.spec, LoadBalancedPorts.of(stage.spec, 8286));
    other.name = "vcvcoz-8286"; // another cluster's build, between this one's snapshot and its undo
    other.description = EdgeOwners.mark("CHG-OTHER");
    stage.client.addPool(stage.target(), other);
    stage.client.putVnicXml(stage.target(), 0,
        EdgeEdits.withSecondaryAddress(stage.client.vnicXml(stage.target(), 0), "127.0.20.99"));

    stage.run(stage.restore);

    LoadBalancer config = stage.client.config(stage.target());
    assertThat(config.pools).extracting(p -> p.name).containsExactly("vcvcoz-8286");
    assertThat(config.virtualServers).isEmpty();
    assertThat(stage.client.vnicXml(stage.target(), 0)).contains("127.0.20.99").doesNotContain(VIP);
  }

  @Test
  void shouldRefuseAnNsxManagerWithoutTheEdgeApi3BeforeAnyChange() {
    stage.close();
    stage = new EdgeStage("6.4.0");

    assertThatThrownBy(() -> stage.run(stage.snapshot)).isInstanceOfSatisfying(BpmnError.class, e -> {
      assertThat(e.getErrorCode()).isEqualTo(EdgeVariables.ERROR_EDGE_REFUSED);
      assertThat(e.getMessage()).contains("NSX Manager 6.4.0", "no /api/3.0/edges", "/api/4.0 branch is not built");
    });
    assertThat(stage.variables).doesNotContainKey(EdgeVariables.SNAPSHOT_CONFIG);
    assertThat(stage.lab.journal.entries("edge")).isEmpty();
  }

  @Test
  void shouldDoNothingOnRestoreWhenTheStageNeverRan() {
    stage.run(stage.restore);

    assertThat(stage.lab.journal.entries("edge")).isEmpty();
  }

  @Test
  void shouldSendEveryNewConnectionToTheActiveNodeThenShareThemAgain() {
    try (TcpMember first = new TcpMember("vcvco1", NODE1, 8286);
        TcpMember second = new TcpMember("vcvco2", NODE2, 8286)) {
      stage.runStage();

      stage.variables.put(EdgeVariables.ACTIVE_NODE_NAME, "vcvco2");
      stage.run(stage.weights);
      stage.run(stage.weights);
      List<String> authoring = List.of(TcpMember.ask(VIP, 8286), TcpMember.ask(VIP, 8286), TcpMember.ask(VIP, 8286));
      assertThat(weights(8281)).containsExactly(0, 1);
      assertThat(weights(8287)).containsExactly(0, 1);
      assertThat(stage.lab.count("update-pool")).as("three pools, once").isEqualTo(3);

      stage.variables.remove(EdgeVariables.ACTIVE_NODE_NAME);
      stage.run(stage.weights);

      assertThat(authoring).containsOnly("vcvco2");
      assertThat(weights(8281)).containsExactly(1, 1);
      assertThat(weights(8286)).containsExactly(1, 1);
      assertThat(stage.lab.count("update-pool")).isEqualTo(6);
      assertThat(List.of(TcpMember.ask(VIP, 8286), TcpMember.ask(VIP, 8286))).containsExactlyInAnyOrder("vcvco1", "vcvco2");
    }
  }

  @Test
  void shouldNameWhatTheCheckMisses() {
    stage.run(stage.snapshot);
    stage.run(stage.addVirtualIp);
    stage.run(stage.enable);
    stage.run(stage.pool, 8281);
    stage.run(stage.virtualServer, 8281);

    assertThatThrownBy(() -> stage.run(stage.check)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no pool 'vcvco-8286'")
        .hasMessageContaining("no virtual server 'vcvco-8287-vip'")
        .message().doesNotContain("vcvco-8281");
    assertThat(stage.variables).doesNotContainKey(EdgeVariables.PUBLISHED);
  }

  @Test
  void shouldStopWithABpmnErrorWhenTheManagerRefusesAndRetryWhenItIsDown() {
    stage.run(stage.addVirtualIp);
    stage.run(stage.enable);
    stage.run(stage.pool, 8286);
    // an operator's virtual server of another name already listens on the virtual IP's port
    dunes.edge.xml.VirtualServer intruder = LoadBalancedPorts.virtualServer(stage.spec, LoadBalancedPorts.of(stage.spec, 8286),
        (String) stage.variables.get(EdgeVariables.POOL_ID));
    intruder.name = "hand-made";
    stage.client.addVirtualServer(stage.target(), intruder);

    assertThatThrownBy(() -> stage.run(stage.virtualServer, 8286))
        .isInstanceOfSatisfying(BpmnError.class, e -> assertThat(e.getErrorCode()).isEqualTo("EdgeRefused"))
        .hasMessageContaining("HTTP 400").hasMessageContaining("overlap on " + VIP + ":8286");

    stage.lab.close();
    assertThatThrownBy(() -> stage.run(stage.enable)).isInstanceOf(EdgeUnavailableException.class);
  }

  @Test
  void shouldStopWithABpmnErrorWhenTheLoginIsRefused() {
    EnableLoadBalancerStep wrongPassword = new EnableLoadBalancerStep(stage.lab.client("wrong", null), stage.locks);

    assertThatThrownBy(() -> stage.run(wrongPassword))
        .isInstanceOfSatisfying(BpmnError.class, e -> assertThat(e.getErrorCode()).isEqualTo("EdgeRefused"))
        .hasMessageContaining("HTTP 401");
    assertThat(stage.lab.journal.entries("edge")).isEmpty();
  }

  @Test
  void shouldKeepASnapshotTooLongForAStringVariableAsBytes() {
    String large = "<loadBalancer>" + "x".repeat(EdgeSnapshots.MAX_STRING) + "</loadBalancer>";
    var execution = stage.execution();

    EdgeSnapshots.store(execution, "big", large);
    EdgeSnapshots.store(execution, "small", "<vnic/>");

    assertThat(stage.variables.get("big")).isInstanceOf(byte[].class);
    assertThat(stage.variables.get("small")).isEqualTo("<vnic/>");
    assertThat(EdgeSnapshots.read(execution, "big")).isEqualTo(large);
    assertThat(EdgeSnapshots.read(execution, "absent")).isNull();
  }

  private List<Integer> weights(int port) {
    String name = LoadBalancedPorts.of(stage.spec, port).poolName("vcvco");
    return stage.client.config(stage.target()).pools.stream().filter(p -> p.name.equals(name)).findFirst()
        .orElseThrow().members.stream().map((Member m) -> m.weight).toList();
  }
}
