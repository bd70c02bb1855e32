package dunes.pki.certsrv;

import java.security.PrivilegedActionException;
import java.security.PrivilegedExceptionAction;
import java.util.Arrays;
import java.util.Map;
import javax.security.auth.Subject;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.AppConfigurationEntry.LoginModuleControlFlag;
import javax.security.auth.login.Configuration;
import javax.security.auth.login.LoginContext;
import javax.security.auth.login.LoginException;
import org.ietf.jgss.GSSCredential;
import org.ietf.jgss.GSSException;
import org.ietf.jgss.GSSManager;
import org.ietf.jgss.Oid;

/**
 * The enrolment account's Kerberos login, for Negotiate: the JDK's {@code Krb5LoginModule} asks the
 * KDC for a ticket-granting ticket with the password from the secret store (no ticket cache, no
 * keytab, nothing written to disk), and the GSS credential made from it is what HttpClient's
 * SPNEGO scheme initiates with. Where the realm's KDCs are comes from the JVM's Kerberos
 * configuration ({@code java.security.krb5.conf}, else the JDK's or {@code /etc/krb5.conf}, else the
 * realm's DNS SRV records), read again at each login. Lives for one session; {@link #close} destroys
 * the tickets.
 */
final class KerberosLogin implements AutoCloseable {

  private static final Oid SPNEGO = oid("1.3.6.1.5.5.2");
  private static final Oid KERBEROS = oid("1.2.840.113554.1.2.2");

  private final LoginContext login;
  private final GSSCredential credential;

  private KerberosLogin(LoginContext login, GSSCredential credential) {
    this.login = login;
    this.credential = credential;
  }

  /**
   * @param principal {@code user@REALM}
   * @param password cleared once the KDC has answered
   * @throws LoginException the KDC refused (wrong password, unknown or locked account) or was not found
   */
  static KerberosLogin of(String principal, char[] password) throws LoginException, GSSException {
    LoginContext login = new LoginContext("dunes-certsrv", new Subject(), callbacks -> {
      for (var callback : callbacks) {
        if (callback instanceof NameCallback name) {
          name.setName(principal);
        } else if (callback instanceof PasswordCallback secret) {
          secret.setPassword(password);
        } else {
          throw new UnsupportedCallbackException(callback);
        }
      }
    }, new PasswordOnly(principal));
    try {
      login.login();
    } finally {
      Arrays.fill(password, '\0');
    }
    try {
      GSSCredential credential = Subject.doAs(login.getSubject(), (PrivilegedExceptionAction<GSSCredential>) () ->
          GSSManager.getInstance().createCredential(null, GSSCredential.DEFAULT_LIFETIME,
              new Oid[] {SPNEGO, KERBEROS}, GSSCredential.INITIATE_ONLY));
      return new KerberosLogin(login, credential);
    } catch (PrivilegedActionException e) {
      login.logout();
      throw (GSSException) e.getException();
    }
  }

  GSSCredential credential() {
    return credential;
  }

  @Override
  public void close() {
    try {
      credential.dispose();
      login.logout();
    } catch (GSSException | LoginException e) {
      // the tickets die with the objects anyway; nothing is on disk
    }
  }

  /** {@code Krb5LoginModule} with the password from the callback and nothing else: no cache, no keytab. */
  private static final class PasswordOnly extends Configuration {

    private final AppConfigurationEntry[] entries;

    PasswordOnly(String principal) {
      entries = new AppConfigurationEntry[] {new AppConfigurationEntry("com.sun.security.auth.module.Krb5LoginModule",
          LoginModuleControlFlag.REQUIRED, Map.of(
              "principal", principal,
              "useTicketCache", "false",
              "useKeyTab", "false",
              "storeKey", "false",
              "doNotPrompt", "false",
              "isInitiator", "true",
              "refreshKrb5Config", "true"))};
    }

    @Override
    public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
      return entries;
    }
  }

  private static Oid oid(String dotted) {
    try {
      return new Oid(dotted);
    } catch (GSSException e) {
      throw new IllegalStateException(e);
    }
  }
}
