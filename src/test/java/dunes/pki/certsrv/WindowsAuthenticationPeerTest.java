package dunes.pki.certsrv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dunes.build.probe.ProbeTrust;
import dunes.secrets.TestSecrets;
import java.net.InetAddress;
import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.hc.client5.http.impl.InMemoryDnsResolver;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Dunes's certsrv client against an independent peer that logs in as a default AD CS does (IIS's
 * Windows Authentication: Negotiate and NTLM, no Basic): Apache httpd with mod_auth_gssapi, an MIT
 * KDC and gss-ntlmssp ({@link WindowsAuthPeer}), reverse-proxying to a lab CA. The lab CA accepts
 * only its own Basic login, which only the peer's proxy holds, so a request recorded in its
 * journal went through the peer's authentication. Skipped only where the peer's Debian packages
 * cannot be installed (not root, no apt-get); CI runs as root.
 */
@ExtendWith(OutputCaptureExtension.class)
class WindowsAuthenticationPeerTest {

  private static final String ADDRESS = "127.0.33.10";
  private static final String HOST = "ca.certauth.test";
  private static final String REALM = "CERTAUTH.TEST";
  private static final String NTLM_USER = "LAB\\enroll";
  private static final String KERBEROS_USER = "enroll@" + REALM;
  /** unique per run, so that a test can look for it in every message and in the log */
  private static final String PASSWORD = "Enroll-" + UUID.randomUUID();

  private static CertsrvLab lab;
  private static WindowsAuthPeer peer;
  private static String previousKrb5Conf;
  private final PlainHttpAcceptances acceptances = new PlainHttpAcceptances(dataSource());

  @BeforeAll
  static void startThePeer() throws Exception {
    Optional<String> cannotRun = WindowsAuthPeer.install();
    assumeTrue(cannotRun.isEmpty(), () -> "Apache httpd, mod_auth_gssapi, gss-ntlmssp and an MIT KDC are not "
        + "installed and cannot be here: " + cannotRun.orElse(""));
    lab = new CertsrvLab("127.0.33.11");
    peer = WindowsAuthPeer.start(ADDRESS, HOST, REALM, "LAB", "enroll", PASSWORD, lab.ca.url(),
        lab.ca.rootCertificate(), CertsrvLab.USER, lab.password);
    previousKrb5Conf = System.setProperty("java.security.krb5.conf", peer.krb5Conf().toString());
  }

  @AfterAll
  static void stopThePeer() throws Exception {
    if (peer != null) {
      if (previousKrb5Conf == null) {
        System.clearProperty("java.security.krb5.conf");
      } else {
        System.setProperty("java.security.krb5.conf", previousKrb5Conf);
      }
    }
    try (AutoCloseable l = lab; AutoCloseable p = peer) {
      // closed in reverse order: the peer, then the lab CA behind it
    }
  }

  @Test
  void ntlmOverAcceptedPlainHttpSubmitsAndFetchesThroughThePeer() {
    acceptances.record("CHG-NTLM", peer.httpUrl(), "carol", Instant.now());
    CertsrvPort.Target target = CertsrvPort.Target.http(peer.httpUrl(), NTLM_USER, CertsrvLab.PASSWORD,
        CertsrvLab.TEMPLATE, "CHG-NTLM", CertsrvAuthentication.NTLM);
    long submitted = lab.journal.count("ca", "submit");

    Submission submission = client(PASSWORD).submit(target, TestCsr.vcoCluster().pem());

    assertThat(submission.disposition()).isEqualTo(Disposition.ISSUED);
    long id = submission.requestId().orElseThrow();
    assertThat(client(PASSWORD).status(target, id).disposition()).isEqualTo(Disposition.ISSUED);
    Issued issued = client(PASSWORD).fetch(target, id);
    assertThat(issued.leaf().getSubjectX500Principal().getName()).contains("CN=vcvco.lab.local");
    assertThat(issued.root()).contains(lab.ca.rootCertificate());
    assertThat(lab.journal.count("ca", "submit")).isEqualTo(submitted + 1);
    assertThat(lab.ca.request((int) id)).isPresent();
  }

  @Test
  void negotiateOverPinnedHttpsSubmitsAndFetchesThroughThePeer() throws Exception {
    CertsrvPort.Target target = https(peer.httpsUrl(), KERBEROS_USER, CertsrvAuthentication.NEGOTIATE);
    long submitted = lab.journal.count("ca", "submit");

    Submission submission = client(PASSWORD).submit(target, TestCsr.vcoCluster().pem());

    assertThat(submission.disposition()).isEqualTo(Disposition.ISSUED);
    Issued issued = client(PASSWORD).fetch(target, submission.requestId().orElseThrow());
    assertThat(issued.chain()).contains(issued.leaf(), lab.ca.rootCertificate());
    assertThat(lab.journal.count("ca", "submit")).isEqualTo(submitted + 1);
  }

