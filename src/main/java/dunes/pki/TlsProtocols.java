package dunes.pki;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;

/**
 * The TLS versions Dunes's clients offer, and the one diagnosis of a peer that speaks only TLS 1.0
 * or 1.1 (a 2008 R2 IIS, a SQL Server 2012): every client that goes through {@code dunes.pki}
 * ({@link PinnedHttpClients}: vCO, CA, edge, VAMI; {@link CertificateProbe}) asks here.
 *
 * <p>TLS 1.2 and 1.3 only, unless {@value #PROPERTY} is true. That setting is JVM-wide on purpose:
 * the JDK's own refusal ({@code jdk.tls.disabledAlgorithms}, read once per JVM) cannot be lifted per
 * connection, so both are changed together at start-up (docs/certificates.md, "Legacy TLS").
 */
public final class TlsProtocols {

  /** The Dunes setting (Spring property or JVM system property), false by default. */
  public static final String PROPERTY = "dunes.tls.allow-legacy-protocols";
  static final String JDK_PROPERTY = "jdk.tls.disabledAlgorithms";
  private static final List<String> CURRENT = List.of("TLSv1.3", "TLSv1.2");
  private static final List<String> LEGACY = List.of("TLSv1.1", "TLSv1");

  private static volatile boolean allowLegacy = Boolean.getBoolean(PROPERTY);

  private TlsProtocols() {}

  /** Set once at start-up from {@value #PROPERTY} ({@code PkiConfiguration}). */
  public static void allowLegacy(boolean allow) {
    allowLegacy = allow;
  }

  public static boolean legacyAllowed() {
    return allowLegacy;
  }

  /** What a client offers: TLS 1.3 and 1.2, plus 1.1 and 1.0 when the setting allows them. */
  public static String[] offered() {
    List<String> protocols = new ArrayList<>(CURRENT);
    if (allowLegacy) {
      protocols.addAll(LEGACY);
    }
    return protocols.toArray(String[]::new);
  }

  /**
   * Whether this JVM's TLS may use {@code protocol} at all: false when {@value #JDK_PROPERTY}
   * disables it (JDK 17's default for TLSv1 and TLSv1.1). Asked of the JDK itself, not read from
   * the property text, which may have changed since the JDK read it.
   */
  public static boolean jdkPermits(String protocol) {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, null, null);
      SSLEngine engine = context.createSSLEngine();
      engine.setUseClientMode(true);
      engine.setEnabledProtocols(new String[] {protocol});
      engine.beginHandshake();
      engine.wrap(ByteBuffer.allocate(0), ByteBuffer.allocate(engine.getSession().getPacketBufferSize()));
      return true;
    } catch (SSLException | IllegalArgumentException e) {
      return false; // "No appropriate protocol (protocol is disabled or cipher suites are inappropriate)"
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK offers no TLS client", e);
    }
  }

  /**
   * After a handshake with {@code host:port} failed: whether the peer speaks only TLS 1.0/1.1 (or
   * SSL 3), asked with a second, hand-written hello ({@link LegacyHello}) that reads the version of
   * the peer's answer and nothing else. A failure caused by a certificate (a pin that does not match)
   * is not asked about.
   *
   * @return the exception naming peer, protocol and settings, or empty when the peer accepts TLS 1.2
   *     or the second hello learns nothing
   */
  public static Optional<LegacyProtocolException> diagnose(String host, int port, InetAddress address,
      Duration timeout, IOException failure) {
    if (!(failure instanceof SSLException) || causedByCertificate(failure)) {
      return Optional.empty();
    }
    return LegacyHello.offeredVersion(address, port, host, timeout)
        .map(protocol -> new LegacyProtocolException(host, port, protocol, allowLegacy, jdkPermits(protocol), failure));
  }

  private static boolean causedByCertificate(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof CertificateException) {
        return true;
      }
    }
    return false;
  }
}
