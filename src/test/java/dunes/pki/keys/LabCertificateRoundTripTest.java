package dunes.pki.keys;

import static org.assertj.core.api.Assertions.assertThat;

import dunes.lab.LabFaults;
import dunes.lab.LabJournal;
import dunes.lab.ca.LabCertificateAuthority;
import dunes.lab.node.LabNode;
import dunes.lab.node.LabVcoDatabase;
import dunes.pki.PinnedCertificateTrustManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Step 5 of the build on the lab's own parts, with these building blocks only: the jssecacerts a
 * lab node lays out, a request to the lab CA's certsrv pages, its PKCS#7 chain, and the node
 * serving the new certificate after a start. Addresses 127.0.47.x and ports 47xxx, used by no
 * other suite.
 */
class LabCertificateRoundTripTest {

  static final String CA_ADDRESS = "127.0.47.1";
  static final String NODE_ADDRESS = "127.0.47.11";
  static final LabNode.Ports PORTS = new LabNode.Ports(47281, 47286, 47287, 47480, 47222);
  static final String USER = "LAB\\enroll";
  static final String PASSWORD = "enroll-secret";
  static final char[] STORE_PASS = "dunesdunes".toCharArray();
  static final String PENDING = "dunes-pending";
  static final SubjectName SUBJECT = new SubjectName("vcvco.lab.local", "Dunes Lab", "Automation", "DE");
  static final SubjectAlternativeNames NAMES = SubjectAlternativeNames.forCluster("vcvco.lab.local",
      List.of("vcvco1.lab.local", "vcvco2.lab.local"), List.of(NODE_ADDRESS));
  static final Pattern ISSUED = Pattern.compile("certnew.cer\\?ReqID=(\\d+)&");

  @TempDir
  Path dir;

  @Test
  void shouldServeTheCertificateTheLabCaIssuedForTheKeyMadeInTheNodesKeystore() throws Exception {
    LabJournal journal = new LabJournal();
    LabFaults faults = new LabFaults();
    try (LabCertificateAuthority ca = LabCertificateAuthority.start(LabCertificateAuthority.Settings
            .defaults(USER, PASSWORD).withAddress(CA_ADDRESS, 0).withIntermediate(true), journal, faults);
        LabNode node = LabNode.create(new LabNode.Settings("vcvco1", "vcvco1.lab.local", NODE_ADDRESS, PORTS,
            "root-secret", "config-secret", dir.resolve("vcvco1"), Duration.ofMillis(50)), new LabVcoDatabase(),
            journal, faults)) {
      byte[] downloaded = Files.readAllBytes(node.keystoreFile());

      byte[] pending = Keystores.generatePending(downloaded, STORE_PASS, PENDING, KeyParameters.rsa(SUBJECT, 2048));
      String csr = Keystores.csrFor(pending, STORE_PASS, PENDING, SUBJECT, NAMES);
      HttpClient http = HttpClient.newBuilder().sslContext(PinnedCertificateTrustManager.sslContext(ca.tlsFingerprint()))
          .connectTimeout(Duration.ofSeconds(5)).build();
      String requestId = submit(http, ca.url(), csr);
      byte[] p7b = http.send(get(ca.url(), "certnew.p7b?ReqID=" + requestId + "&Enc=b64"),
          HttpResponse.BodyHandlers.ofByteArray()).body();
      List<X509Certificate> chain = CertificateChains.chainFromPkcs7(p7b);
      CertificateChains.validate(chain, ca.rootCertificate(), Instant.now(), NAMES.dnsNames(), NAMES.ipAddresses());
      byte[] installed = Keystores.installChain(pending, STORE_PASS, PENDING, "dunes", STORE_PASS, chain);
      Files.write(node.keystoreFile(), installed); // the upload
      node.powerOn();

      assertThat(chain).hasSize(3).endsWith(ca.rootCertificate());
      assertThat(chain.get(1)).isEqualTo(ca.chain().get(0));
      assertThat(node.servedCertificate()).contains(chain.get(0));
      assertThat(handshake(ca.rootCertificate())).containsSubsequence(chain.get(0), chain.get(1));
      assertThat(Keystores.contains(installed, STORE_PASS, PENDING)).isFalse();
    }
  }

  private static String submit(HttpClient http, URI certsrv, String csr) throws Exception {
    String form = "Mode=newreq&CertRequest=" + URLEncoder.encode(csr, StandardCharsets.UTF_8)
        + "&CertAttrib=" + URLEncoder.encode("CertificateTemplate:WebServer\r\n", StandardCharsets.UTF_8)
        + "&TargetStoreFlags=0&SaveCert=yes";
    HttpRequest request = HttpRequest.newBuilder(URI.create(certsrv + "/certfnsh.asp"))
        .header("Authorization", basic()).header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form)).build();
    String page = http.send(request, HttpResponse.BodyHandlers.ofString()).body();
    Matcher issued = ISSUED.matcher(page);
    assertThat(issued.find()).as("the lab CA issued the request: %s", page).isTrue();
    return issued.group(1);
  }

  private static HttpRequest get(URI certsrv, String pathAndQuery) {
    return HttpRequest.newBuilder(URI.create(certsrv + "/" + pathAndQuery)).header("Authorization", basic()).build();
  }

  private static String basic() {
    return "Basic " + Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
  }

  /** The chain 8281 presents to a client that trusts only the lab root and checks the address. */
  private static List<Certificate> handshake(X509Certificate root) throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("lab-root", root);
    TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trustManagers.init(trust);
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(null, trustManagers.getTrustManagers(), null);
    try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(NODE_ADDRESS, PORTS.server())) {
      SSLParameters parameters = socket.getSSLParameters();
      parameters.setEndpointIdentificationAlgorithm("HTTPS");
      socket.setSSLParameters(parameters);
      socket.setSoTimeout(5000);
      socket.startHandshake();
      return List.of(socket.getSession().getPeerCertificates());
    }
  }
}
