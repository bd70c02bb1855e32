package dunes.edge.steps;

import static dunes.edge.steps.EdgeVariables.SNAPSHOT_CONFIG;
import static dunes.edge.steps.EdgeVariables.SNAPSHOT_VNIC;

import dunes.build.BuildSpec;
import dunes.edge.EdgePort;
import dunes.edge.lock.EdgeLocks;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Before the edge stage changes anything: the manager's version (an NSX Manager without the 3.0
 * edge API is a BPMN error), then the load balancer configuration and the build's vNIC as
 * the manager wrote them, kept for {@link RestoreEdgeStep}. Taken once: a retry after changes
 * must not replace the before-state with a state the build made.
 */
@Component
public class SnapshotEdgeStep extends EdgeStep {

  private static final Logger LOG = LoggerFactory.getLogger(SnapshotEdgeStep.class);

  public SnapshotEdgeStep(EdgePort edge, EdgeLocks locks) {
    super(edge, locks);
  }

  @Override
  Hold hold() {
    return Hold.NONE;
  }

  @Override
  void run(DelegateExecution execution, BuildSpec spec, EdgePort.Target target) {
    if (execution.getVariable(SNAPSHOT_CONFIG) != null) {
      LOG.info("build {}: {} keeps the snapshot taken before its changes", spec.ticket(), target);
      return;
    }
    // the manager's API first: an NSX 6.3+ has no /api/3.0/edges, and nothing may change on it
    LOG.info("build {}: {} is {}", spec.ticket(), target, edge.requireEdgeApi3(target).describe());
    String config = edge.configXml(target);
    String vnic = edge.vnicXml(target, spec.edge().interfaceIndex());
    EdgeSnapshots.store(execution, SNAPSHOT_VNIC, vnic);
    EdgeSnapshots.store(execution, SNAPSHOT_CONFIG, config);
  }
}
