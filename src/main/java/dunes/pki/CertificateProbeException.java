package dunes.pki;

/**
 * A TLS endpoint's certificate could not be read: the name did not resolve, nothing listened,
 * nothing answered, or what answered did not speak TLS. The message names host:port and the cause
 * in plain words; {@link #reason()} classifies it for callers that map it to a BPMN error.
 */
public class CertificateProbeException extends RuntimeException {

  /** Why the certificate could not be read. */
  public enum Reason {
    /** The host name did not resolve. */
    UNRESOLVED,
    /** The connection was refused: nothing listens on that port. */
    REFUSED,
    /** No connection or no TLS answer within the timeout. */
    TIMEOUT,
    /** The address could not be reached (no route, network down). */
    UNREACHABLE,
    /** The peer answered, but not as a TLS server, or ended the handshake before its certificate. */
    NOT_TLS,
    /**
     * The peer speaks only TLS 1.0/1.1 (or SSL 3), which Dunes or this JDK does not accept: the
     * message names the protocol and the setting; the cause is the {@link LegacyProtocolException}.
     */
    LEGACY_PROTOCOL
  }

  private final String host;
  private final int port;
  private final Reason reason;

  public CertificateProbeException(String host, int port, Reason reason, String cause, Throwable throwable) {
    super("cannot read the TLS certificate of " + PresentedCertificate.endpoint(host, port) + ": " + cause, throwable);
    this.host = host;
    this.port = port;
    this.reason = reason;
  }

  public String host() {
    return host;
  }

  public int port() {
    return port;
  }

  public Reason reason() {
    return reason;
  }
}
