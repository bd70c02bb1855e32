package dunes.appliance.config;

import dunes.build.BuildSpec;
import dunes.build.BuildVariables;
import dunes.engine.Wait;
import dunes.engine.WaitDeadlines;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * Reads the completed "Get cluster status" run in {@code configurationExecution} on node
 * {@code nodeName} and says whether the cluster is formed: {@code clusterFormed} (every request node
 * listed, all of them active and RUNNING, cluster mode on) and {@code clusterNodes} ("name=STATE,…",
 * for Cockpit). Not formed yet is an answer, not an error: the process waits and asks again, as
 * the seed's operator watches the Server Availability area, until {@code dunes.deadlines.cluster-formed}
 * after the first look ({@link WaitDeadlines}). An answer in another form throws.
 */
@Component
public class CheckClusterStatusStep implements JavaDelegate {

  static final String FORMED = "clusterFormed";
  static final String NODES = "clusterNodes";

  private final VcoConfigPort vco;
  private final WaitDeadlines deadlines;

  public CheckClusterStatusStep(VcoConfigPort vco, WaitDeadlines deadlines) {
    this.vco = vco;
    this.deadlines = deadlines;
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
    boolean formed = status.formedOf(spec.nodeNames());
    if (!formed) {
      deadlines.check(execution, Wait.CLUSTER_FORMED, "node " + node.name() + " to list the cluster formed (every node, "
          + spec.nodeNames().size() + " RUNNING)", status.nodes());
    }
    execution.setVariable(NODES, status.nodes());
    execution.setVariable(FORMED, formed);
  }
}
