package dunes.appliance.shell;

import dunes.build.BuildSpec;
import dunes.secrets.SecretRef;
import org.camunda.bpm.engine.delegate.VariableScope;

/** Where a build reaches a node's shell: its address and SSH port, the host key an operator confirmed. */
public final class ShellTargets {

  public static final String SSH_FINGERPRINT = "sshFingerprint";

  private ShellTargets() {}

  public static NodeShellPort.Target of(VariableScope execution, BuildSpec spec, BuildSpec.Node node) {
    return new NodeShellPort.Target(node.ip(), spec.appliance().sshPort(),
        (String) execution.getVariable(SSH_FINGERPRINT), new SecretRef(spec.appliance().rootPasswordRef()));
  }
}
