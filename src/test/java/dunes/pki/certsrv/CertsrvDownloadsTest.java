package dunes.pki.certsrv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dunes.lab.LabCertificates;
import dunes.pki.certsrv.CertsrvDownloads.UnreadableException;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.CMSAbsentContent;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.junit.jupiter.api.Test;

/** Certificates and PKCS#7 chains in the encodings certsrv may hand out. */
class CertsrvDownloadsTest {

  final X509Certificate leaf = LabCertificates.selfSigned("vcvco.lab.local", List.of("vcvco.lab.local"), List.of())
      .certificate();
  final X509Certificate root = LabCertificates.selfSigned("Root", List.of("root.lab.local"), List.of()).certificate();

  @Test
  void shouldReadAPkcs7InEveryArmourKeepingItsOrder() throws Exception {
    byte[] der = pkcs7(leaf, root);
    String base64 = Base64.getMimeEncoder(64, "\r\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);

    for (String body : List.of(
        "-----BEGIN PKCS7-----\r\n" + base64 + "\r\n-----END PKCS7-----\r\n",
        "-----BEGIN CERTIFICATE-----\r\n" + base64 + "\r\n-----END CERTIFICATE-----\r\n",
        base64)) {
      assertThat(CertsrvDownloads.pkcs7(body.getBytes(StandardCharsets.US_ASCII))).containsExactly(leaf, root);
    }
    assertThat(CertsrvDownloads.pkcs7(der)).containsExactly(leaf, root);
  }

  @Test
  void shouldReadACertificateInDerOrPem() throws Exception {
    String pem = "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder().encodeToString(leaf.getEncoded())
        + "\n-----END CERTIFICATE-----\n";

    assertThat(CertsrvDownloads.certificate(leaf.getEncoded())).isEqualTo(leaf);
    assertThat(CertsrvDownloads.certificate(pem.getBytes(StandardCharsets.US_ASCII))).isEqualTo(leaf);
  }

  @Test
  void shouldSayWhatIsWrongWithWhatIsNoCertificateOrChain() {
    assertThatThrownBy(() -> CertsrvDownloads.pkcs7("not base64!".getBytes(StandardCharsets.US_ASCII)))
        .isInstanceOf(UnreadableException.class).hasMessageStartingWith("neither base64 nor DER");
    assertThatThrownBy(() -> CertsrvDownloads.pkcs7(leaf.getEncoded()))
        .isInstanceOf(UnreadableException.class).hasMessageStartingWith("not a PKCS#7 SignedData");
    assertThatThrownBy(() -> CertsrvDownloads.pkcs7(new byte[0]))
        .isInstanceOf(UnreadableException.class).hasMessage("an empty body");
    assertThatThrownBy(() -> CertsrvDownloads.certificate(new byte[] {1, 2, 3}))
        .isInstanceOf(UnreadableException.class).hasMessageStartingWith("not an X.509 certificate");
  }

  private static byte[] pkcs7(X509Certificate... chain) throws Exception {
    CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
    generator.addCertificates(new JcaCertStore(List.of(chain)));
    return generator.generate(new CMSAbsentContent()).getEncoded();
  }
}
