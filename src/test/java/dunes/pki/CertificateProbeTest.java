package dunes.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsServer;
import dunes.lab.LabCertificates;
import dunes.lab.LabHttp;
import dunes.pki.CertificateProbeException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.security.auth.x500.X500Principal;
import org.apache.hc.client5.http.impl.InMemoryDnsResolver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The probe against a real JDK HTTPS server on 127.0.9.1 with a lab certificate. */
class CertificateProbeTest {

  static final String ADDRESS = "127.0.9.1";
  static final String NAME = "vcenter.lab.local";
  static final Duration TIMEOUT = Duration.ofSeconds(3);

  LabCertificates.Issued issued;
  HttpsServer server;
  int port;
  final AtomicInteger requests = new AtomicInteger();
  final List<String> serverNamesSeen = new CopyOnWriteArrayList<>();
  final List<AutoCloseable> closeLater = new ArrayList<>();

  @BeforeEach
  void startServer() throws Exception {
    issued = LabCertificates.selfSigned(NAME, List.of(NAME, "vc.lab.local"), List.of(ADDRESS));
    server = LabHttp.https(ADDRESS, 0, recordingSni(issued));
    server.createContext("/", exchange -> {
      try (exchange) {
        requests.incrementAndGet();
        LabHttp.text(exchange, 200, "hello");
      }
    });
    server.start();
    port = server.getAddress().getPort();
  }

  @AfterEach
  void stop() throws Exception {
    server.stop(0);
    for (AutoCloseable c : closeLater) {
      c.close();
    }
  }

  CertificateProbe probe() {
    return new CertificateProbe(TIMEOUT, TIMEOUT, null);
  }

  @Test
  void shouldReadTheLeafAsPresented() {
    X509Certificate certificate = issued.certificate();

    PresentedCertificate presented = probe().probe(ADDRESS, port);

    assertThat(presented.host()).isEqualTo(ADDRESS);
    assertThat(presented.port()).isEqualTo(port);
    assertThat(presented.endpoint()).isEqualTo(ADDRESS + ":" + port);
    // RFC 2253 writes the last RDN first; the lab's certificates encode CN before O
    assertThat(presented.subject()).isEqualTo("O=Dunes Lab,CN=vcenter.lab.local")
        .isEqualTo(certificate.getSubjectX500Principal().getName(X500Principal.RFC2253));
    assertThat(presented.issuer()).isEqualTo(presented.subject());
    assertThat(presented.subjectAltNames()).containsExactly("DNS:vcenter.lab.local", "DNS:vc.lab.local", "IP:127.0.9.1");
    assertThat(presented.sha256Fingerprint()).isEqualTo(Fingerprints.sha256(certificate));
    assertThat(presented.chainFingerprints()).containsExactly(Fingerprints.sha256(certificate));
    assertThat(presented.notBefore()).isEqualTo(certificate.getNotBefore().toInstant());
    assertThat(presented.notAfter()).isEqualTo(certificate.getNotAfter().toInstant());
    assertThat(presented.notAfter()).isAfter(Instant.now().plus(Duration.ofDays(364)));
    assertThat(presented.validAt(Instant.now())).isTrue();
    assertThat(presented.selfSigned()).isTrue();
    assertThat(serverNamesSeen).containsExactly("(none)"); // an address is never sent as SNI
  }

  @Test
  void shouldNeverCompleteTheHandshakeNorSendARequest() throws Exception {
    probe().probe(ADDRESS, port);
    probe().probe(ADDRESS, port);
    Thread.sleep(200); // let a request, were one sent, reach the handler

    assertThat(requests).hasValue(0);

    // the server does count requests: a client that pins the certificate gets one through
    String pin = Fingerprints.sha256(issued.certificate());
    SSLContext pinned = SSLContext.getInstance("TLS");
    pinned.init(null, new TrustManager[] {new PinnedCertificateTrustManager(pin)}, null);
    HttpsURLConnection connection = (HttpsURLConnection) new URL("https://" + ADDRESS + ":" + port + "/").openConnection();
    connection.setSSLSocketFactory(pinned.getSocketFactory());
    connection.setHostnameVerifier(new PinnedPeerHostnameVerifier(pin));
    assertThat(connection.getResponseCode()).isEqualTo(200);
    connection.disconnect();
    assertThat(requests).hasValue(1);
  }

