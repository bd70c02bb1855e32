package dunes.pki.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dunes.lab.LabFaults;
import dunes.lab.LabJournal;
import dunes.lab.ca.LabCertificateAuthority;
import dunes.pki.Fingerprints;
import dunes.pki.certsrv.CertsrvAuthentication;
import dunes.pki.certsrv.CertsrvPort;
import dunes.pki.certsrv.CertsrvProperties;
import dunes.pki.certsrv.HttpCertsrvClient;
import dunes.pki.keys.CertificateChainException;
import dunes.pki.keys.CertificateChains;
import dunes.secrets.SecretRef;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The CA's own chain read from certsrv (certcarc.asp, then its chain link) of a two-tier lab CA, and
 * the rule every certificate step applies to a chain: it must end in the build's pinned root, not
 * merely in a root of the same name. Lab CAs on 127.0.39.20 and .21.
 */
class CaRootTest {

  private static final String USER = "LAB\\enroll";
  private static final String PASSWORD = "enroll-ca-root-test";

  private final LabJournal journal = new LabJournal();
  private LabCertificateAuthority ca;
  private LabCertificateAuthority impostor;
  private final HttpCertsrvClient client = new HttpCertsrvClient(CertsrvProperties.defaults(),
      dunes.secrets.TestSecrets.onLoopback(Map.of("ca-enroll", PASSWORD)), null);

  @BeforeEach
  void cas() {
    ca = LabCertificateAuthority.start(LabCertificateAuthority.Settings.defaults(USER, PASSWORD)
        .withAddress("127.0.39.20", 0).withIntermediate(true), journal, new LabFaults());
    // made again with the same names and new keys
    impostor = LabCertificateAuthority.start(LabCertificateAuthority.Settings.defaults(USER, PASSWORD)
        .withAddress("127.0.39.21", 0).withIntermediate(true), journal, new LabFaults());
  }

  @AfterEach
  void close() {
    ca.close();
    impostor.close();
  }

  @Test
  void theCaChainIsTheIssuingCaUpToItsRootReadWithoutSubmittingAnything() {
    List<X509Certificate> chain = CertificateChains.order(client.caChain(target(ca)));

    assertThat(chain).containsExactlyElementsOf(ca.chain());
    assertThat(chain.get(1)).isEqualTo(ca.rootCertificate());
    assertThat(journal.entries("ca")).extracting(LabJournal.Entry::operation).doesNotContain("submit");
  }

  @Test
  void aChainIsTrustedOnlyWhenItEndsInThePinnedRoot() {
    String pinned = Fingerprints.sha256(ca.rootCertificate());
    List<X509Certificate> own = CertificateChains.order(client.caChain(target(ca)));
    List<X509Certificate> sameNames = CertificateChains.order(client.caChain(target(impostor)));

    assertThat(CaRoot.trusted(own, pinned.toLowerCase().replace(":", ""))).isEqualTo(ca.rootCertificate());
    assertThat(sameNames.get(1).getSubjectX500Principal()).isEqualTo(ca.rootCertificate().getSubjectX500Principal());
    assertThatThrownBy(() -> CaRoot.trusted(sameNames, pinned))
        .isInstanceOfSatisfying(CertificateChainException.class,
            e -> assertThat(e.reason()).isEqualTo(CertificateChainException.Reason.UNTRUSTED_ROOT))
        .hasMessageContaining("not at the root this build trusts (SHA-256 " + pinned + ")");
    assertThatThrownBy(() -> CaRoot.trusted(own.subList(0, 1), pinned)) // the issuing CA alone: no root to compare
        .isInstanceOf(CertificateChainException.class).hasMessageContaining("ends at 'CN=Dunes Lab Issuing CA");
    assertThatThrownBy(() -> CaRoot.trusted(own, null)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no CA root is trusted for this build");
  }

  private static CertsrvPort.Target target(LabCertificateAuthority authority) {
    return CertsrvPort.Target.https(authority.url(), authority.tlsFingerprint(), USER, new SecretRef("ca-enroll"),
        "WebServer", CertsrvAuthentication.BASIC);
  }
}
