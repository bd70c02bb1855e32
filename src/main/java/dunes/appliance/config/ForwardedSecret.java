package dunes.appliance.config;

import dunes.secrets.Destination;
import dunes.secrets.SecretRef;

/**
 * A SecureString input's value: the secret, and the system the node passes it on to ({@code
 * onward}: the SSO administrator's password goes to SSO, vCenter's to vCenter, the database's to
 * SQL Server). The secret's binding must allow both the hand-over to the build's node and that
 * system; the client checks both when it posts the run.
 */
public record ForwardedSecret(SecretRef secret, Destination onward) {

  public ForwardedSecret {
    if (secret == null || onward == null || onward.system() == null || onward.node() != null) {
      throw new IllegalArgumentException("a forwarded secret needs the secret and the system the node passes it on to");
    }
  }

  @Override
  public String toString() {
    return secret.toString();
  }
}
