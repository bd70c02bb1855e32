package dunes.edge.steps;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dunes.build.BuildRequestReader;
import dunes.build.BuildSpec;
import dunes.build.BuildVariables;
import dunes.edge.EdgePort;
import dunes.edge.EdgeTestLab;
import dunes.edge.HttpEdgeClient;
import dunes.edge.LoadBalancedPorts;
import dunes.support.ExampleRequest;
import dunes.edge.lock.EdgeLockSettings;
import dunes.edge.lock.EdgeLocks;
import java.util.HashMap;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import java.util.Map;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;

/**
 * The edge stage's steps over the real client and a lab manager (API 127.0.20.30, virtual IP
 * 127.0.20.10, nodes 127.0.20.11 and .12), with a map standing in for the process variables and
 * an in-memory H2 database for the edge's lock row and the build's recorded objects. A second
 * build on the same edge and database: {@link #otherBuild}.
 */
final class EdgeStage implements AutoCloseable {

  static final String API = "127.0.20.30";
  static final String VIP = "127.0.20.10";
  static final String NODE1 = "127.0.20.11";
  static final String NODE2 = "127.0.20.12";

  final EdgeTestLab lab;
  final HttpEdgeClient client;
  final DataSource database;
  final EdgeLocks locks;
  final BuildEdgeObjects objects;
  private final boolean ownsLab;
  final Map<String, Object> variables = new HashMap<>();
  final BuildSpec spec;

  final SnapshotEdgeStep snapshot;
  final AddVirtualIpStep addVirtualIp;
  final EnableLoadBalancerStep enable;
  final EnsurePoolStep pool;
  final EnsureVirtualServerStep virtualServer;
  final CheckLoadBalancerStep check;
  final RestoreEdgeStep restore;
  final SetPoolWeightsStep weights;

  EdgeStage() {
    this(null);
  }

  /** @param nsxVersion null: the lab as a vShield Manager 5.x; else as an NSX Manager of that version */
  EdgeStage(String nsxVersion) {
    this(new EdgeTestLab(API, nsxVersion), true, memoryDatabase(), "CHG-EDGE-1", "vcvco", VIP, NODE1, NODE2);
  }

  private EdgeStage(EdgeTestLab lab, boolean ownsLab, DataSource database, String ticket, String cluster, String vip,
      String node1, String node2) {
    this.lab = lab;
    this.ownsLab = ownsLab;
    this.database = database;
    client = lab.client();
    locks = new EdgeLocks(database, new DataSourceTransactionManager(database),
        new EdgeLockSettings(EdgeLockSettings.Values.defaults()));
    objects = new BuildEdgeObjects(database, new DataSourceTransactionManager(database));
    snapshot = new SnapshotEdgeStep(client, locks);
    addVirtualIp = new AddVirtualIpStep(client, locks);
    enable = new EnableLoadBalancerStep(client, locks);
    pool = new EnsurePoolStep(client, locks, objects);
    virtualServer = new EnsureVirtualServerStep(client, locks, objects);
    check = new CheckLoadBalancerStep(client, locks);
    restore = new RestoreEdgeStep(client, locks, objects);
    weights = new SetPoolWeightsStep(client, locks);
    ObjectNode request = ExampleRequest.withTicket(ticket);
    ExampleRequest.node(request, "cluster").put("name", cluster);
    ExampleRequest.node(request, "cluster").put("virtualIp", vip);
    ExampleRequest.node(request, "nodes/0").put("ip", node1);
    ExampleRequest.node(request, "nodes/1").put("ip", node2);
    ExampleRequest.node(request, "nodes/0").put("name", cluster + "1");
    ExampleRequest.node(request, "nodes/1").put("name", cluster + "2");
    ExampleRequest.node(request, "edge").put("managerUrl", lab.edge.url().toString());
    spec = BuildRequestReader.parseTrusted(request.toString());
    variables.put(BuildVariables.BUILD_SPEC, BuildRequestReader.write(spec));
    variables.put(EdgeVariables.EDGE_FINGERPRINT, lab.edge.fingerprint());
  }

  /** Another cluster's build ({@code ticket}) on the same lab edge and the same database. */
  EdgeStage otherBuild(String ticket, String cluster, String vip, String node1, String node2) {
    return new EdgeStage(lab, false, database, ticket, cluster, vip, node1, node2);
  }

  /** The edge's lock row's name. */
  String edgeKey() {
    return EdgeLocks.key(target());
  }

  static DataSource memoryDatabase() {
    return new DriverManagerDataSource("jdbc:h2:mem:edge-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
  }

  EdgePort.Target target() {
    return lab.target();
  }

  void run(JavaDelegate step) {
    try {
      step.execute(execution());
    } catch (Exception e) {
      throw e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e);
    }
  }

  /** One instance of a per-port step, as the multi-instance body runs it. */
  void run(JavaDelegate step, int port) {
    variables.put(EdgeVariables.LOAD_BALANCED_PORT, port);
    try {
      run(step);
    } finally {
      variables.remove(EdgeVariables.LOAD_BALANCED_PORT);
    }
  }

  /** snapshot → virtual IP → enable → a pool per port → a virtual server per port → check */
  void runStage() {
    runStage(1);
  }

  /** The stage with each step run {@code times} in a row, as a job retried after its work was done. */
  void runStage(int times) {
    for (int i = 0; i < times; i++) {
      run(snapshot);
    }
    for (int i = 0; i < times; i++) {
      run(addVirtualIp);
    }
    for (int i = 0; i < times; i++) {
      run(enable);
    }
    for (int port : LoadBalancedPorts.numbers(spec)) {
      for (int i = 0; i < times; i++) {
        run(pool, port);
      }
    }
    for (int port : LoadBalancedPorts.numbers(spec)) {
      for (int i = 0; i < times; i++) {
        run(virtualServer, port);
      }
    }
    for (int i = 0; i < times; i++) {
      run(check);
    }
  }

  /** Only what the steps call: getVariable, setVariable, removeVariable and getProcessInstanceId. */
  DelegateExecution execution() {
    DelegateExecution execution = mock(DelegateExecution.class);
    when(execution.getVariable(anyString())).thenAnswer(i -> variables.get(i.getArgument(0, String.class)));
    when(execution.getProcessInstanceId()).thenReturn("proc-" + spec.ticket());
    doAnswer(i -> variables.remove(i.getArgument(0, String.class))).when(execution).removeVariable(anyString());
    doAnswer(i -> variables.put(i.getArgument(0), i.getArgument(1))).when(execution).setVariable(anyString(), any());
    return execution;
  }

  @Override
  public void close() {
    if (ownsLab) {
      lab.close();
    }
  }
}
