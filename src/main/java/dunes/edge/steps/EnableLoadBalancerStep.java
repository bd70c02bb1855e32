package dunes.edge.steps;

import dunes.build.BuildSpec;
import dunes.edge.EdgePort;
import dunes.edge.xml.LoadBalancer;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/** The edge's load balancer switched on: the whole configuration put back with {@code enabled} true (PROTOCOLS.md 1a). */
@Component
public class EnableLoadBalancerStep extends EdgeStep {

  public EnableLoadBalancerStep(EdgePort edge) {
    super(edge);
  }

  @Override
  void run(DelegateExecution execution, BuildSpec spec, EdgePort.Target target) {
    LoadBalancer config = edge.config(target);
    if (config.isEnabled()) {
      return;
    }
    config.enabled = true;
    edge.putConfig(target, config);
  }
}