  @Test
  void shouldReachANameThroughTheResolverAndSendItAsSni() throws Exception {
    InMemoryDnsResolver names = new InMemoryDnsResolver();
    names.add(NAME, InetAddress.getByAddress(NAME, new byte[] {127, 0, 9, 1}));

    PresentedCertificate presented = new CertificateProbe(TIMEOUT, TIMEOUT, names).probe(NAME, port);

    assertThat(presented.host()).isEqualTo(NAME);
    assertThat(presented.endpoint()).isEqualTo(NAME + ":" + port);
    assertThat(presented.sha256Fingerprint()).isEqualTo(Fingerprints.sha256(issued.certificate()));
    assertThat(serverNamesSeen).containsExactly(NAME);
    assertThat(requests).hasValue(0);
  }

  @Test
  void shouldSayWhenTheNameDoesNotResolve() throws Exception {
    InMemoryDnsResolver names = new InMemoryDnsResolver();
    names.add(NAME, InetAddress.getByAddress(NAME, new byte[] {127, 0, 9, 1}));

    assertThatThrownBy(() -> new CertificateProbe(TIMEOUT, TIMEOUT, names).probe("vcenter2.lab.local", port))
        .isInstanceOfSatisfying(CertificateProbeException.class, e -> {
          assertThat(e.reason()).isEqualTo(Reason.UNRESOLVED);
          assertThat(e.host()).isEqualTo("vcenter2.lab.local");
          assertThat(e.port()).isEqualTo(port);
        })
        .hasMessage("cannot read the TLS certificate of vcenter2.lab.local:" + port
            + ": the name vcenter2.lab.local does not resolve (in the resolver given)");
  }

