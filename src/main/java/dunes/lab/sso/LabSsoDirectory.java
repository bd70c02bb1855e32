package dunes.lab.sso;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The lab SSO's users and groups, as the identity sources the seed's prerequisites have added
 * ("Appropriate Identity Sources added to SSO"): the SSO administrator
 * {@code administrator@vsphere.local}, a member of {@code vsphere.local\Administrators} and of the
 * vCO admin group {@code vsphere.local\vCO Admins} (the lab's choice, the one
 * docs/build-request.example.json names). A vCO node registered with this SSO authenticates its
 * REST logins here ("Configure SSO", dunes.lab.node).
 */
public final class LabSsoDirectory {

  public static final String ADMINISTRATOR = "administrator@vsphere.local";
  public static final String ADMINISTRATORS = "vsphere.local\\Administrators";
  public static final String VCO_ADMINS = "vsphere.local\\vCO Admins";

  private record Account(String password, Set<String> groups) {}

  private final Map<String, Account> accounts;

  private LabSsoDirectory(Map<String, Account> accounts) {
    this.accounts = Map.copyOf(accounts);
  }

  /** The lab's directory; {@code administratorPassword} is the {@code sso-admin} secret's value (null: no account can log in). */
  public static LabSsoDirectory lab(String administratorPassword) {
    return new LabSsoDirectory(administratorPassword == null ? Map.of()
        : Map.of(ADMINISTRATOR, new Account(administratorPassword, Set.of(ADMINISTRATORS, VCO_ADMINS))));
  }

  /** SSO user names compare without case, as {@code user@domain}. */
  public boolean authenticates(String user, String password) {
    Account account = user == null ? null : accounts.get(user.toLowerCase(Locale.ROOT));
    return account != null && password != null && MessageDigest.isEqual(
        account.password().getBytes(StandardCharsets.UTF_8),
        password.getBytes(StandardCharsets.UTF_8));
  }

  public boolean memberOf(String user, String group) {
    Account account = user == null ? null : accounts.get(user.toLowerCase(Locale.ROOT));
    return account != null && account.groups().stream().anyMatch(g -> g.equalsIgnoreCase(group));
  }

  public boolean hasGroup(String group) {
    return accounts.values().stream().anyMatch(account -> account.groups().stream().anyMatch(g -> g.equalsIgnoreCase(group)));
  }
}
