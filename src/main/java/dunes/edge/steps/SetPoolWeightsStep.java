package dunes.edge.steps;

import dunes.build.BuildSpec;
import dunes.edge.EdgeOwners;
import dunes.edge.EdgePort;
import dunes.edge.LoadBalancedPort;
import dunes.edge.LoadBalancedPorts;
import dunes.edge.lock.EdgeLocks;
import dunes.edge.xml.EdgeXml;
import dunes.edge.xml.LoadBalancer;
import dunes.edge.xml.Pool;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/**
 * The authoring window: with {@code activeNodeName} set, every new connection of the build's
 * pools goes to that node (weight 1, the others 0: open connections continue); without it, every
 * member is back at weight 1. Only the build's own pools, and only those whose weights change, are
 * put; the edge is held for the step, so no build's stage writes in between.
 */
@Component
public class SetPoolWeightsStep extends EdgeStep {

  public SetPoolWeightsStep(EdgePort edge, EdgeLocks locks) {
    super(edge, locks);
  }

  @Override
  Hold hold() {
    return Hold.STEP;
  }

  @Override
  void run(DelegateExecution execution, BuildSpec spec, EdgePort.Target target) {
    String active = (String) execution.getVariable(EdgeVariables.ACTIVE_NODE_NAME);
    String activeIp = active == null || active.isBlank() ? null : spec.node(active).ip();
    String text = edge.configXml(target);
    LoadBalancer config = EdgeXml.read(text, LoadBalancer.class);
    for (LoadBalancedPort port : LoadBalancedPorts.of(spec)) {
      String name = port.poolName(spec.cluster().name());
      Pool pool = config.pools.stream().filter(p -> name.equals(p.name)).findFirst()
          .filter(p -> EdgeOwners.ownedBy(p.description, spec.ticket()))
          .orElseThrow(() -> new IllegalStateException("pool '" + name + "' is not on " + target
              + " as build " + spec.ticket() + "'s: the build's edge stage has not made it"));
      if (activeIp != null && pool.members.stream().noneMatch(m -> activeIp.equals(m.ipAddress))) {
        // weight 0 for everyone would leave the port with no member at all
        throw new IllegalStateException("pool '" + name + "' on " + target + " has no member " + activeIp
            + " (node " + active + ")");
      }
      // only the members' weights change in the manager's text of the pool
      EdgeEdits.object(text, EdgeEdits.POOL, name)
          .flatMap(xml -> EdgeEdits.withWeights(xml, ip -> activeIp == null || activeIp.equals(ip) ? 1 : 0))
          .ifPresent(xml -> edge.updatePoolXml(target, pool.id, xml));
    }
  }
}
