package dunes.pki;

import dunes.pki.CertificateProbeException.Reason;
import dunes.pki.keys.CertificateChains;
import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.security.auth.x500.X500Principal;
import org.apache.hc.client5.http.DnsResolver;

/**
 * Reads the certificate chain a TLS endpoint presents without trusting it, so that an operator (a
 * Tasklist user task) or a pinned fingerprint can decide whether Dunes may trust it.
 *
 * <p>The probe starts a TLS 1.2/1.3 handshake ({@link TlsProtocols#offered()}) whose trust manager records the server's chain and
 * then refuses it, always: the handshake aborts with a certificate alert, and no application data
 * (no HTTP request, no credential) is ever sent. Nothing is trusted, whatever the endpoint presents.
 */
public final class CertificateProbe {

  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

  private final Duration connectTimeout;
  private final Duration readTimeout;
  private final DnsResolver dns;

  /**
   * @param connectTimeout how long to wait for the TCP connection
   * @param readTimeout how long to wait for each answer during the handshake
   * @param dns resolves host names (RequestDns: the request's DNS servers); {@code null} for the system's DNS
   */
  public CertificateProbe(Duration connectTimeout, Duration readTimeout, DnsResolver dns) {
    this.connectTimeout = positive(connectTimeout, "connectTimeout");
    this.readTimeout = positive(readTimeout, "readTimeout");
    this.dns = dns;
  }