  @Test
  void shouldSayWhenNothingListens() throws Exception {
    int closed;
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(ADDRESS, 0));
      closed = socket.getLocalPort();
    }

    assertThatThrownBy(() -> probe().probe(ADDRESS, closed))
        .isInstanceOfSatisfying(CertificateProbeException.class, e -> assertThat(e.reason()).isEqualTo(Reason.REFUSED))
        .hasMessage("cannot read the TLS certificate of 127.0.9.1:" + closed
            + ": connection to 127.0.9.1 refused: nothing listens on port " + closed);
  }

  @Test
  void shouldSayWhenThePeerDoesNotSpeakTls() throws Exception {
    ServerSocket plain = plainServer(socket -> {
      OutputStream out = socket.getOutputStream();
      out.write("SSH-2.0-OpenSSH_9.2\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      drain(socket.getInputStream());
    });

    assertThatThrownBy(() -> probe().probe(ADDRESS, plain.getLocalPort()))
        .isInstanceOfSatisfying(CertificateProbeException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_TLS))
        .hasMessageStartingWith("cannot read the TLS certificate of 127.0.9.1:" + plain.getLocalPort() + ": ")
        .hasMessageContaining("does not speak TLS");
  }

  @Test
  void shouldSayWhenAPlainHttpServerAnswers() throws Exception {
    ServerSocket plain = plainServer(socket -> {
      socket.getInputStream().read(new byte[512]);
      OutputStream out = socket.getOutputStream();
      out.write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
    });

    assertThatThrownBy(() -> probe().probe(ADDRESS, plain.getLocalPort()))
        .isInstanceOfSatisfying(CertificateProbeException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_TLS))
        .hasMessageContaining("127.0.9.1:" + plain.getLocalPort())
        .hasMessageContaining("does not speak TLS");
  }

  @Test
  void shouldSayWhenThePeerClosesWithoutACertificate() throws Exception {
    ServerSocket plain = plainServer(socket -> socket.getInputStream().read(new byte[512]));

    assertThatThrownBy(() -> probe().probe(ADDRESS, plain.getLocalPort()))
        .isInstanceOfSatisfying(CertificateProbeException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_TLS))
        .hasMessageContaining("127.0.9.1:" + plain.getLocalPort())
        .hasMessageContaining("closed the connection before presenting a certificate");
  }

  @Test
  void shouldSayWhenThePeerStaysSilent() throws Exception {
    ServerSocket silent = new ServerSocket();
    silent.bind(new InetSocketAddress(ADDRESS, 0)); // the kernel accepts; nobody ever answers
    closeLater.add(silent);

    assertThatThrownBy(() -> new CertificateProbe(TIMEOUT, Duration.ofMillis(300), null).probe(ADDRESS, silent.getLocalPort()))
        .isInstanceOfSatisfying(CertificateProbeException.class, e -> assertThat(e.reason()).isEqualTo(Reason.TIMEOUT))
        .hasMessageContaining("127.0.9.1:" + silent.getLocalPort())
        .hasMessageContaining("no TLS answer came within 300 ms");
  }

  @Test
  void shouldMatchThePinnedFingerprintInAnyAcceptedForm() {
    PresentedCertificate presented = probe().probe(ADDRESS, port);
    String colons = Fingerprints.sha256(issued.certificate());
    String bare = colons.replace(":", "").toLowerCase(Locale.ROOT);

    assertThat(presented.matches(colons)).isTrue();
    assertThat(presented.matches(bare)).isTrue();
    assertThat(presented.matches(colons.toLowerCase(Locale.ROOT))).isTrue();
    assertThatCode(() -> CertificateProbe.requireMatch(presented, bare)).doesNotThrowAnyException();
    assertThatCode(() -> presented.requireMatch(colons)).doesNotThrowAnyException();
  }

  @Test
  void shouldNameBothFingerprintsOnMismatch() {
    PresentedCertificate presented = probe().probe(ADDRESS, port);
    String other = Fingerprints.sha256(LabCertificates.selfSigned(NAME, List.of(NAME), List.of()).certificate());

    assertThat(presented.matches(other)).isFalse();
    assertThatThrownBy(() -> CertificateProbe.requireMatch(presented, other.replace(":", "").toLowerCase(Locale.ROOT)))
        .isInstanceOfSatisfying(CertificateProbe.FingerprintMismatchException.class, e -> {
          assertThat(e.pinnedFingerprint()).isEqualTo(other);
          assertThat(e.presented()).isEqualTo(presented);
        })
        .hasMessage("the certificate O=Dunes Lab,CN=vcenter.lab.local presented by 127.0.9.1:" + port
            + " has SHA-256 fingerprint " + presented.sha256Fingerprint() + ", not the pinned " + other);
    assertThatThrownBy(() -> presented.requireMatch("AB:CD"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a SHA-256 fingerprint");
  }

  // --- helpers -------------------------------------------------------------------------------

  interface Conversation {
    void run(Socket socket) throws IOException;
  }

  /** A plain-TCP server on 127.0.9.1 that holds {@code conversation} with each client, then closes. */
  ServerSocket plainServer(Conversation conversation) throws IOException {
    ServerSocket socket = new ServerSocket();
    socket.bind(new InetSocketAddress(ADDRESS, 0));
    closeLater.add(socket);
    Thread thread = new Thread(() -> {
      while (!socket.isClosed()) {
        try (Socket client = socket.accept()) {
          client.setSoTimeout(5000);
          conversation.run(client);
        } catch (IOException e) {
          // closed at the end of the test, or the client went away
        }
      }
    }, "plain-tcp");
    thread.setDaemon(true);
    thread.start();
    return socket;
  }

  static void drain(InputStream in) throws IOException {
    byte[] buffer = new byte[512];
    while (in.read(buffer) >= 0) {
      // discard what the client says
    }
  }

  /** The lab's server context, with a key manager that notes the SNI name each handshake asks for. */
  SSLContext recordingSni(LabCertificates.Issued issued) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    char[] password = "lab".toCharArray();
    store.setKeyEntry("server", issued.keys().getPrivate(), password, new X509Certificate[] {issued.certificate()});
    KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    factory.init(store, password);
    X509ExtendedKeyManager keys = (X509ExtendedKeyManager) factory.getKeyManagers()[0];
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(new KeyManager[] {new X509ExtendedKeyManager() {
      @Override
      public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        String alias = keys.chooseEngineServerAlias(keyType, issuers, engine);
        if (alias != null && engine.getHandshakeSession() instanceof ExtendedSSLSession session) {
          List<SNIServerName> names = session.getRequestedServerNames();
          serverNamesSeen.add(names.isEmpty() ? "(none)" : ((SNIHostName) names.get(0)).getAsciiName());
        }
        return alias;
      }

      @Override
      public String[] getClientAliases(String keyType, Principal[] issuers) {
        return keys.getClientAliases(keyType, issuers);
      }

      @Override
      public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return keys.chooseClientAlias(keyType, issuers, socket);
      }

      @Override
      public String[] getServerAliases(String keyType, Principal[] issuers) {
        return keys.getServerAliases(keyType, issuers);
      }

      @Override
      public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return keys.chooseServerAlias(keyType, issuers, socket);
      }

      @Override
      public X509Certificate[] getCertificateChain(String alias) {
        return keys.getCertificateChain(alias);
      }

      @Override
      public PrivateKey getPrivateKey(String alias) {
        return keys.getPrivateKey(alias);
      }
    }}, null, null);
    return context;
  }
}
