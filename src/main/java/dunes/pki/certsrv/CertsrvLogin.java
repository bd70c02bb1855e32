package dunes.pki.certsrv;

import dunes.pki.PinnedHttpClients;
import dunes.secrets.Secret;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import javax.security.auth.login.LoginException;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.auth.AuthSchemeFactory;
import org.apache.hc.client5.http.auth.AuthScope;
import org.apache.hc.client5.http.auth.Credentials;
import org.apache.hc.client5.http.auth.KerberosConfig;
import org.apache.hc.client5.http.auth.KerberosCredentials;
import org.apache.hc.client5.http.auth.NTCredentials;
import org.apache.hc.client5.http.auth.StandardAuthScheme;
import org.apache.hc.client5.http.auth.UsernamePasswordCredentials;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.auth.BasicSchemeFactory;
import org.apache.hc.client5.http.impl.auth.CredentialsProviderBuilder;
import org.apache.hc.client5.http.impl.auth.NTLMSchemeFactory;
import org.apache.hc.client5.http.impl.auth.SPNegoScheme;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.config.Lookup;
import org.apache.hc.core5.http.config.RegistryBuilder;
import org.ietf.jgss.GSSException;

/**
 * The login half of one {@link CertsrvSession}: the context each request carries, which registers
 * only the target's method with HttpClient (no fallback to another, not even Digest) and holds its
 * credentials. NTLM and Negotiate are HttpClient's own schemes (deprecated there, still shipped);
 * their handshake binds the connection, so one context serves the whole session.
 */
@SuppressWarnings("deprecation") // NTLMScheme, SPNegoScheme, NTCredentials, KerberosCredentials: see the class comment
abstract class CertsrvLogin implements AutoCloseable {

  /**
   * Kerberos asks for a ticket to {@code HTTP/<the host in ca.url>}: no port, no reverse DNS (the
   * JDK's "canonical" name is a PTR lookup, which would ask for another server's ticket), and
   * never a delegated ticket: the CA web server gets no credential of the enrolment account.
   */
  static final KerberosConfig KERBEROS = KerberosConfig.custom().setStripPort(true).setUseCanonicalHostname(false)
      .setRequestDelegCreds(KerberosConfig.Option.DISABLE).build();

  /** The context for the session's next request. */
  abstract HttpClientContext context();

  /** What Dunes's own side of a handshake reported (Kerberos found no ticket, say), for a refused login's message. */
  Optional<String> clientSideFailure() {
    return Optional.empty();
  }

  @Override
  public void close() {}

  /**
   * Logs in as the target says. Only Negotiate talks to anyone here (the KDC); a refusal is a
   * {@link CertsrvAuthenticationException}, an unreachable KDC a {@link CertsrvUnavailableException}.
   */
  static CertsrvLogin open(CertsrvPort.Target target, HttpHost server, Secret password, CertsrvProperties properties,
      DnsResolver dns) {
    // HttpClient answers only the schemes it is told to prefer, by default not NTLM or Negotiate
    RequestConfig settings = PinnedHttpClients.requestConfig(properties.responseTimeout())
        .setTargetPreferredAuthSchemes(List.of(target.authentication().scheme())).build();
    return switch (target.authentication()) {
      case BASIC -> new Basic(server, settings, new UsernamePasswordCredentials(target.username(), password.reveal()));
      case NTLM -> {
        CertsrvAuthentication.NtlmAccount account = CertsrvAuthentication.NtlmAccount.of(target.username());
        // the workstation argument is ignored: HttpClient sends this host's name
        yield new Windows(server, settings, registry(StandardAuthScheme.NTLM, NTLMSchemeFactory.INSTANCE),
            new NTCredentials(account.user(), password.reveal(), null, account.domain()));
      }
      case NEGOTIATE -> Negotiate.login(target, server, settings, password, dns);
    };
  }

  private static Lookup<AuthSchemeFactory> registry(String scheme, AuthSchemeFactory factory) {
    return RegistryBuilder.<AuthSchemeFactory>create().register(scheme, factory).build();
  }

  /** Basic, preemptive: the credentials go with each request, as before any challenge (over TLS only). */
  private static final class Basic extends CertsrvLogin {

    private static final Lookup<AuthSchemeFactory> BASIC =
        registry(StandardAuthScheme.BASIC, BasicSchemeFactory.INSTANCE);
    private final HttpHost server;
    private final RequestConfig settings;
    private final UsernamePasswordCredentials credentials;

