package dunes.pki;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Locale;

/** SHA-256 certificate fingerprints, written as the vSphere and browser UIs show them (AB:CD:…). */
public final class Fingerprints {

  private Fingerprints() {}

  public static String sha256(X509Certificate certificate) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
      return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
    } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
      throw new IllegalStateException("cannot fingerprint " + certificate.getSubjectX500Principal(), e);
    }
  }

  /**
   * SHA-256 of a public key's SubjectPublicKeyInfo (its DER encoding, as in a CSR and in the
   * certificate issued for it): what ties a CA's request to the key Dunes asked for.
   */
  public static String publicKeySha256(java.security.PublicKey key) {
    try {
      return HexFormat.ofDelimiter(":").withUpperCase().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getEncoded()));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("no SHA-256 in this JDK", e);
    }
  }

  /** Accepts 64 hex digits with or without colons, any case; answers the colon form. */
  public static String normalize(String fingerprint) {
    String hex = fingerprint.replace(":", "").toUpperCase(Locale.ROOT);
    if (!hex.matches("[0-9A-F]{64}")) {
      throw new IllegalArgumentException("not a SHA-256 fingerprint: '" + fingerprint + "'");
    }
    return HexFormat.ofDelimiter(":").withUpperCase().formatHex(HexFormat.of().parseHex(hex));
  }
}
