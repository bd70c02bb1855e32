package dunes.secrets;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What a secret is sent for: the system and the role it logs in with. A binding names the
 * purposes its secret serves, so a secret kept for one system cannot be used in another field.
 */
public enum Purpose {
  VCENTER("vcenter", false),
  APPLIANCE_ROOT("appliance-root", true),
  VCO_REST("vco-rest", true),
  VCO_CONFIG("vco-config", true),
  SSO_ADMIN("sso-admin", false),
  DATABASE("database", false),
  CA_ENROLMENT("ca-enrolment", false),
  EDGE("edge", false),
  CHANGE_CALLBACK("change-callback", false);

  private final String token;
  private final boolean nodeAccount;

  Purpose(String token, boolean nodeAccount) {
    this.token = token;
    this.nodeAccount = nodeAccount;
  }

  /** The name in a binding: {@code vcenter}, {@code appliance-root}, ... */
  public String token() {
    return token;
  }

  /**
   * An account of the appliance itself (root, the REST administrator, the configurator): a build's
   * own nodes may take it, which is what a binding's {@code build-nodes} allows.
   */
  public boolean nodeAccount() {
    return nodeAccount;
  }

  public static Optional<Purpose> of(String token) {
    String wanted = token.trim().toLowerCase(Locale.ROOT);
    return Arrays.stream(values()).filter(p -> p.token.equals(wanted)).findFirst();
  }

  public static String tokens() {
    return Arrays.stream(values()).map(Purpose::token).collect(Collectors.joining(", "));
  }

  @Override
  public String toString() {
    return token;
  }
}
