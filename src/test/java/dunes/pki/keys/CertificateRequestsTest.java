package dunes.pki.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.asn1.pkcs.Attribute;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class CertificateRequestsTest {

  static final SubjectName SUBJECT = new SubjectName("vcvco.lab.local", "Dunes Lab", "Automation", "de");
  static final SubjectAlternativeNames NAMES = SubjectAlternativeNames.forCluster("vcvco.lab.local",
      List.of("vcvco1.lab.local", "vcvco2.lab.local"), List.of("10.0.0.10", "fd00::1"));
  static final KeyPair RSA_3072 = TestCa.rsaKeys(3072);

  @Test
  void shouldRoundTripSubjectNamesAndKeySizeThroughPem() {
    String pem = CertificateRequests.pem(RSA_3072, SUBJECT, NAMES);

    CsrSummary summary = CertificateRequests.summarize(pem);

    assertThat(pem).startsWith("-----BEGIN CERTIFICATE REQUEST-----");
    assertThat(summary.subject()).isEqualTo("CN=vcvco.lab.local,OU=Automation,O=Dunes Lab,C=DE");
    assertThat(summary.dnsNames()).containsExactly("vcvco.lab.local", "vcvco1.lab.local", "vcvco2.lab.local");
    assertThat(summary.ipAddresses()).containsExactly("10.0.0.10", "fd00:0:0:0:0:0:0:1");
    assertThat(summary.keyBits()).isEqualTo(3072);
  }

  @Test
  void shouldAskForAServerCertificateSignedSha256WithRsa() throws Exception {
    PKCS10CertificationRequest request = CertificateRequests.parse(CertificateRequests.pem(RSA_3072, SUBJECT, NAMES));

    Attribute[] attributes = request.getAttributes(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest);
    Extensions extensions = Extensions.getInstance(attributes[0].getAttrValues().getObjectAt(0));
    assertThat(KeyUsage.fromExtensions(extensions).hasUsages(KeyUsage.digitalSignature | KeyUsage.keyEncipherment))
        .isTrue();
    assertThat(ExtendedKeyUsage.fromExtensions(extensions).getUsages()).containsExactly(KeyPurposeId.id_kp_serverAuth);
    assertThat(extensions.getExtension(Extension.subjectAlternativeName).isCritical()).isFalse();
    assertThat(request.getSignatureAlgorithm())
        .isEqualTo(new DefaultSignatureAlgorithmIdentifierFinder().find("SHA256withRSA"));
  }

  @Test
  void shouldLeaveOutBlankSubjectParts() {
    String pem = CertificateRequests.pem(RSA_3072, new SubjectName("vcvco.lab.local", "", null, " "), NAMES);

    assertThat(CertificateRequests.summarize(pem).subject()).isEqualTo("CN=vcvco.lab.local");
  }

  @Nested
  class Refusals {

    @Test
    void shouldRefuseA1024BitKey() {
      KeyPair weak = TestCa.rsaKeys(1024);

      assertThatThrownBy(() -> CertificateRequests.pem(weak, SUBJECT, NAMES))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("an RSA key of 1024 bits is too weak: at least 2048 bits are needed");
      assertThatThrownBy(() -> KeyParameters.rsa(SUBJECT, 1024))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("1024 bits is too weak");
    }

    @Test
    void shouldRefuseAnEcKeyBecauseTheRequestIsSignedWithRsa() {
      assertThatThrownBy(() -> CertificateRequests.pem(TestCa.ecKeys(), SUBJECT, NAMES))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("a EC key cannot sign SHA256withRSA");
    }

    @Test
    void shouldRefuseARequestWhoseSignatureDoesNotVerify() {
      byte[] der = Base64.getMimeDecoder().decode(CertificateRequests.pem(RSA_3072, SUBJECT, NAMES)
          .replaceAll("-----[A-Z ]+-----", ""));
      String text = new String(der, java.nio.charset.StandardCharsets.ISO_8859_1);
      der[text.indexOf("vcvco.lab.local")] = 'w'; // the subject's CN now reads wcvco.lab.local
      String tampered = "-----BEGIN CERTIFICATE REQUEST-----\n" + Base64.getMimeEncoder().encodeToString(der)
          + "\n-----END CERTIFICATE REQUEST-----\n";

      assertThatThrownBy(() -> CertificateRequests.summarize(tampered))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("CN=wcvco.lab.local")
          .hasMessageContaining("is not signed by its own key");
    }

    @Test
    void shouldRefuseTextThatIsNoRequest() {
      assertThatThrownBy(() -> CertificateRequests.summarize("hello"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("not a PEM certificate request: found no PEM block");
      assertThatThrownBy(() -> CertificateRequests.summarize(CertificateChains.pem(TestCa.create("Other").root)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("not a PEM certificate request: found X509CertificateHolder");
    }

    @Test
    void shouldRefuseNamesThatAreNoDnsNameOrAddress() {
      assertThatThrownBy(() -> new SubjectAlternativeNames(List.of("vcvco lab"), List.of()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("not a DNS name for a certificate: 'vcvco lab'");
      assertThatThrownBy(() -> new SubjectAlternativeNames(List.of(), List.of("vcvco.lab.local")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("not an IP address for a certificate: 'vcvco.lab.local'");
      assertThatThrownBy(() -> new SubjectName("vcvco.lab.local", null, null, "DEU"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("two letters");
    }
  }

  @Test
  void shouldDropDuplicateNamesKeepingTheirOrder() {
    SubjectAlternativeNames names = SubjectAlternativeNames.forCluster("vcvco.lab.local",
        List.of("vcvco1.lab.local", "VCVCO.lab.local", "vcvco1.lab.local"), List.of("10.0.0.11", "10.0.0.11"));

    assertThat(names.dnsNames()).containsExactly("vcvco.lab.local", "vcvco1.lab.local");
    assertThat(names.ipAddresses()).containsExactly("10.0.0.11");
  }
}
