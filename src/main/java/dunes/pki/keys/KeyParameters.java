package dunes.pki.keys;

import java.time.Duration;

/**
 * How {@link Keystores#generatePending} makes a key pair: RSA of {@code rsaBits} (at least
 * {@value CertificateRequests#MIN_RSA_BITS}) and a self-signed placeholder certificate for
 * {@code subject}, valid for {@code placeholderValidity}, as {@code keytool -genkeypair} makes one
 * (keytool's default validity is 90 days). The placeholder is never served: it only holds the
 * public key until the CA's chain replaces it.
 */
public record KeyParameters(SubjectName subject, int rsaBits, Duration placeholderValidity) {

  public static final int DEFAULT_RSA_BITS = 2048;
  public static final Duration DEFAULT_PLACEHOLDER_VALIDITY = Duration.ofDays(90);

  public KeyParameters {
    if (subject == null) {
      throw new IllegalArgumentException("key parameters need a subject for the placeholder certificate");
    }
    if (rsaBits < CertificateRequests.MIN_RSA_BITS) {
      throw new IllegalArgumentException("an RSA key of " + rsaBits + " bits is too weak: at least "
          + CertificateRequests.MIN_RSA_BITS + " bits are needed");
    }
    if (placeholderValidity == null || placeholderValidity.isNegative() || placeholderValidity.isZero()) {
      throw new IllegalArgumentException("the placeholder certificate's validity must be positive, not "
          + placeholderValidity);
    }
  }

  public static KeyParameters rsa(SubjectName subject, int rsaBits) {
    return new KeyParameters(subject, rsaBits, DEFAULT_PLACEHOLDER_VALIDITY);
  }
}
