package dunes.pki.certsrv;

import java.util.List;
import java.util.Optional;

/**
 * The CA's web server refused the login (HTTP 401), or Kerberos did before any request. Retrying
 * with the same request cannot help: an operator fixes the secret or the account, or, when the
 * server does not offer the request's method ({@link #methodOffered()} false), the request's
 * {@code ca.authentication}.
 */
public class CertsrvAuthenticationException extends CertsrvException {

  private final CertsrvAuthentication method;
  private final List<String> offered;
  private final boolean methodOffered;

  CertsrvAuthenticationException(String message, CertsrvAuthentication method, List<String> offered,
      boolean methodOffered, Throwable cause) {
    super(message, cause);
    this.method = method;
    this.offered = List.copyOf(offered);
    this.methodOffered = methodOffered;
  }

  /**
   * The message for a 401: whether the server offers the target's method (then the login itself
   * was refused) or only others (then the request must name one of those), from its
   * {@code WWW-Authenticate} schemes.
   *
   * @param where how messages name the call ({@link CertsrvSession#where})
   * @param clientSide what Dunes's own side of the handshake reported, or null
   */
  static CertsrvAuthenticationException refused(String where, CertsrvPort.Target target, List<String> offered,
      String clientSide) {
    CertsrvAuthentication method = target.authentication();
    String offers = offered.isEmpty() ? "no method at all (no WWW-Authenticate)"
        : "the server offers " + String.join(", ", offered);
    boolean methodOffered = offered.stream().anyMatch(s -> s.equalsIgnoreCase(method.scheme()));
    if (!methodOffered) {
      List<String> usable = offered.stream().map(CertsrvAuthentication::ofScheme).flatMap(Optional::stream)
          .filter(m -> !(m == CertsrvAuthentication.BASIC && target.plainHttp()))
          .map(CertsrvAuthentication::requestName).distinct().toList();
      return new CertsrvAuthenticationException(where + " does not offer " + method.scheme() + ", the method of "
          + "ca.authentication (" + method.requestName() + "): " + offers + " (HTTP 401); "
          + (usable.isEmpty() ? "Dunes speaks none of them over " + target.baseUrl().getScheme() + " ("
              + CertsrvAuthentication.requestNames() + ")" : "set ca.authentication to " + String.join(" or ", usable)),
          method, offered, false, null);
    }
    StringBuilder message = new StringBuilder(where);
    if (clientSide != null) { // no token was sent: the password was never tried
      message.append(": the ").append(method.scheme()).append(" login of '").append(target.username())
          .append("' could not be made (HTTP 401; ").append(offers).append("): ").append(clientSide)
          .append("; the KDC must hold the service principal HTTP/").append(target.baseUrl().getHost())
          .append(", the CA's name as ca.url writes it");
    } else {
      message.append(" refused the ").append(method.scheme()).append(" login of '").append(target.username())
          .append("' with the password from secret '").append(target.password().name()).append("' (HTTP 401; ")
          .append(offers).append("): set that secret to the account's password, and check the account");
    }
    if (method == CertsrvAuthentication.NTLM && !target.plainHttp()) {
      message.append(". If the password is right: an IIS whose Extended Protection is 'Required' refuses Dunes's "
          + "NTLM, which sends no channel binding; set it to 'Accept', or use negotiate");
    }
    return new CertsrvAuthenticationException(message.toString(), method, offered, true, null);
  }

  /** The method Dunes used. */
  public CertsrvAuthentication method() {
    return method;
  }

  /** The schemes of the server's {@code WWW-Authenticate} headers, as it wrote them; empty if none (or no request). */
  public List<String> offered() {
    return offered;
  }

  /**
   * Whether the server offers the method Dunes used: true means the account or its password was
   * refused ({@code ca.username}, the secret); false means the request's {@code ca.authentication}
   * is not what this server speaks.
   */
  public boolean methodOffered() {
    return methodOffered;
  }
}
