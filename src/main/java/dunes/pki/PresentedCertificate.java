package dunes.pki;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The certificate a TLS endpoint presented to {@link CertificateProbe}, read but not trusted: what
 * an operator compares with the system's console, or what is checked against a pinned fingerprint.
 *
 * @param host the name or address dialled (also sent as SNI when it is a name)
 * @param subject the leaf's subject, RFC 2253 (last encoded RDN first: {@code CN=vc.example.com,O=Example,C=DE}
 *     as CAs encode it)
 * @param issuer the leaf's issuer, RFC 2253
 * @param sha256Fingerprint the leaf's SHA-256 fingerprint as {@link Fingerprints#sha256} writes it
 * @param subjectAltNames the leaf's subject alternative names, typed: {@code DNS:name}, {@code IP:address},
 *     {@code URI:…}, {@code email:…}; other kinds as {@code otherName}, {@code x400Address}, …
 * @param selfSigned the leaf is its own issuer and its signature verifies with its own key
 * @param chainFingerprints the SHA-256 fingerprints of the whole presented chain, leaf first
 */
public record PresentedCertificate(String host, int port, String subject, String issuer, Instant notBefore,
    Instant notAfter, String sha256Fingerprint, List<String> subjectAltNames, boolean selfSigned,
    List<String> chainFingerprints) {

  public PresentedCertificate {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(notBefore, "notBefore");
    Objects.requireNonNull(notAfter, "notAfter");
    sha256Fingerprint = Fingerprints.normalize(Objects.requireNonNull(sha256Fingerprint, "sha256Fingerprint"));
    subjectAltNames = List.copyOf(subjectAltNames);
    chainFingerprints = chainFingerprints == null || chainFingerprints.isEmpty()
        ? List.of(sha256Fingerprint)
        : chainFingerprints.stream().map(Fingerprints::normalize).toList();
  }

  /** The leaf only: the chain is taken to be the leaf alone. */
  public PresentedCertificate(String host, int port, String subject, String issuer, Instant notBefore,
      Instant notAfter, String sha256Fingerprint, List<String> subjectAltNames, boolean selfSigned) {
    this(host, port, subject, issuer, notBefore, notAfter, sha256Fingerprint, subjectAltNames, selfSigned, List.of());
  }

  /** {@code host:port}, an IPv6 address in brackets. */
  public String endpoint() {
    return endpoint(host, port);
  }

  /** Whether the leaf is valid at {@code instant} (not before notBefore, not after notAfter). */
  public boolean validAt(Instant instant) {
    return !instant.isBefore(notBefore) && !instant.isAfter(notAfter);
  }

  /**
   * Whether the leaf is the certificate pinned by {@code pinnedFingerprint}: 64 hex digits, with or
   * without colons, any case.
   *
   * @throws IllegalArgumentException when {@code pinnedFingerprint} is not a SHA-256 fingerprint
   */
  public boolean matches(String pinnedFingerprint) {
    Objects.requireNonNull(pinnedFingerprint, "pinned fingerprint");
    return Fingerprints.normalize(pinnedFingerprint).equals(sha256Fingerprint);
  }

  /**
   * Passes when the leaf is the pinned certificate.
   *
   * @throws CertificateProbe.FingerprintMismatchException naming both fingerprints, when it is not
   * @throws IllegalArgumentException when {@code pinnedFingerprint} is not a SHA-256 fingerprint
   */
  public void requireMatch(String pinnedFingerprint) {
    if (!matches(pinnedFingerprint)) {
      throw new CertificateProbe.FingerprintMismatchException(this, Fingerprints.normalize(pinnedFingerprint));
    }
  }

  static String endpoint(String host, int port) {
    return (host != null && host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }
}
