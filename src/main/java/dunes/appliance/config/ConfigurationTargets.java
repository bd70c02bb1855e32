package dunes.appliance.config;

import dunes.build.BuildSpec;
import dunes.secrets.SecretRef;
import org.camunda.bpm.engine.delegate.VariableScope;

/** Where a build reaches a node's vCO server: its address, 8281 pinned to the confirmed fingerprint. */
public final class ConfigurationTargets {

  public static final String SERVER_FINGERPRINT = "serverFingerprint";

  private ConfigurationTargets() {}

  public static VcoConfigPort.Target of(VariableScope execution, BuildSpec spec, BuildSpec.Node node) {
    return new VcoConfigPort.Target(node.ip(), spec.appliance().serverPort(),
        (String) execution.getVariable(SERVER_FINGERPRINT), new SecretRef(spec.appliance().configPasswordRef()));
  }
}
