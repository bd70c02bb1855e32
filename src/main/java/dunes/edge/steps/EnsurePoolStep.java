package dunes.edge.steps;

import dunes.build.BuildSpec;
import dunes.edge.EdgeContent;
import dunes.edge.EdgePort;
import dunes.edge.LoadBalancedPort;
import dunes.edge.LoadBalancedPorts;
import dunes.edge.xml.Pool;
import java.util.Optional;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/**
 * The pool of the port {@code loadBalancedPort} as the build wants it. Found by its name, so a
 * retry or replay never adds a second one: the same content is left alone, other content (a node
 * missing, another check) is replaced under the pool's own id, no pool is added. Sets {@code poolId}.
 */
@Component
public class EnsurePoolStep extends EdgeStep {

  public EnsurePoolStep(EdgePort edge) {
    super(edge);
  }

  @Override
  void run(DelegateExecution execution, BuildSpec spec, EdgePort.Target target) {
    LoadBalancedPort port = LoadBalancedPorts.of(spec, EdgeVariables.port(execution));
    Pool desired = LoadBalancedPorts.pool(spec, port);
    Optional<Pool> existing = edge.config(target).pools.stream().filter(p -> desired.name.equals(p.name)).findFirst();
    String id;
    if (existing.isEmpty()) {
      id = edge.addPool(target, desired);
    } else {
      id = existing.get().id;
      if (!EdgeContent.samePool(existing.get(), desired)) {
        desired.id = id;
        edge.updatePool(target, id, desired);
      }
    }
    execution.setVariable(EdgeVariables.POOL_ID, id);
  }
}
