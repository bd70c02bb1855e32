package dunes.edge.steps;

import dunes.build.BuildSpec;
import dunes.edge.EdgeContent;
import dunes.edge.EdgeOwners;
import dunes.edge.EdgePort;
import dunes.edge.LoadBalancedPort;
import dunes.edge.LoadBalancedPorts;
import dunes.edge.lock.EdgeLocks;
import dunes.edge.xml.EdgeXml;
import dunes.edge.xml.LoadBalancer;
import dunes.edge.xml.Pool;
import java.util.Optional;
import java.util.Set;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/**
 * The pool of the port {@code loadBalancedPort} as the build wants it, carrying the build's mark
 * ({@link EdgeOwners}). Found by its name, so a retry or replay never adds a second one: a pool of
 * that name that is not the build's (another build's, or nobody's) is the BPMN error
 * {@value EdgeVariables#ERROR_EDGE_CONFLICT} and stays as it is; the build's own with the same content
 * is left alone, with other content (a node missing) it is written into the manager's text of the
 * pool (its service ports and members; everything else as it was) and put under its own id. The
 * id is recorded for the undo ({@link BuildEdgeObjects}). Sets {@code poolId}.
 */
@Component
public class EnsurePoolStep extends EdgeStep {

  /** What the step sets in an existing pool, as VMware's own client replaces them (vshield_loadbalancer_pool). */
  static final Set<String> OWNED = Set.of("servicePort", "member");

  private final BuildEdgeObjects objects;

  public EnsurePoolStep(EdgePort edge, EdgeLocks locks, BuildEdgeObjects objects) {
    super(edge, locks);
    this.objects = objects;
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
      if (!EdgeOwners.ownedBy(existing.get().description, spec.ticket())) {
        throw conflict("pool", desired.name, existing.get().description, target, spec.ticket());
      }
      id = existing.get().id;
      if (!EdgeContent.samePool(existing.get(), desired)) {
        desired.id = id;
        String current = EdgeEdits.object(config, EdgeEdits.POOL, desired.name).orElseThrow();
        edge.updatePoolXml(target, id, EdgeEdits.merged(current, EdgeXml.write(desired), EdgeEdits.POOL, OWNED));
      }
    }
    objects.record(spec.ticket(), EdgeLocks.key(target), BuildEdgeObjects.POOL, id, desired.name);
    execution.setVariable(EdgeVariables.POOL_ID, id);
  }
}