    Basic(HttpHost server, RequestConfig settings, UsernamePasswordCredentials credentials) {
      this.server = server;
      this.settings = settings;
      this.credentials = credentials;
    }

    @Override
    HttpClientContext context() {
      HttpClientContext context = PinnedHttpClients.preemptiveBasic(server, credentials);
      context.setAuthSchemeRegistry(BASIC);
      context.setRequestConfig(settings);
      return context;
    }
  }

  /** NTLM or Negotiate: answered when the server challenges, on one context for the session. */
  private static class Windows extends CertsrvLogin {

    private final HttpClientContext context = HttpClientContext.create();

    Windows(HttpHost server, RequestConfig settings, Lookup<AuthSchemeFactory> schemes, Credentials credentials) {
      context.setRequestConfig(settings);
      context.setAuthSchemeRegistry(schemes);
      context.setCredentialsProvider(
          CredentialsProviderBuilder.create().add(new AuthScope(server), credentials).build());
    }

    @Override
    HttpClientContext context() {
      return context;
    }
  }

  /** SPNEGO with the Kerberos credential of a {@link KerberosLogin}, destroyed with the session. */
  private static final class Negotiate extends Windows {

    private final KerberosLogin kerberos;
    private final AtomicReference<String> failure;

    private Negotiate(HttpHost server, RequestConfig settings, KerberosLogin kerberos, AtomicReference<String> failure,
        DnsResolver dns) {
      super(server, settings, registry(StandardAuthScheme.SPNEGO, context -> new ExplainedSpnego(dns, failure)),
          new KerberosCredentials(kerberos.credential()));
      this.kerberos = kerberos;
      this.failure = failure;
    }

    static Negotiate login(CertsrvPort.Target target, HttpHost server, RequestConfig settings, Secret password,
        DnsResolver dns) {
      String who = "certsrv at " + target + ": the Kerberos login of '" + target.username() + "' (ca.authentication "
          + "negotiate)";
      try {
        return new Negotiate(server, settings, KerberosLogin.of(target.username(), password.reveal()),
            new AtomicReference<>(), dns);
      } catch (LoginException e) {
        if (causedByNetwork(e)) {
          // nothing was sent to the CA: no submission can be left behind unknown
          throw new CertsrvUnavailableException(who + " got no answer from a KDC of its realm: " + e.getMessage()
              + "; retry later, or check the JVM's Kerberos configuration (krb5.conf) names reachable KDCs", true, e);
        }
        throw new CertsrvAuthenticationException(who + " was refused before any request: " + e.getMessage()
            + "; set secret '" + target.password().name() + "' to the account's password, check the account, and "
            + "that this host finds the realm's KDCs (the JVM's krb5.conf, or the realm's DNS SRV records)",
            CertsrvAuthentication.NEGOTIATE, List.of(), true, e);
      } catch (GSSException e) {
        throw new CertsrvAuthenticationException(who + " got a ticket but no GSS credential from it: " + e.getMessage(),
            CertsrvAuthentication.NEGOTIATE, List.of(), true, e);
      }
    }

    private static boolean causedByNetwork(Throwable e) {
      for (Throwable cause = e; cause != null; cause = cause.getCause()) {
        if (cause instanceof IOException) {
          return true;
        }
      }
      return false;
    }

    @Override
    Optional<String> clientSideFailure() {
      return Optional.ofNullable(failure.get());
    }

    @Override
    public void close() {
      kerberos.close();
    }
  }

  /**
   * HttpClient's SPNEGO scheme, keeping the JGSS failure it would only log (a missing service
   * principal, say) so that the refused login's message can say it.
   */
  private static final class ExplainedSpnego extends SPNegoScheme {

    private final AtomicReference<String> failure;

    ExplainedSpnego(DnsResolver dns, AtomicReference<String> failure) {
      super(KERBEROS, dns);
      this.failure = failure;
    }

    @Override
    protected byte[] generateToken(byte[] input, String serviceName, String authServer) throws GSSException {
      try {
        return super.generateToken(input, serviceName, authServer);
      } catch (GSSException e) {
        failure.set("Kerberos gave no ticket for " + serviceName + "/" + authServer + ": " + e.getMessage());
        throw e;
      }
    }
  }
}
