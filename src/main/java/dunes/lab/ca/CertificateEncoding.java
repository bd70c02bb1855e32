package dunes.lab.ca;

import dunes.lab.LabCertificates;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.List;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.CMSAbsentContent;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.util.io.pem.PemObject;

/** The encodings certsrv answers with: DER or PEM ("b64") for a certificate or a PKCS#7 chain. */
final class CertificateEncoding {

  private CertificateEncoding() {}

  static byte[] certificate(X509Certificate certificate, boolean base64) {
    try {
      return base64 ? pem(certificate) : certificate.getEncoded();
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A certs-only PKCS#7 (CMS SignedData without signers) holding {@code chain} in the given order;
   * BER set encoding, because DER would sort the set and lose leaf-first order that clients read.
   */
  static byte[] pkcs7(List<X509Certificate> chain, boolean base64) {
    try {
      CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
      generator.addCertificates(new JcaCertStore(chain));
      byte[] der = generator.generate(new CMSAbsentContent()).getEncoded();
      return base64 ? pem(new PemObject("PKCS7", der)) : der;
    } catch (CertificateEncodingException | CMSException e) {
      throw new IllegalStateException("cannot build a PKCS#7 chain", e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] pem(Object object) {
    return LabCertificates.pem(object).getBytes(StandardCharsets.US_ASCII);
  }

}
