package dunes.edge.steps;

import dunes.build.BuildSpec;
import dunes.build.BuildVariables;
import dunes.edge.EdgeAuthenticationException;
import dunes.edge.EdgeNotFoundException;
import dunes.edge.EdgePort;
import dunes.edge.EdgeRefusedException;
import dunes.edge.EdgeTrustException;
import dunes.edge.EdgeUnsupportedException;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;

/**
 * What the edge steps share: the build's request and edge, and the line between "cannot work"
 * and "not now". A refused change, login or certificate, an edge/vNIC the manager does not
 * have, or a manager without the 3.0 edge API, is a BPMN error {@value EdgeVariables#ERROR_EDGE_REFUSED} (retrying cannot help; the
 * build compensates and reports the manager's text); an unreachable or failing manager is thrown,
 * so the job is retried and ends as an incident.
 */
abstract class EdgeStep implements JavaDelegate {

  final EdgePort edge;

  EdgeStep(EdgePort edge) {
    this.edge = edge;
  }

  /** The step's work on the build's edge. */
  abstract void run(DelegateExecution execution, BuildSpec spec, EdgePort.Target target);

  @Override
  public final void execute(DelegateExecution execution) {
    BuildSpec spec = BuildVariables.spec(execution);
    EdgePort.Target target = EdgeTargets.of(execution, spec);
    try {
      run(execution, spec, target);
    } catch (EdgeRefusedException | EdgeAuthenticationException | EdgeTrustException | EdgeNotFoundException
        | EdgeUnsupportedException e) {
      throw refused(e.getMessage(), e);
    }
  }

  static BpmnError refused(String message, Throwable cause) {
    return new BpmnError(EdgeVariables.ERROR_EDGE_REFUSED, message, cause);
  }
}