  /**
   * The certificate {@code host:port} presents. A name is resolved through the resolver given (or
   * the system's DNS); the probe connects to the resolved address and sends the name as SNI.
   *
   * @throws CertificateProbeException when the name does not resolve, nothing listens or answers,
   *     or the peer is not a TLS server
   */
  public PresentedCertificate probe(String host, int port) {
    Objects.requireNonNull(host, "host");
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("not a TCP port: " + port);
    }
    InetAddress[] addresses = resolve(host, port);
    CertificateProbeException failure = null;
    for (InetAddress address : addresses) {
      try {
        return probe(host, port, address);
      } catch (CertificateProbeException e) {
        if (e.reason() == Reason.NOT_TLS || e.reason() == Reason.LEGACY_PROTOCOL) {
          throw e; // something answered: another address of the same name will not do better
        }
        if (failure == null) {
          failure = e; // the first address's failure: the one an operator checks first
        }
      }
    }
    throw failure;
  }

  /** {@code presented.requireMatch(pinnedFingerprint)}. */
  public static void requireMatch(PresentedCertificate presented, String pinnedFingerprint) {
    presented.requireMatch(pinnedFingerprint);
  }

  private PresentedCertificate probe(String host, int port, InetAddress address) {
    ChainRecorder recorder = new ChainRecorder();
    String where = address.getHostAddress();
    try (Socket tcp = new Socket()) {
      try {
        tcp.connect(new InetSocketAddress(address, port), millis(connectTimeout));
      } catch (SocketTimeoutException e) {
        throw new CertificateProbeException(host, port, Reason.TIMEOUT,
            "no connection to " + where + " within " + seconds(connectTimeout) + " (a firewall drops it, or the host is down)", e);
      } catch (ConnectException e) {
        throw new CertificateProbeException(host, port, Reason.REFUSED,
            "connection to " + where + " refused: nothing listens on port " + port, e);
      } catch (NoRouteToHostException e) {
        throw new CertificateProbeException(host, port, Reason.UNREACHABLE, "no route to " + where, e);
      } catch (IOException e) {
        throw new CertificateProbeException(host, port, Reason.UNREACHABLE,
            "cannot connect to " + where + ": " + e.getMessage(), e);
      }
      try {
        tcp.setSoTimeout(millis(readTimeout));
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {recorder}, null);
        try (SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(tcp, host, port, false)) {
          SSLParameters parameters = tls.getSSLParameters();
          parameters.setProtocols(TlsProtocols.offered());
          parameters.setServerNames(serverNames(host));
          parameters.setEndpointIdentificationAlgorithm(null); // the recorder refuses every chain anyway
          tls.setSSLParameters(parameters);
          tls.startHandshake();
        }
        // unreachable: the recorder refuses every chain, so no handshake can complete
        throw new IllegalStateException("a TLS handshake with " + PresentedCertificate.endpoint(host, port)
            + " completed although the probe trusts no certificate");
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("this JDK offers no TLS client", e);
      } catch (IOException e) {
        if (recorder.chain != null) {
          return describe(host, port, recorder.chain); // the expected end: the probe refused the chain
        }
        LegacyProtocolException legacy = TlsProtocols.diagnose(host, port, address, readTimeout, e).orElse(null);
        if (legacy != null) {
          throw new CertificateProbeException(host, port, Reason.LEGACY_PROTOCOL, legacy.getMessage(), legacy);
        }
        throw notTls(host, port, where, e);
      }
    } catch (IOException e) { // closing the TCP socket
      if (recorder.chain != null) {
        return describe(host, port, recorder.chain);
      }
      throw notTls(host, port, where, e);
    }
  }

  private CertificateProbeException notTls(String host, int port, String where, IOException e) {
    if (e instanceof SocketTimeoutException) {
      return new CertificateProbeException(host, port, Reason.TIMEOUT,
          "connected to " + where + ", but no TLS answer came within " + seconds(readTimeout)
              + " (is it a TLS port? a server that waits for the client to speak first would do this)", e);
    }
    if (e instanceof SSLException && String.valueOf(e.getMessage()).contains("Unsupported or unrecognized SSL message")) {
      return new CertificateProbeException(host, port, Reason.NOT_TLS,
          "connected to " + where + ", but it does not speak TLS (plain HTTP or another protocol answered)", e);
    }
    if (e instanceof EOFException || e instanceof SocketException
        || e instanceof SSLException && e.getCause() instanceof EOFException) {
      return new CertificateProbeException(host, port, Reason.NOT_TLS,
          "connected to " + where + ", but it closed the connection before presenting a certificate"
              + " (not a TLS server, or one that accepts none of TLS 1.2/1.3)", e);
    }
    return new CertificateProbeException(host, port, Reason.NOT_TLS,
        "connected to " + where + ", but the TLS handshake failed before it presented a certificate: " + e.getMessage(), e);
  }

  private InetAddress[] resolve(String host, int port) {
    try {
      InetAddress[] addresses;
      if (isAddressLiteral(host)) {
        addresses = new InetAddress[] {InetAddress.getByName(host)}; // a literal: no lookup
      } else if (dns != null) {
        addresses = dns.resolve(host);
      } else {
        addresses = InetAddress.getAllByName(host);
      }
      if (addresses == null || addresses.length == 0) {
        throw new UnknownHostException(host);
      }
      return addresses;
    } catch (UnknownHostException e) {
      throw new CertificateProbeException(host, port, Reason.UNRESOLVED,
          "the name " + host + " does not resolve" + (dns != null ? " (in the resolver given)" : " (in DNS)"), e);
    }
  }

  private static List<SNIServerName> serverNames(String host) {
    if (isAddressLiteral(host)) {
      return List.of(); // SNI carries names only
    }
    try {
      return List.of(new SNIHostName(host));
    } catch (IllegalArgumentException e) {
      return List.of(); // not a name SNI can carry
    }
  }

  private static boolean isAddressLiteral(String host) {
    return host.indexOf(':') >= 0 || IPV4.matcher(host).matches();
  }

  private static PresentedCertificate describe(String host, int port, X509Certificate[] chain) {
    X509Certificate leaf = chain[0];
    return new PresentedCertificate(host, port,
        leaf.getSubjectX500Principal().getName(X500Principal.RFC2253),
        leaf.getIssuerX500Principal().getName(X500Principal.RFC2253),
        leaf.getNotBefore().toInstant(), leaf.getNotAfter().toInstant(),
        Fingerprints.sha256(leaf), subjectAltNames(leaf), CertificateChains.selfSigned(leaf),
        Arrays.stream(chain).map(Fingerprints::sha256).toList());
  }

  private static List<String> subjectAltNames(X509Certificate certificate) {
    try {
      Collection<List<?>> names = certificate.getSubjectAlternativeNames();
      List<String> described = new ArrayList<>();
      if (names != null) {
        for (List<?> name : names) {
          int type = (Integer) name.get(0);
          Object value = name.get(1);
          String text = value instanceof String s ? s : "(encoded)";
          described.add(switch (type) {
            case 0 -> "otherName:" + text;
            case 1 -> "email:" + text;
            case 2 -> "DNS:" + text;
            case 3 -> "x400Address:" + text;
            case 4 -> "dirName:" + text;
            case 5 -> "ediPartyName:" + text;
            case 6 -> "URI:" + text;
            case 7 -> "IP:" + text;
            case 8 -> "registeredID:" + text;
            default -> "type" + type + ":" + text;
          });
        }
      }
      return described;
    } catch (CertificateParsingException e) {
      return List.of("(unreadable: " + e.getMessage() + ")");
    }
  }


  private static Duration positive(Duration duration, String name) {
    Objects.requireNonNull(duration, name);
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, not " + duration);
    }
    return duration;
  }

  private static int millis(Duration duration) {
    return (int) Math.min(Integer.MAX_VALUE, Math.max(1, duration.toMillis()));
  }

  private static String seconds(Duration duration) {
    return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
  }

  /** The presented certificate is not the pinned one. */
  public static final class FingerprintMismatchException extends RuntimeException {

    private final transient PresentedCertificate presented;
    private final String pinned;

    public FingerprintMismatchException(PresentedCertificate presented, String pinnedFingerprint) {
      super("the certificate " + presented.subject() + " presented by " + presented.endpoint()
          + " has SHA-256 fingerprint " + presented.sha256Fingerprint() + ", not the pinned " + pinnedFingerprint);
      this.presented = presented;
      this.pinned = pinnedFingerprint;
    }

    public PresentedCertificate presented() {
      return presented;
    }

    public String pinnedFingerprint() {
      return pinned;
    }
  }

  /**
   * Records the server's chain, then refuses it: the probe's only trust manager, and it trusts
   * nothing. Refusing aborts the handshake before any application data can be sent.
   */
  private static final class ChainRecorder extends X509ExtendedTrustManager {

    private volatile X509Certificate[] chain;

    @Override
    public void checkServerTrusted(X509Certificate[] presented, String authType) throws CertificateException {
      if (presented != null && presented.length > 0) {
        chain = presented.clone();
      }
      throw new CertificateException("Dunes probes this certificate and trusts it not: an operator or a pin decides");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] presented, String authType, Socket socket) throws CertificateException {
      checkServerTrusted(presented, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] presented, String authType, SSLEngine engine) throws CertificateException {
      checkServerTrusted(presented, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] presented, String authType) throws CertificateException {
      throw new CertificateException("no client certificates are trusted");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] presented, String authType, Socket socket) throws CertificateException {
      checkClientTrusted(presented, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] presented, String authType, SSLEngine engine) throws CertificateException {
      checkClientTrusted(presented, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