  @Test
  void aWrongNtlmPasswordIsRefusedNamingTheCaTheUserAndTheMethod(CapturedOutput output) throws Exception {
    String wrong = "Wrong-" + PASSWORD;
    CertsrvPort.Target target = https(peer.httpsUrl(), NTLM_USER, CertsrvAuthentication.NTLM);
    long submitted = lab.journal.count("ca", "submit");

    assertThatThrownBy(() -> client(wrong).submit(target, TestCsr.vcoCluster().pem()))
        .isInstanceOfSatisfying(CertsrvAuthenticationException.class, e -> {
          assertThat(e.methodOffered()).isTrue();
          assertThat(e.offered()).containsExactly("Negotiate", "NTLM");
        })
        .hasMessageContaining("certsrv at " + peer.httpsUrl() + " (POST certfnsh.asp) refused the NTLM login of "
            + "'LAB\\enroll' with the password from secret 'ca-enroll' (HTTP 401; the server offers Negotiate, NTLM)")
        .hasMessageContaining("Extended Protection is 'Required'")
        .message().doesNotContain(wrong).doesNotContain(PASSWORD);
    assertThat(lab.journal.count("ca", "submit")).isEqualTo(submitted);
    assertThat(output).doesNotContain(wrong).doesNotContain(PASSWORD);
  }

  @Test
  void aWrongKerberosPasswordIsRefusedByTheKdcBeforeAnyRequest(CapturedOutput output) throws Exception {
    String wrong = "Wrong-" + PASSWORD;
    CertsrvPort.Target target = https(peer.httpsUrl(), KERBEROS_USER, CertsrvAuthentication.NEGOTIATE);

    assertThatThrownBy(() -> client(wrong).templates(target))
        .isInstanceOfSatisfying(CertsrvAuthenticationException.class, e -> {
          assertThat(e.method()).isEqualTo(CertsrvAuthentication.NEGOTIATE);
          assertThat(e.methodOffered()).isTrue();
        })
        .hasMessageContaining("certsrv at " + peer.httpsUrl() + ": the Kerberos login of 'enroll@CERTAUTH.TEST' "
            + "(ca.authentication negotiate) was refused before any request")
        .hasMessageContaining("secret 'ca-enroll'")
        .message().doesNotContain(wrong).doesNotContain(PASSWORD);
    assertThat(output).doesNotContain(wrong).doesNotContain(PASSWORD);
  }

  @Test
  void basicAgainstAServerWithoutBasicSaysWhichMethodsItOffers() throws Exception {
    CertsrvPort.Target target = https(peer.httpsUrl(), NTLM_USER, CertsrvAuthentication.BASIC);

    assertThatThrownBy(() -> client(PASSWORD).submit(target, TestCsr.vcoCluster().pem()))
        .isInstanceOfSatisfying(CertsrvAuthenticationException.class, e -> {
          assertThat(e.methodOffered()).isFalse();
          assertThat(e.offered()).containsExactly("Negotiate", "NTLM");
        })
        .hasMessageContaining("(POST certfnsh.asp) does not offer Basic, the method of ca.authentication (basic): the "
            + "server offers Negotiate, NTLM (HTTP 401); set ca.authentication to negotiate or ntlm");
  }

  @Test
  void negotiateToANameWithoutAServicePrincipalSaysWhatKerberosLacks() throws Exception {
    URI byAddress = URI.create("https://" + ADDRESS + ":" + peer.httpsPort() + "/certsrv");
    CertsrvPort.Target target = https(byAddress, KERBEROS_USER, CertsrvAuthentication.NEGOTIATE);

    assertThatThrownBy(() -> client(PASSWORD).templates(target))
        .isInstanceOf(CertsrvAuthenticationException.class)
        .hasMessageContaining("the Negotiate login of 'enroll@CERTAUTH.TEST' could not be made (HTTP 401; the server "
            + "offers Negotiate, NTLM): Kerberos gave no ticket for HTTP/" + ADDRESS)
        .hasMessageContaining("the KDC must hold the service principal HTTP/" + ADDRESS);
  }

  @Test
  void theCaProbeReadsTheTemplatesThroughThePeerAndNamesTheMethodsForBasic() throws Exception {
    ProbeTrust trust = new ProbeTrust(Map.of(ProbeTrust.CA, peer.tlsFingerprint()));
    CaProbe probe = new CaProbe(client(PASSWORD));

    assertThat(probe.probe(CaProbeTest.spec(peer.httpsUrl(), "WebServer", KERBEROS_USER, "negotiate"), trust)
        .findings()).isEmpty();
    assertThat(probe.probe(CaProbeTest.spec(peer.httpsUrl(), "WebServer", NTLM_USER, "basic"), trust).findings())
        .singleElement().satisfies(finding -> {
          assertThat(finding.field()).isEqualTo("ca.authentication");
          assertThat(finding.message()).contains("set ca.authentication to negotiate or ntlm");
        });
  }

  private static CertsrvPort.Target https(URI url, String user, CertsrvAuthentication method) throws Exception {
    return CertsrvPort.Target.https(url, peer.tlsFingerprint(), user, CertsrvLab.PASSWORD, CertsrvLab.TEMPLATE, method);
  }

  /** A client whose secret store holds {@code password} as ca-enroll, reaching the peer by its name. */
  private HttpCertsrvClient client(String password) {
    InMemoryDnsResolver names = new InMemoryDnsResolver();
    try {
      names.add(HOST, InetAddress.getByName(ADDRESS));
      names.add(ADDRESS, InetAddress.getByName(ADDRESS));
    } catch (java.net.UnknownHostException e) {
      throw new IllegalStateException(e);
    }
    return new HttpCertsrvClient(CertsrvProperties.defaults(),
        TestSecrets.bound(Map.of(CertsrvLab.PASSWORD.name(), password), HOST), names, acceptances);
  }

  private static JdbcDataSource dataSource() {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:windows-auth-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    return h2;
  }
}
