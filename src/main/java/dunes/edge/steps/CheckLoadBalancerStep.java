package dunes.edge.steps;

import dunes.build.BuildSpec;
import dunes.edge.EdgeOwners;
import dunes.edge.EdgePort;
import dunes.edge.LoadBalancedPort;
import dunes.edge.LoadBalancedPorts;
import dunes.edge.lock.EdgeLocks;
import dunes.edge.xml.ApplicationProfile;
import dunes.edge.xml.LoadBalancer;
import dunes.edge.xml.Member;
import dunes.edge.xml.Pool;
import dunes.edge.xml.VirtualServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/**
 * The edge's configuration read back: enabled, and for every port the pool with every node as a
 * member and the enabled virtual server on the virtual IP forwarding to it. vCNS 5.x applies each
 * API change at once and has no separate publish call, so this read-back is the "publish" check.
 * Sets {@code loadBalancerPublished}; anything missing fails the job naming all of it.
 */
@Component
public class CheckLoadBalancerStep extends EdgeStep {

  public CheckLoadBalancerStep(EdgePort edge, EdgeLocks locks) {
    super(edge, locks);
  }

  @Override
  Hold hold() {
    return Hold.NONE;
  }

  @Override
  void run(DelegateExecution execution, BuildSpec spec, EdgePort.Target target) {
    LoadBalancer config = edge.config(target);
    List<String> missing = new ArrayList<>();
    if (!config.isEnabled()) {
      missing.add("the load balancer is not enabled");
    }
    for (LoadBalancedPort port : LoadBalancedPorts.of(spec)) {
      missing.addAll(missing(spec, config, port));
    }
    if (!missing.isEmpty()) {
      throw new IllegalStateException(target + " does not balance cluster '" + spec.cluster().name() + "' yet: "
          + String.join("; ", missing));
    }
    execution.setVariable(EdgeVariables.PUBLISHED, true);
  }

  private static List<String> missing(BuildSpec spec, LoadBalancer config, LoadBalancedPort port) {
    List<String> missing = new ArrayList<>();
    String poolName = port.poolName(spec.cluster().name());
    Optional<Pool> pool = config.pools.stream().filter(p -> poolName.equals(p.name)).findFirst();
    if (pool.isEmpty()) {
      missing.add("no pool '" + poolName + "'");
    } else if (!EdgeOwners.ownedBy(pool.get().description, spec.ticket())) {
      missing.add("pool '" + poolName + "' belongs to " + EdgeOwners.describe(pool.get().description));
    } else {
      for (BuildSpec.Node node : spec.nodes()) {
        if (pool.get().members.stream().map((Member m) -> m.ipAddress).noneMatch(node.ip()::equals)) {
          missing.add("pool '" + poolName + "' lacks node " + node.name() + " (" + node.ip() + ")");
        }
      }
    }
    String serverName = port.virtualServerName(spec.cluster().name());
    Optional<VirtualServer> server = config.virtualServers.stream().filter(v -> serverName.equals(v.name)).findFirst();
    if (server.isEmpty()) {
      missing.add("no virtual server '" + serverName + "'");
      return missing;
    }
    VirtualServer found = server.get();
    if (!EdgeOwners.ownedBy(found.description, spec.ticket())) {
      missing.add("virtual server '" + serverName + "' belongs to " + EdgeOwners.describe(found.description));
    }
    if (!found.isEnabled()) {
      missing.add("virtual server '" + serverName + "' is disabled");
    }
    if (!spec.cluster().virtualIp().equals(found.ipAddress)) {
      missing.add("virtual server '" + serverName + "' listens on " + found.ipAddress + ", not the virtual IP "
          + spec.cluster().virtualIp());
    }
    if (found.applicationProfiles.stream().noneMatch((ApplicationProfile a) ->
        Objects.equals(a.port, port.port()) && port.protocol().equals(a.protocol))) {
      missing.add("virtual server '" + serverName + "' has no " + port.protocol() + " profile on port " + port.port());
    }
    if (pool.isPresent() && (found.pool == null || !Objects.equals(found.pool.id, pool.get().id))) {
      missing.add("virtual server '" + serverName + "' does not forward to pool '" + poolName + "'");
    }
    return missing;
  }
}
