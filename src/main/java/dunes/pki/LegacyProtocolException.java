package dunes.pki;

import javax.net.ssl.SSLHandshakeException;

/**
 * A TLS peer speaks only a protocol Dunes does not offer by default (TLS 1.0, TLS 1.1, SSL 3). A
 * handshake failure, so every caller that handles {@link javax.net.ssl.SSLException} still does;
 * the message names the peer, the protocol it offers and what would allow it. Retrying cannot help.
 */
public class LegacyProtocolException extends SSLHandshakeException {

  private final String host;
  private final int port;
  private final String protocol;

  LegacyProtocolException(String host, int port, String protocol, boolean allowed, boolean jdkPermits,
      Throwable handshakeFailure) {
    super(message(PresentedCertificate.endpoint(host, port), protocol, allowed, jdkPermits));
    initCause(handshakeFailure);
    this.host = host;
    this.port = port;
    this.protocol = protocol;
  }

  private static String message(String endpoint, String protocol, boolean allowed, boolean jdkPermits) {
    String head = "the TLS peer " + endpoint + " offers only " + protocol + ", which Dunes does not accept";
    if (protocol.startsWith("SSL")) {
      return head + " in any setting: " + protocol + " is broken; enable TLS 1.2 on the peer";
    }
    if (!allowed) {
      return head + " (Dunes offers TLSv1.3 and TLSv1.2): enable TLS 1.2 on the peer, or set "
          + TlsProtocols.PROPERTY + "=true and remove " + protocol + " from the JDK's "
          + TlsProtocols.JDK_PROPERTY + " (both JVM-wide; docs/certificates.md, \"Legacy TLS\")";
    }
    if (!jdkPermits) {
      return head + ": " + TlsProtocols.PROPERTY + " is true, but this JVM's " + TlsProtocols.JDK_PROPERTY
          + " still disables " + protocol + "; start Dunes with -Djava.security.properties=<file> whose "
          + TlsProtocols.JDK_PROPERTY + " omits it (docs/certificates.md, \"Legacy TLS\")";
    }
    return head + " although " + TlsProtocols.PROPERTY + " is true and the JDK permits it: the peer and this JDK "
        + "share no cipher suite for " + protocol + " (docs/certificates.md, \"Legacy TLS\")";
  }

  public String host() {
    return host;
  }

  public int port() {
    return port;
  }

  /** What the peer answered: {@code TLSv1}, {@code TLSv1.1} or {@code SSLv3}. */
  public String protocol() {
    return protocol;
  }
}
