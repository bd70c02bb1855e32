package dunes.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dunes.pki.CertificateProbeException.Reason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.HttpHost;
import org.junit.jupiter.api.Test;

/**
 * Dunes's TLS clients against an independent peer, Debian's {@code openssl s_server}: one that speaks
 * only TLS 1.0 or 1.1 is named with its protocol and the setting that would allow it (the JDK alone
 * says "Received fatal alert: protocol_version"); a TLS 1.2 one is read and served; and with the
 * setting on plus the JDK's refusal lifted (a JVM of its own) the TLS 1.0 peer is read and served.
 */
class LegacyTlsTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  @Test
  void theProbeNamesAPeerThatSpeaksOnlyTls10WithTheSettingThatWouldAllowIt() throws Exception {
    try (OpenSslServer peer = OpenSslServer.start("-tls1")) {
      assertThatThrownBy(() -> probe().probe(OpenSslServer.HOST, peer.port()))
          .isInstanceOfSatisfying(CertificateProbeException.class, e -> {
            assertThat(e.reason()).isEqualTo(Reason.LEGACY_PROTOCOL);
            assertThat(e.getCause()).isInstanceOfSatisfying(LegacyProtocolException.class,
                l -> assertThat(l.protocol()).isEqualTo("TLSv1"));
          })
          .hasMessageContaining("the TLS peer " + peer.endpoint() + " offers only TLSv1,")
          .hasMessageContaining("dunes.tls.allow-legacy-protocols=true")
          .hasMessageContaining("jdk.tls.disabledAlgorithms");
    }
  }

  @Test
  void aPinnedClientNamesAPeerThatSpeaksOnlyTls11() throws Exception {
    try (OpenSslServer peer = OpenSslServer.start("-tls1_1");
        CloseableHttpClient http = PinnedHttpClients.create(peer.fingerprint(), TIMEOUT, TIMEOUT, null)) {
      assertThatThrownBy(() -> get(http, peer))
          .isInstanceOfSatisfying(LegacyProtocolException.class, e -> {
            assertThat(e.protocol()).isEqualTo("TLSv1.1");
            assertThat(e.port()).isEqualTo(peer.port());
          })
          .hasMessageContaining("the TLS peer " + peer.endpoint() + " offers only TLSv1.1,")
          .hasMessageContaining("dunes.tls.allow-legacy-protocols=true");
    }
  }

  @Test
  void aTls12PeerIsReadByTheProbeAndServesAPinnedClient() throws Exception {
    try (OpenSslServer peer = OpenSslServer.start("-tls1_2");
        CloseableHttpClient http = PinnedHttpClients.create(peer.fingerprint(), TIMEOUT, TIMEOUT, null)) {
      PresentedCertificate presented = probe().probe(OpenSslServer.HOST, peer.port());
      assertThat(presented.sha256Fingerprint()).isEqualTo(peer.fingerprint());
      assertThat(presented.subject()).isEqualTo("CN=legacy.lab.local");
      assertThat(get(http, peer)).isEqualTo(200);
    }
  }

  @Test
  void aWrongPinOnATls12PeerIsATrustFailureNotALegacyOne() throws Exception {
    try (OpenSslServer peer = OpenSslServer.start("-tls1_2");
        CloseableHttpClient http = PinnedHttpClients.create("00".repeat(32), TIMEOUT, TIMEOUT, null)) {
      assertThatThrownBy(() -> get(http, peer))
          .isInstanceOf(javax.net.ssl.SSLException.class)
          .isNotInstanceOf(LegacyProtocolException.class)
          .hasMessageContaining("not the pinned");
    }
  }

  @Test
  void theSettingAloneIsNotEnoughWhileTheJdkStillDisablesTls10() throws Exception {
    assumeFalse(TlsProtocols.jdkPermits("TLSv1"), "this JVM was started with TLSv1 enabled");
    try (OpenSslServer peer = OpenSslServer.start("-tls1")) {
      TlsProtocols.allowLegacy(true);
      try {
        assertThatThrownBy(() -> probe().probe(OpenSslServer.HOST, peer.port()))
            .hasMessageContaining("the TLS peer " + peer.endpoint() + " offers only TLSv1,")
            .hasMessageContaining("dunes.tls.allow-legacy-protocols is true, but this JVM's "
                + "jdk.tls.disabledAlgorithms still disables TLSv1")
            .hasMessageContaining("-Djava.security.properties=");
      } finally {
        TlsProtocols.allowLegacy(false);
      }
    }
  }

  @Test
  void withTheSettingOnAndTheJdkRefusalLiftedATls10PeerIsReadAndServed() throws Exception {
    try (OpenSslServer peer = OpenSslServer.start("-tls1")) {
      Path security = Files.createTempFile("dunes-legacy-tls", ".security");
      try {
        // the documented override: the JDK 17 default list without TLSv1 and TLSv1.1
        Files.writeString(security, "jdk.tls.disabledAlgorithms=SSLv3, DTLSv1.0, RC4, DES, MD5withRSA, "
            + "DH keySize < 1024, EC keySize < 224, 3DES_EDE_CBC, anon, NULL, ECDH\n");
        List<String> output = runJvm(List.of("-Djava.security.properties=" + security,
            "-D" + TlsProtocols.PROPERTY + "=true"), OpenSslServer.HOST, String.valueOf(peer.port()), peer.fingerprint());
        assertThat(output).containsExactly("probe " + peer.fingerprint(), "http 200");
      } finally {
        Files.deleteIfExists(security);
      }
    }
  }

  @Test
  void withTheJdkRefusalLiftedButTheSettingOffDunesStillRefusesTls10() throws Exception {
    try (OpenSslServer peer = OpenSslServer.start("-tls1")) {
      Path security = Files.createTempFile("dunes-legacy-tls", ".security");
      try {
        Files.writeString(security, "jdk.tls.disabledAlgorithms=SSLv3, DTLSv1.0, RC4, DES, MD5withRSA, "
            + "DH keySize < 1024, EC keySize < 224, 3DES_EDE_CBC, anon, NULL, ECDH\n");
        List<String> output = runJvm(List.of("-Djava.security.properties=" + security),
            OpenSslServer.HOST, String.valueOf(peer.port()), peer.fingerprint());
        assertThat(String.join("\n", output)).contains("offers only TLSv1,", "dunes.tls.allow-legacy-protocols=true")
            .doesNotContain("probe ");
      } finally {
        Files.deleteIfExists(security);
      }
    }
  }

  private static CertificateProbe probe() {
    return new CertificateProbe(TIMEOUT, TIMEOUT, null);
  }

  private static int get(CloseableHttpClient http, OpenSslServer peer) throws IOException {
    return http.execute(new HttpHost("https", OpenSslServer.HOST, peer.port()), new HttpGet("/"),
        response -> response.getCode());
  }

  private static List<String> runJvm(List<String> options, String... args) throws Exception {
    String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(options);
    command.addAll(List.of("-cp", classPath, LegacyTlsClientMain.class.getName()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return output.lines().filter(l -> l.startsWith("probe ") || l.startsWith("http ") || l.contains("offers only"))
        .toList();
  }
}
