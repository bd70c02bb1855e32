package dunes.edge.steps;

import static dunes.edge.steps.EdgeStage.NODE1;
import static dunes.edge.steps.EdgeStage.NODE2;
import static dunes.edge.steps.EdgeStage.VIP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dunes.edge.EdgeOwners;
import dunes.edge.EdgeUnavailableException;
import dunes.edge.LoadBalancedPorts;
import dunes.edge.lock.EdgeLockedException;
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
  void shouldRefuseAPoolOfTheBuildsNameThatNobodyOwnsAndLeaveItAsItIs() {
    Pool handMade = LoadBalancedPorts.pool(stage.spec, LoadBalancedPorts.of(stage.spec, 8281));
    handMade.description = null; // made by hand in the manager's UI
    stage.client.addPool(stage.target(), handMade);
    String before = stage.lab.edge.configXml();

    assertThatThrownBy(() -> stage.run(stage.pool, 8281)).isInstanceOfSatisfying(BpmnError.class, e -> {
      assertThat(e.getErrorCode()).isEqualTo(EdgeVariables.ERROR_EDGE_CONFLICT);
      assertThat(e.getMessage()).isEqualTo("a pool named 'vcvco-8281' already exists on " + stage.target()
          + " and belongs to nobody (it has no description, so it was not made by a Dunes build), not to build"
          + " CHG-EDGE-1: Dunes neither adopts nor changes it; rename the cluster or remove that pool by hand");
    });

    assertThat(stage.lab.edge.configXml()).isEqualTo(before);
    assertThat(stage.lab.count("update-pool")).isZero();
    assertThat(stage.variables).doesNotContainKey(EdgeVariables.POOL_ID);
    assertThat(stage.objects.list("CHG-EDGE-1", stage.edgeKey(), BuildEdgeObjects.POOL)).isEmpty();
  }

  @Test
  void shouldRefuseAnotherBuildsPoolAndVirtualServerOfTheSameName() {
    try (EdgeStage other = stage.otherBuild("CHG-EDGE-2", "vcvco", "127.0.54.10", "127.0.54.11", "127.0.54.12")) {
      other.runStage(); // a build of the same cluster name under another ticket, done and given up the edge
      other.run(releaseOf(other));
      String before = stage.lab.edge.configXml();

      assertThatThrownBy(() -> stage.run(stage.pool, 8286)).isInstanceOfSatisfying(BpmnError.class, e -> {
        assertThat(e.getErrorCode()).isEqualTo(EdgeVariables.ERROR_EDGE_CONFLICT);
        assertThat(e.getMessage()).contains("pool named 'vcvco-8286'", "belongs to build CHG-EDGE-2, not to build CHG-EDGE-1");
      });

      assertThat(stage.lab.edge.configXml()).isEqualTo(before);
      stage.run(stage.restore); // the refused build's undo: nothing of the other build goes
      assertThat(stage.lab.edge.configXml()).isEqualTo(before);
    }
  }

  @Test
  void shouldUndoOneBuildByIdAndLeaveTheOtherBuildsObjectsByteForByte() {
    try (EdgeStage other = stage.otherBuild("CHG-EDGE-2", "vcvcob", "127.0.54.20", "127.0.54.21", "127.0.54.22")) {
      stage.runStage();
      stage.run(releaseOf(stage));
      other.runStage();
      other.run(releaseOf(other));
      String config = stage.lab.edge.configXml();
      List<String> othersObjects = new ArrayList<>();
      for (String name : List.of("vcvcob-8281", "vcvcob-8286", "vcvcob-8287")) {
        othersObjects.add(EdgeEdits.object(config, EdgeEdits.POOL, name).orElseThrow());
        othersObjects.add(EdgeEdits.object(config, EdgeEdits.VIRTUAL_SERVER, name + "-vip").orElseThrow());
      }
      assertThat(stage.objects.list("CHG-EDGE-1", stage.edgeKey(), BuildEdgeObjects.POOL))
          .extracting(BuildEdgeObjects.EdgeObject::id).containsExactly("pool-1", "pool-2", "pool-3");

      stage.run(stage.restore);

      String after = stage.lab.edge.configXml();
      for (String object : othersObjects) {
        assertThat(after).contains(object);
      }
      LoadBalancer left = stage.client.config(stage.target());
      assertThat(left.isEnabled()).as("the other build's virtual servers need it").isTrue();
      assertThat(left.pools).extracting(p -> p.id).containsExactly("pool-4", "pool-5", "pool-6");
      assertThat(left.virtualServers).extracting(v -> v.name)
          .containsExactly("vcvcob-8281-vip", "vcvcob-8286-vip", "vcvcob-8287-vip");
      assertThat(stage.lab.journal.entries("edge")).extracting(e -> e.operation()).filteredOn(o -> o.startsWith("delete"))
          .hasSize(6);
      assertThat(stage.client.vnicXml(stage.target(), 0)).doesNotContain(VIP).contains("127.0.54.20");
      assertThat(stage.lab.edge.listening()).containsExactlyInAnyOrder("127.0.54.20:8281", "127.0.54.20:8286",
          "127.0.54.20:8287");
      assertThat(stage.objects.list("CHG-EDGE-1", stage.edgeKey(), BuildEdgeObjects.POOL)).isEmpty();
      assertThat(stage.locks.holder(stage.edgeKey())).as("the undo gave the edge up").isEmpty();
      other.run(other.check);
    }
  }

  @Test
  void shouldStopAStepWhileAnotherBuildHoldsTheEdgeAndLetTheUndoGiveItUp() {
    try (EdgeStage other = stage.otherBuild("CHG-EDGE-2", "vcvcob", "127.0.54.20", "127.0.54.21", "127.0.54.22")) {
      stage.run(stage.snapshot);
      stage.run(stage.addVirtualIp); // takes the edge, and the build is then cancelled mid-stage

      assertThatThrownBy(() -> other.run(other.addVirtualIp)).isInstanceOf(EdgeLockedException.class)
          .hasMessageStartingWith("build CHG-EDGE-2 cannot change edge " + stage.edgeKey()
              + ": build CHG-EDGE-1 (process instance proc-CHG-EDGE-1) holds edge");
      assertThat(stage.lab.count("update-vnic")).isEqualTo(1);

      stage.run(stage.restore);

      assertThat(stage.locks.holder(stage.edgeKey())).isEmpty();
      other.runStage();
      assertThat(other.variables).containsEntry(EdgeVariables.PUBLISHED, true);
    }
  }

  private static ReleaseEdgeLockStep releaseOf(EdgeStage stage) {
    return new ReleaseEdgeLockStep(stage.locks);
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
