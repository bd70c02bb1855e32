package dunes.pki.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dunes.pki.keys.CertificateChainException.Reason;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class CertificateChainsTest {

  static final List<String> DNS = List.of("vcvco.lab.local", "vcvco1.lab.local", "vcvco2.lab.local");
  static final List<String> IPS = List.of("10.0.0.10", "fd00::1");
  static final TestCa CA = TestCa.create("Dunes Test");
  static final TestCa.Leaf WEB_SERVER = TestCa.Leaf.webServer("vcvco.lab.local", DNS, IPS);
  static final X509Certificate LEAF = CA.issue(TestCa.rsaKeys(2048).getPublic(), WEB_SERVER);
  static final List<X509Certificate> CHAIN = CA.chainOf(LEAF);

  @Nested
  class Parsing {

    @Test
    void shouldOrderAShuffledPkcs7LeafIntermediateRoot() {
      byte[] pkcs7 = TestCa.pkcs7(List.of(CA.root, LEAF, CA.intermediate));

      assertThat(CertificateChains.chainFromPkcs7(pkcs7)).containsExactly(LEAF, CA.intermediate, CA.root);
    }

    @Test
    void shouldReadPemOfAnyLabelAndBareBase64() {
      byte[] der = TestCa.pkcs7(List.of(CA.intermediate, CA.root, LEAF));
      String base64 = Base64.getMimeEncoder().encodeToString(der);

      for (String text : List.of(
          "-----BEGIN PKCS7-----\r\n" + base64 + "\r\n-----END PKCS7-----\r\n",
          "-----BEGIN PKCS #7 SIGNED DATA-----\n" + base64 + "\n-----END PKCS #7 SIGNED DATA-----\n",
          "-----BEGIN CERTIFICATE-----\n" + base64 + "\n-----END CERTIFICATE-----\n", // a label Windows tools reportedly use
          base64)) {
        assertThat(CertificateChains.chainFromPkcs7(text.getBytes(StandardCharsets.US_ASCII)))
            .containsExactly(LEAF, CA.intermediate, CA.root);
      }
    }

    @Test
    void shouldAcceptAChainWithoutItsRoot() {
      assertThat(CertificateChains.order(List.of(CA.intermediate, LEAF))).containsExactly(LEAF, CA.intermediate);
    }

    @Test
    void shouldCountACertificateListedTwiceOnce() {
      assertThat(CertificateChains.order(List.of(LEAF, CA.root, LEAF, CA.intermediate)))
          .containsExactly(LEAF, CA.intermediate, CA.root);
    }

    @Test
    void shouldRefuseBytesThatAreNoPkcs7() {
      assertThatThrownBy(() -> CertificateChains.parsePkcs7(CertificateChains.der(LEAF)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("not a PKCS#7 certificate chain");
      assertThatThrownBy(() -> CertificateChains.parsePkcs7("<html>Disposition message:".getBytes(StandardCharsets.UTF_8)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("not a PKCS#7 certificate chain");
    }

    @Test
    void shouldRefuseAPkcs7WithoutCertificates() {
      assertThatThrownBy(() -> CertificateChains.parsePkcs7(TestCa.pkcs7(List.of())))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("the PKCS#7 holds no certificate");
    }

    @Test
    void shouldConvertBetweenPemAndDer() {
      String pem = CertificateChains.pem(CHAIN);

      assertThat(pem).startsWith("-----BEGIN CERTIFICATE-----");
      assertThat(CertificateChains.certificates(pem.getBytes(StandardCharsets.US_ASCII))).isEqualTo(CHAIN);
      assertThat(CertificateChains.certificates(CertificateChains.der(LEAF))).containsExactly(LEAF);
    }
  }

  @Nested
  class NotOneChain {

    @Test
    void shouldRefuseTwoLeaves() {
      X509Certificate other = CA.issue(TestCa.rsaKeys(2048).getPublic(), TestCa.Leaf.webServer("other.lab.local",
          List.of("other.lab.local"), List.of()));

      assertNotOneChain(() -> CertificateChains.order(List.of(LEAF, other, CA.intermediate, CA.root)),
          "the certificates are not one chain: a chain has one leaf, but 'CN=vcvco.lab.local,O=Dunes Test', "
              + "'CN=other.lab.local,O=Dunes Test' each issue none of the others");
    }

    @Test
    void shouldRefuseACertificateOfAnotherCa() {
      TestCa other = TestCa.create("Other");

      assertNotOneChain(() -> CertificateChains.order(List.of(LEAF, CA.intermediate, CA.root, other.root)),
          "each issue none of the others");
    }

    @Test
    void shouldRefuseAnIntermediateOfTheSameNameButAnotherKey() {
      TestCa renewed = TestCa.create("Dunes Test"); // same names, new keys: only key identifiers tell them apart

      assertNotOneChain(() -> CertificateChains.order(List.of(LEAF, renewed.intermediate, CA.root)),
          "each issue none of the others");
    }

    @Test
    void shouldRefuseNothing() {
      assertNotOneChain(() -> CertificateChains.order(List.of()), "no certificate to make a chain of");
    }

    private void assertNotOneChain(ThrowingCallable call, String message) {
      assertThatThrownBy(call)
          .isInstanceOfSatisfying(CertificateChainException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_ONE_CHAIN))
          .hasMessageContaining(message);
    }
  }

  @Nested
  class Validation {

    @Test
    void shouldAcceptTheChainForEveryRequiredName() {
      assertThatCode(() -> CertificateChains.validate(CHAIN, CA.root, TestCa.NOW, DNS, IPS)).doesNotThrowAnyException();
    }

    @Test
    void shouldAcceptAnyOrderNamesInOtherCaseAndAddressesInOtherForm() {
      assertThatCode(() -> CertificateChains.validate(List.of(CA.root, LEAF, CA.intermediate), CA.root, TestCa.NOW,
          List.of("VCVCO.lab.local"), List.of("fd00:0:0:0::1"))).doesNotThrowAnyException();
    }

    @Test
    void shouldAcceptAChainThatLeavesOutTheRoot() {
      assertThatCode(() -> CertificateChains.validate(List.of(LEAF, CA.intermediate), CA.root, TestCa.NOW, DNS, IPS))
          .doesNotThrowAnyException();
    }

    @Test
    void shouldRefuseAChainEndingAtAnotherRoot() {
      TestCa other = TestCa.create("Other");

      assertRefused(() -> CertificateChains.validate(CHAIN, other.root, TestCa.NOW, DNS, IPS), Reason.UNTRUSTED_ROOT,
          "the chain of 'CN=vcvco.lab.local,O=Dunes Test' ends at the root 'CN=Dunes Test Root CA,O=Dunes Test' (SHA-256 ",
          "not at the trusted root 'CN=Other Root CA,O=Dunes Test' (SHA-256 ");
    }

    @Test
    void shouldRefuseAChainWithoutRootThatLeadsElsewhere() {
      TestCa other = TestCa.create("Other");

      assertRefused(() -> CertificateChains.validate(List.of(LEAF, CA.intermediate), other.root, TestCa.NOW, DNS, IPS),
          Reason.UNTRUSTED_ROOT, "does not lead to the trusted root 'CN=Other Root CA,O=Dunes Test'",
          "its last certificate 'CN=Dunes Test Issuing CA,O=Dunes Test' is issued by 'CN=Dunes Test Root CA,O=Dunes Test'");
    }

    @Test
    void shouldRefuseARootOfTheSameNameButAnotherKey() {
      TestCa restarted = TestCa.create("Dunes Test"); // like a lab CA after a restart

      assertRefused(() -> CertificateChains.validate(List.of(LEAF, CA.intermediate), restarted.root, TestCa.NOW, DNS,
          IPS), Reason.UNTRUSTED_ROOT, "does not lead to the trusted root 'CN=Dunes Test Root CA,O=Dunes Test'",
          "is issued by a CA of the same name but with another key");
    }

    @Test
    void shouldRefuseALeafThatHasExpiredAtTheInstantChecked() {
      Instant later = TestCa.NOW.plus(Duration.ofDays(800));

      assertRefused(() -> CertificateChains.validate(CHAIN, CA.root, later, DNS, IPS), Reason.NOT_VALID_AT,
          "the server certificate 'CN=vcvco.lab.local,O=Dunes Test' is not valid at " + later,
          "until " + LEAF.getNotAfter().toInstant());
    }

    @Test
    void shouldRefuseALeafNotYetValid() {
      Instant earlier = TestCa.NOW.minus(Duration.ofHours(1));

      assertRefused(() -> CertificateChains.validate(CHAIN, CA.root, earlier, DNS, IPS), Reason.NOT_VALID_AT,
          "'CN=vcvco.lab.local,O=Dunes Test' is not valid at " + earlier,
          "valid from " + LEAF.getNotBefore().toInstant());
    }

    @Test
    void shouldRefuseWhenTheTrustedRootItselfHasExpired() {
      Instant muchLater = TestCa.NOW.plus(Duration.ofDays(4000));

      assertRefused(() -> CertificateChains.validate(CHAIN, CA.root, muchLater, DNS, IPS), Reason.NOT_VALID_AT,
          "the trusted root 'CN=Dunes Test Root CA,O=Dunes Test' is not valid at " + muchLater);
    }

    @Test
    void shouldRefuseALeafWithoutARequiredName() {
      assertRefused(() -> CertificateChains.validate(CHAIN, CA.root, TestCa.NOW,
          List.of("vcvco.lab.local", "vcvco3.lab.local"), List.of("10.0.0.10", "10.0.0.13")), Reason.MISSING_NAME,
          "the certificate 'CN=vcvco.lab.local,O=Dunes Test' lacks the subject alternative names "
              + "DNS:vcvco3.lab.local, IP:10.0.0.13 (it has DNS:vcvco.lab.local, DNS:vcvco1.lab.local, "
              + "DNS:vcvco2.lab.local, IP:10.0.0.10, IP:fd00:0:0:0:0:0:0:1)");
    }

    @Test
    void shouldRefuseALeafForClientAuthenticationOnly() {
      X509Certificate client = CA.issue(TestCa.rsaKeys(2048).getPublic(),
          WEB_SERVER.withExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));

      assertRefused(() -> CertificateChains.validate(CA.chainOf(client), CA.root, TestCa.NOW, DNS, IPS),
          Reason.NOT_FOR_TLS_SERVER, "the certificate 'CN=vcvco.lab.local,O=Dunes Test' is not for TLS servers: "
              + "its extended key usage [1.3.6.1.5.5.7.3.2] lacks serverAuth (1.3.6.1.5.5.7.3.1)");
    }

    @Test
    void shouldRefuseAChainOfOnlyTheRoot() {
      assertRefused(() -> CertificateChains.validate(List.of(CA.root), CA.root, TestCa.NOW, DNS, IPS),
          Reason.INVALID_PATH, "the chain holds only the trusted root");
    }

    private void assertRefused(ThrowingCallable call, Reason reason, String... messageParts) {
      assertThatThrownBy(call)
          .isInstanceOfSatisfying(CertificateChainException.class, e -> assertThat(e.reason()).isEqualTo(reason))
          .hasMessageContainingAll(messageParts);
    }
  }
}
