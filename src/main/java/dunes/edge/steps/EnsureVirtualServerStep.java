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
import dunes.edge.xml.VirtualServer;
import java.util.Optional;
import java.util.Set;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/**
 * The enabled virtual server on the cluster's virtual IP for the port {@code loadBalancedPort},
 * forwarding to that port's pool, both carrying the build's mark. The pool is looked up by name
 * (not taken from {@code poolId}: parallel instances of the pool step share that variable) and
 * must be the build's; the virtual server too, so a retry or replay updates it under its id
 * instead of adding a second one, and one of that name that is not the build's is the BPMN error
 * {@value EdgeVariables#ERROR_EDGE_CONFLICT}. The id is recorded for the undo. Sets {@code virtualServerId}.
 */
@Component
public class EnsureVirtualServerStep extends EdgeStep {

  /** What the step sets in an existing virtual server (VMware's vshield_loadbalancer_vip replaces the same, and enabled). */
  static final Set<String> OWNED = Set.of("enabled", "ipAddress", "applicationProfile", "pool");

  private final BuildEdgeObjects objects;

  public EnsureVirtualServerStep(EdgePort edge, EdgeLocks locks, BuildEdgeObjects objects) {
    super(edge, locks);
    this.objects = objects;
  }

  @Override
  void run(DelegateExecution execution, BuildSpec spec, EdgePort.Target target) {
    LoadBalancedPort port = LoadBalancedPorts.of(spec, EdgeVariables.port(execution));
    String text = edge.configXml(target);
    LoadBalancer config = EdgeXml.read(text, LoadBalancer.class);
    String poolName = port.poolName(spec.cluster().name());
    Pool pool = config.pools.stream().filter(p -> poolName.equals(p.name)).findFirst()
        .filter(p -> EdgeOwners.ownedBy(p.description, spec.ticket()))
        .orElseThrow(() -> new IllegalStateException("build " + spec.ticket() + " has no pool '" + poolName + "' on "
            + target + ": its pool step runs before the virtual server step"));
    VirtualServer desired = LoadBalancedPorts.virtualServer(spec, port, pool.id);
    Optional<VirtualServer> existing = config.virtualServers.stream()
        .filter(v -> desired.name.equals(v.name)).findFirst();
    String id;
    if (existing.isEmpty()) {
      AddVirtualIpStep.ensure(edge, target, spec); // the manager refuses a virtual server on an address it lacks
      id = edge.addVirtualServer(target, desired);
    } else {
      if (!EdgeOwners.ownedBy(existing.get().description, spec.ticket())) {
        throw conflict("virtual server", desired.name, existing.get().description, target, spec.ticket());
      }
      id = existing.get().id;
      if (!EdgeContent.sameVirtualServer(existing.get(), desired)) {
        desired.id = id;
        String current = EdgeEdits.object(text, EdgeEdits.VIRTUAL_SERVER, desired.name).orElseThrow();
        edge.updateVirtualServerXml(target, id,
            EdgeEdits.merged(current, EdgeXml.write(desired), EdgeEdits.VIRTUAL_SERVER, OWNED));
      }
    }
    objects.record(spec.ticket(), EdgeLocks.key(target), BuildEdgeObjects.VIRTUAL_SERVER, id, desired.name);
    execution.setVariable(EdgeVariables.VIRTUAL_SERVER_ID, id);
  }
}
