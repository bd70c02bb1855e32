package dunes.edge.steps;

import static dunes.edge.steps.EdgeVariables.SNAPSHOT_CONFIG;
import static dunes.edge.steps.EdgeVariables.SNAPSHOT_VNIC;

import dunes.build.BuildSpec;
import dunes.build.BuildVariables;
import dunes.edge.EdgeContent;
import dunes.edge.EdgePort;
import dunes.edge.xml.LoadBalancer;
import dunes.edge.xml.Vnic;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Undo of the edge stage: the snapshot's texts put back as they were read, configuration first
 * (the manager refuses to drop an address that an enabled virtual server still uses), then the
 * vNIC. Each is put only when it differs from now, so a repeated undo changes nothing. No
 * snapshot means the stage never ran. The manager keeps the snapshot's ids on a PUT.
 *
 * <p>Every failure is thrown, none is a BPMN error: this runs as compensation, outside the scope
 * that catches the build's errors, and an undo that could not run must stop as an incident an
 * operator sees, not end quietly.
 */
@Component
public class RestoreEdgeStep implements JavaDelegate {

  private static final Logger LOG = LoggerFactory.getLogger(RestoreEdgeStep.class);

  private final EdgePort edge;

  public RestoreEdgeStep(EdgePort edge) {
    this.edge = edge;
  }

  @Override
  public void execute(DelegateExecution execution) {
    String config = EdgeSnapshots.read(execution, SNAPSHOT_CONFIG);
    if (config == null) {
      return;
    }
    BuildSpec spec = BuildVariables.spec(execution);
    EdgePort.Target target = EdgeTargets.of(execution, spec);
    if (!EdgeContent.sameXml(edge.configXml(target), config, LoadBalancer.class)) {
      edge.putConfigXml(target, config);
      LOG.info("build {}: {} has its load balancer configuration from before the build again", spec.ticket(), target);
    }
    String vnic = EdgeSnapshots.read(execution, SNAPSHOT_VNIC);
    int index = spec.edge().interfaceIndex();
    if (vnic != null && !EdgeContent.sameXml(edge.vnicXml(target, index), vnic, Vnic.class)) {
      edge.putVnicXml(target, index, vnic);
      LOG.info("build {}: {} has vNIC {} from before the build again", spec.ticket(), target, index);
    }
  }
}
