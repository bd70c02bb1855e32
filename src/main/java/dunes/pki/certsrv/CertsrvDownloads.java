package dunes.pki.certsrv;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignedData;

/**
 * What certnew.cer and certnew.p7b hand out, read with the JDK and Bouncy Castle: a certificate (DER or
 * PEM) and a certs-only PKCS#7 (base64 with any armour label, bare base64, or DER).
 */
final class CertsrvDownloads {

  /** The download is not what it should be; the reason goes into a {@link CertsrvProtocolException}. */
  static final class UnreadableException extends Exception {
    UnreadableException(String reason, Throwable cause) {
      super(reason, cause);
    }
  }

  private CertsrvDownloads() {}

  static X509Certificate certificate(byte[] body) throws UnreadableException {
    try {
      return (X509Certificate) CertificateFactory.getInstance("X.509")
          .generateCertificate(new ByteArrayInputStream(body));
    } catch (CertificateException | RuntimeException e) {
      throw new UnreadableException("not an X.509 certificate (" + e.getMessage() + ")", e);
    }
  }

  /** The certificates of a PKCS#7 in the order of its set. */
  static List<X509Certificate> pkcs7(byte[] body) throws UnreadableException {
    byte[] der = body.length > 0 && body[0] == 0x30 ? body : base64(body);
    try {
      CMSSignedData signed = new CMSSignedData(der);
      JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
      List<X509Certificate> chain = new ArrayList<>();
      for (X509CertificateHolder holder : signed.getCertificates().getMatches(null)) {
        chain.add(converter.getCertificate(holder));
      }
      if (chain.isEmpty()) {
        throw new UnreadableException("a PKCS#7 without certificates", null);
      }
      return chain;
    } catch (CMSException | CertificateException | RuntimeException e) {
      throw new UnreadableException("not a PKCS#7 SignedData (" + e.getMessage() + ")", e);
    }
  }

  /**
   * Base64 inside any {@code -----BEGIN …-----} armour: the lab writes {@code PKCS7}, a real AD CS is
   * said to write {@code CERTIFICATE} around the PKCS#7 (*unverified*), some write none.
   */
  static byte[] base64(byte[] body) throws UnreadableException {
    String text = new String(body, StandardCharsets.US_ASCII)
        .replaceAll("-----(BEGIN|END)[^-\\r\\n]{0,64}-----", "")
        .replaceAll("\\s+", "");
    try {
      byte[] der = Base64.getDecoder().decode(text);
      if (der.length == 0) {
        throw new UnreadableException("an empty body", null);
      }
      return der;
    } catch (IllegalArgumentException e) {
      throw new UnreadableException("neither base64 nor DER (" + e.getMessage() + ")", e);
    }
  }
}
