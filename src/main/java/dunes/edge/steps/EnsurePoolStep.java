package dunes.edge.steps;

import dunes.build.BuildSpec;
import dunes.edge.EdgeContent;
import dunes.edge.EdgePort;
import dunes.edge.LoadBalancedPort;
import dunes.edge.LoadBalancedPorts;
import dunes.edge.xml.EdgeXml;
import dunes.edge.xml.LoadBalancer;
import dunes.edge.xml.Pool;
import java.util.Optional;
import java.util.Set;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/**
 * The pool of the port {@code loadBalancedPort} as the build wants it. Found by its name, so a
 * retry or replay never adds a second one: the same content is left alone, other content (a node
 * missing, another check) is written into the manager's text of the pool (its service ports and
 * members; everything else as it was) and put under the pool's own id. Sets {@code poolId}.
 */
@Component
public class EnsurePoolStep extends EdgeStep {

  /** What the step sets in an existing pool, as VMware's own client replaces them (vshield_loadbalancer_pool). */
  static final Set<String> OWNED = Set.of("servicePort", "member");

  public EnsurePoolStep(EdgePort edge) {
    super(edge);
  }

  @Override
  void run(DelegateExecution execution, BuildSpec spec, EdgePort.Target target) {
    LoadBalancedPort port = LoadBalancedPorts.of(spec, EdgeVariables.port(execution));
    Pool desired = LoadBalancedPorts.pool(spec, port);
    String config = edge.configXml(target);
    Optional<Pool> existing = EdgeXml.read(config, LoadBalancer.class).pools.stream()
        .filter(p -> desired.name.equals(p.name)).findFirst();
    String id;
    if (existing.isEmpty()) {
      id = edge.addPool(target, desired);
    } else {
      id = existing.get().id;
      if (!EdgeContent.samePool(existing.get(), desired)) {
        desired.id = id;
        String current = EdgeEdits.object(config, EdgeEdits.POOL, desired.name).orElseThrow();
        edge.updatePoolXml(target, id, EdgeEdits.merged(current, EdgeXml.write(desired), EdgeEdits.POOL, OWNED));
      }
    }
    execution.setVariable(EdgeVariables.POOL_ID, id);
  }
}
