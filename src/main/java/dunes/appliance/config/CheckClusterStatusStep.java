package dunes.appliance.config;

import dunes.build.BuildSpec;
import dunes.build.BuildVariables;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * Reads the completed "Get cluster status" run in {@code configurationExecution} on node
 * {@code nodeName} and says whether the cluster is formed: {@code clusterFormed} (every request node
 * listed, all of them active and RUNNING, cluster mode on) and {@code clusterNodes} ("name=STATE,…",
 * for Cockpit). Not formed yet is an answer, not an error: the process waits and asks again, as
 * the seed's operator watches the Server Availability area. An answer in another form throws.
 */
@Component
public class CheckClusterStatusStep implements JavaDelegate {

  static final String FORMED = "clusterFormed";
  static final String NODES = "clusterNodes";

  private final VcoConfigPort vco;

  public CheckClusterStatusStep(VcoConfigPort vco) {
    this.vco = vco;
  }

  @Override
  public void execute(DelegateExecution execution) {
    BuildSpec spec = BuildVariables.spec(execution);
    BuildSpec.Node node = BuildVariables.node(execution, spec);
    if (Boolean.TRUE.equals(execution.getVariable(RunConfigurationWorkflowStep.BY_HAND))) {
      // no workflow reads the Server Availability list: the operator confirmed it shows the cluster formed
      execution.setVariable(NODES, "confirmed by " + execution.getVariable(ConfirmedByListener.CONFIRMED_BY));
      execution.setVariable(FORMED, true);
      return;
    }
    ClusterStatus status = ClusterStatus.parse(vco.outputs(ConfigurationTargets.of(execution, spec, node),
        (String) execution.getVariable(RunConfigurationWorkflowStep.EXECUTION)));
    execution.setVariable(NODES, status.nodes());
    execution.setVariable(FORMED, status.formedOf(spec.nodeNames()));
  }
}
