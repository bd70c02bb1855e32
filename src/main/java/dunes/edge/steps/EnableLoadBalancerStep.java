package dunes.edge.steps;

import dunes.build.BuildSpec;
import dunes.edge.EdgePort;
import dunes.edge.lock.EdgeLocks;
import dunes.edge.xml.EdgeXml;
import dunes.edge.xml.LoadBalancer;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/**
 * The edge's load balancer switched on: the manager's configuration text put back with only
 * {@code enabled} changed, as VMware's own client does (PROTOCOLS.md 1a [R3]).
 */
@Component
public class EnableLoadBalancerStep extends EdgeStep {

  public EnableLoadBalancerStep(EdgePort edge, EdgeLocks locks) {
    super(edge, locks);
  }

  @Override
  void run(DelegateExecution execution, BuildSpec spec, EdgePort.Target target) {
    String text = edge.configXml(target);
    if (EdgeXml.read(text, LoadBalancer.class).isEnabled()) {
      return;
    }
    edge.putConfigXml(target, EdgeEdits.withEnabled(text, true));
  }
}
