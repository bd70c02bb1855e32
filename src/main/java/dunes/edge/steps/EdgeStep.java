package dunes.edge.steps;

import dunes.build.BuildSpec;
import dunes.build.BuildVariables;
import dunes.edge.EdgeAuthenticationException;
import dunes.edge.EdgeNotFoundException;
import dunes.edge.EdgeOwners;
import dunes.edge.EdgePort;
import dunes.edge.EdgeRefusedException;
import dunes.edge.EdgeTrustException;
import dunes.edge.EdgeUnsupportedException;
import dunes.edge.lock.EdgeLocks;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;

/**
 * What the edge steps share: the build's request and edge, and the line between "cannot work"
 * and "not now". A refused change, login or certificate, an edge/vNIC the manager does not
 * have, or a manager without the 3.0 edge API, is a BPMN error {@value EdgeVariables#ERROR_EDGE_REFUSED} (retrying cannot help; the
 * build compensates and reports the manager's text); an unreachable or failing manager is thrown,
 * so the job is retried and ends as an incident.
 *
 * <p>A step that changes the edge first takes or renews the build's hold on it ({@link EdgeLocks}):
 * another build holding it is an {@code EdgeLockedException}, retried and then an incident that
 * names the holder.
 */
abstract class EdgeStep implements JavaDelegate {

  /** How a step uses the edge's lock. */
  enum Hold {
    /** reads only */
    NONE,
    /** inside the edge stage, which took the lock first and releases it at its end */
    STAGE,
    /** a change on its own (the authoring window's weights): taken for the step, released after it */
    STEP
  }

  final EdgePort edge;
  final EdgeLocks locks;

  EdgeStep(EdgePort edge, EdgeLocks locks) {
    this.edge = edge;
    this.locks = locks;
  }

  Hold hold() {
    return Hold.STAGE;
  }

  /** The step's work on the build's edge. */
  abstract void run(DelegateExecution execution, BuildSpec spec, EdgePort.Target target);

  @Override
  public final void execute(DelegateExecution execution) {
    BuildSpec spec = BuildVariables.spec(execution);
    EdgePort.Target target = EdgeTargets.of(execution, spec);
    String edgeKey = EdgeLocks.key(target);
    if (hold() != Hold.NONE) {
      locks.hold(edgeKey, spec.ticket(), execution.getProcessInstanceId());
    }
    try {
      run(execution, spec, target);
    } catch (EdgeRefusedException | EdgeAuthenticationException | EdgeTrustException | EdgeNotFoundException
        | EdgeUnsupportedException e) {
      throw refused(e.getMessage(), e);
    } finally {
      if (hold() == Hold.STEP) {
        locks.release(edgeKey, spec.ticket());
      }
    }
  }

  /** An object of the build's name that is not the build's: never adopted, never changed. */
  static BpmnError conflict(String kind, String name, String description, EdgePort.Target target, String ticket) {
    return new BpmnError(EdgeVariables.ERROR_EDGE_CONFLICT, "a " + kind + " named '" + name + "' already exists on "
        + target + " and belongs to " + EdgeOwners.describe(description) + ", not to build " + ticket
        + ": Dunes neither adopts nor changes it; rename the cluster or remove that " + kind + " by hand");
  }

  static BpmnError refused(String message, Throwable cause) {
    return new BpmnError(EdgeVariables.ERROR_EDGE_REFUSED, message, cause);
  }
}
