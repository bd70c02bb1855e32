package dunes.pki.certsrv;

import dunes.pki.Fingerprints;
import dunes.secrets.SecretRef;
import java.net.URI;

/**
 * A Microsoft CA's web enrollment pages (AD CS certsrv): submit a CSR, ask after a request held for a
 * CA manager, download what was issued. certsrv answers HTML, not an API, so the pages are read for
 * a few known strings (docs/certsrv-client.md); anything else is a {@link CertsrvProtocolException}.
 * Submitting is not idempotent: each call makes a new request on the CA, so the caller records the
 * request id and asks {@link #status} with it instead of submitting again.
 */
public interface CertsrvPort {

  /**
   * One CA as Dunes reaches it.
   *
   * @param baseUrl the certsrv application, e.g. {@code https://ca.example/certsrv} (no user info,
   *     query or fragment; an empty path means {@code /certsrv}); {@code http} only for a build whose
   *     request allowed it and where a person accepted it ({@link PlainHttpAcceptances})
   * @param fingerprint SHA-256 of the certificate the CA's web server presents: the only one trusted
   *     (https); none over http, which has no certificate
   * @param username the enrolment account, e.g. {@code EXAMPLE\svc-enroll}
   * @param password the account's password secret, resolved at each call
   * @param template the certificate template's name, e.g. {@code WebServer}
   * @param build the build (business key) whose accepted plain HTTP an http target uses; null for https
   * @param authentication how to log in; never {@link CertsrvAuthentication#BASIC} over http, which
   *     would send the password in clear with every request
   */
  record Target(URI baseUrl, String fingerprint, String username, SecretRef password, String template,
      String build, CertsrvAuthentication authentication) {
    public Target {
      boolean plain = baseUrl != null && "http".equalsIgnoreCase(baseUrl.getScheme());
      if (baseUrl == null || !(plain || "https".equalsIgnoreCase(baseUrl.getScheme())) || baseUrl.getHost() == null
          || baseUrl.getRawUserInfo() != null || baseUrl.getRawQuery() != null || baseUrl.getRawFragment() != null) {
        throw new IllegalArgumentException("a certsrv target needs an https (or accepted http) URL with a host and no "
            + "user info, query or fragment, like https://ca.example/certsrv, not '" + baseUrl + "'");
      }
      if (username == null || username.isBlank() || password == null || authentication == null) {
        throw new IllegalArgumentException("a certsrv target at " + baseUrl
            + " needs a username, the password's secret and an authentication method");
      }
      authentication.accountProblem(username).ifPresent(problem -> {
        throw new IllegalArgumentException("a certsrv target at " + baseUrl + ": " + problem);
      });
      if (plain && authentication == CertsrvAuthentication.BASIC) {
        throw new IllegalArgumentException("a certsrv target at " + baseUrl + " is plain http: Basic would send the "
            + "password of '" + username + "' in clear with every request, which Dunes never does; use ntlm or "
            + "negotiate, or https");
      }
      if (plain) {
        if (fingerprint != null) {
          throw new IllegalArgumentException("a certsrv target at " + baseUrl + " is plain http: it has no certificate "
              + "to pin, so a fingerprint would promise what http cannot give");
        }
        if (build == null || build.isBlank()) {
          throw new IllegalArgumentException("a plain http certsrv target at " + baseUrl
              + " names the build whose acceptance of plain HTTP it uses");
        }
      } else {
        if (fingerprint == null) {
          throw new IllegalArgumentException("a certsrv target at " + baseUrl
              + " needs the server certificate's fingerprint");
        }
        fingerprint = Fingerprints.normalize(fingerprint);
      }
      if (template == null || template.isBlank() || !template.strip().matches("[^\\p{Cc}:]{1,100}")) {
        // a line break would add attributes of the caller's choosing to CertAttrib (a SAN, say)
        throw new IllegalArgumentException("a certsrv target at " + baseUrl
            + " needs a template name of 1-100 characters without ':' or control characters, not '" + template + "'");
      }
      template = template.strip();
    }

    /** An https target, pinned to {@code fingerprint}. */
    public static Target https(URI baseUrl, String fingerprint, String username, SecretRef password, String template,
        CertsrvAuthentication authentication) {
      return new Target(baseUrl, fingerprint, username, password, template, null, authentication);
    }

    /** A plain http target, usable once a person accepted plain HTTP for {@code build}. */
    public static Target http(URI baseUrl, String username, SecretRef password, String template, String build,
        CertsrvAuthentication authentication) {
      return new Target(baseUrl, null, username, password, template, build, authentication);
    }

    /** Whether this target is reached over plain http (the login exchange, CSRs and answers in clear). */
    public boolean plainHttp() {
      return "http".equalsIgnoreCase(baseUrl.getScheme());
    }

    /** The certsrv path without a trailing slash, e.g. {@code /certsrv}. */
    String path() {
      String path = baseUrl.getRawPath() == null ? "" : baseUrl.getRawPath().replaceAll("/+$", "");
      return path.isEmpty() ? "/certsrv" : path;
    }

    @Override
    public String toString() {
      return baseUrl.getScheme().toLowerCase(java.util.Locale.ROOT) + "://" + baseUrl.getRawAuthority() + path();
    }
  }

  /**
   * POSTs {@code csrPem} to {@code certfnsh.asp} with the target's template and reads the answer:
   * {@link Disposition#ISSUED} or {@link Disposition#PENDING} with the request id,
   * {@link Disposition#DENIED} with the CA's disposition message (and the id when the page names one).
   *
   * @param csrPem a PKCS#10 request, PEM (or bare base64, as certsrv also takes)
   */
  Submission submit(Target target, String csrPem);

  /**
   * Where request {@code requestId} stands now, read from {@code certnew.cer?ReqID=N}: a certificate
   * means {@link Disposition#ISSUED}; a page whose disposition message is "Taken Under Submission"
   * {@link Disposition#PENDING}; any other disposition message {@link Disposition#DENIED}, with it
   * (that includes the CA's answer for an id it does not know: it will never issue it either).
   */
  Status status(Target target, long requestId);

  /**
   * Downloads what request {@code requestId} was issued: the PKCS#7 chain
   * ({@code certnew.p7b?ReqID=N&Enc=b64}) and the leaf ({@code certnew.cer?ReqID=N&Enc=bin}).
   *
   * @throws CertsrvProtocolException also when the request holds no certificate (pending, denied,
   *     unknown): ask {@link #status} first
   */
  Issued fetch(Target target, long requestId);

  /**
   * The certificate templates the CA offers this account, read-only: the {@code <Option Value="E;name;…">}
   * entries of the advanced request page {@code certrqxt.asp}, as public certsrv clients read them
   * (docs/certsrv-client.md). Nothing is submitted.
   */
  java.util.List<String> templates(Target target);

  /**
   * The CA's own certificate chain, read-only: {@code certnew.p7b?ReqID=CACert&Renewal=0&Enc=b64}, the
   * "Download CA certificate chain" link of certsrv's {@code certcarc.asp}: the issuing CA's certificate
   * with its chain up to the root, in the PKCS#7's order. Nothing is submitted.
   *
   * @throws CertsrvProtocolException not a PKCS#7 of certificates
   */
  java.util.List<java.security.cert.X509Certificate> caChain(Target target);
}
