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
import java.util.HashMap;
import java.util.Map;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;

/**
 * The edge stage's steps over the real client and a lab manager (API 127.0.20.30, virtual IP
 * 127.0.20.10, nodes 127.0.20.11 and .12), with a map standing in for the process variables.
 */
final class EdgeStage implements AutoCloseable {

  static final String API = "127.0.20.30";
  static final String VIP = "127.0.20.10";
  static final String NODE1 = "127.0.20.11";
  static final String NODE2 = "127.0.20.12";

  final EdgeTestLab lab;
  final HttpEdgeClient client;
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
    lab = new EdgeTestLab(API, nsxVersion);
    client = lab.client();
    snapshot = new SnapshotEdgeStep(client);
    addVirtualIp = new AddVirtualIpStep(client);
    enable = new EnableLoadBalancerStep(client);
    pool = new EnsurePoolStep(client);
    virtualServer = new EnsureVirtualServerStep(client);
    check = new CheckLoadBalancerStep(client);
    restore = new RestoreEdgeStep(client);
    weights = new SetPoolWeightsStep(client);
    ObjectNode request = ExampleRequest.withTicket("CHG-EDGE-1");
    ExampleRequest.node(request, "cluster").put("virtualIp", VIP);
    ExampleRequest.node(request, "nodes/0").put("ip", NODE1);
    ExampleRequest.node(request, "nodes/1").put("ip", NODE2);
    ExampleRequest.node(request, "edge").put("managerUrl", lab.edge.url().toString());
    spec = BuildRequestReader.parseTrusted(request.toString());
    variables.put(BuildVariables.BUILD_SPEC, BuildRequestReader.write(spec));
    variables.put(EdgeVariables.EDGE_FINGERPRINT, lab.edge.fingerprint());
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

  /** Only what the steps call: getVariable and setVariable. */
  DelegateExecution execution() {
    DelegateExecution execution = mock(DelegateExecution.class);
    when(execution.getVariable(anyString())).thenAnswer(i -> variables.get(i.getArgument(0, String.class)));
    doAnswer(i -> variables.put(i.getArgument(0), i.getArgument(1))).when(execution).setVariable(anyString(), any());
    return execution;
  }

  @Override
  public void close() {
    lab.close();
  }
}
