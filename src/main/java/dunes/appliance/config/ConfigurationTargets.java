package dunes.appliance.config;

import dunes.build.BuildSpec;
import dunes.secrets.SecretRef;
import org.camunda.bpm.engine.delegate.VariableScope;

/**
 * Where a build reaches a node's vCO server: its address, 8281 pinned to the confirmed
 * fingerprint, and the request's vCO administrators of both phases (the embedded LDAP's before
 * SSO, the SSO admin group's after; the client orders them by what Dunes recorded for the node).
 */
public final class ConfigurationTargets {

  public static final String SERVER_FINGERPRINT = "serverFingerprint";

  private ConfigurationTargets() {}

  public static VcoConfigPort.Target of(VariableScope execution, BuildSpec spec, BuildSpec.Node node) {
    return of(spec, node, (String) execution.getVariable(SERVER_FINGERPRINT));
  }

  public static VcoConfigPort.Target of(BuildSpec spec, BuildSpec.Node node, String fingerprint) {
    BuildSpec.Appliance appliance = spec.appliance();
    VcoConfigPort.Login ldap = new VcoConfigPort.Login(appliance.vcoAdminUsername(),
        new SecretRef(appliance.vcoAdminPasswordRef()));
    BuildSpec.Sso sso = spec.sso();
    VcoConfigPort.Login ssoAdmin = sso == null || sso.restUsername() == null || sso.restPasswordRef() == null ? null
        : new VcoConfigPort.Login(sso.restUsername(), new SecretRef(sso.restPasswordRef()));
    return new VcoConfigPort.Target(runKey(spec, node), node.ip(), appliance.serverPort(), fingerprint, ldap,
        ssoAdmin);
  }

  /**
   * The key Dunes records the node's configuration runs under ({@link ConfigurationRuns}): the build's
   * ticket and the node's name. A node of another build with the same name — a rebuild after an
   * undo, on a fresh appliance — must not find this build's runs done.
   */
  static String runKey(BuildSpec spec, BuildSpec.Node node) {
    return spec.ticket() + "/" + node.fqdn();
  }
}
