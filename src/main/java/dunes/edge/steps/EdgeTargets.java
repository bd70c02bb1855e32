package dunes.edge.steps;

import dunes.build.BuildSpec;
import dunes.edge.EdgePort;
import dunes.secrets.SecretRef;
import org.camunda.bpm.engine.delegate.VariableScope;

/** Where a build reaches its edge: the request's manager, edge and account, pinned to the trusted fingerprint. */
public final class EdgeTargets {

  private EdgeTargets() {}

  public static EdgePort.Target of(VariableScope execution, BuildSpec spec) {
    BuildSpec.Edge edge = spec.edge();
    String fingerprint = (String) execution.getVariable(EdgeVariables.EDGE_FINGERPRINT);
    if (fingerprint == null) {
      throw new IllegalStateException("no trusted fingerprint for the vShield Manager " + edge.managerUrl()
          + ": '" + EdgeVariables.EDGE_FINGERPRINT + "' is not set; the manager's certificate is confirmed first");
    }
    return new EdgePort.Target(edge.managerUrl(), edge.edgeId(), edge.username(), new SecretRef(edge.passwordRef()),
        fingerprint);
  }
}
