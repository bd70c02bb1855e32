package dunes.preflight;

import java.time.Instant;
import java.util.List;

/**
 * What an existing endpoint of the build presented at preflight, read and not trusted: what the
 * plan shows and what its approval pins.
 *
 * @param key the endpoint's role in the build: {@code vcenter}, {@code edge}, {@code ca},
 *     {@code sso}, {@code reference}
 * @param url what the build dials ({@code https://vcenter.lab.local:8989/sdk})
 * @param nameMatches whether the dialled host name is among the leaf's names (SAN, else CN)
 * @param pinned the request's pinned fingerprint for it, or null
 */
public record EndpointCertificate(String key, String url, String purpose, String subject, String issuer,
    Instant notBefore, Instant notAfter, List<String> subjectAltNames, boolean nameMatches, String fingerprint,
    String pinned) {

  /** The request pins this endpoint and the endpoint presents exactly that certificate. */
  public boolean pinnedAndMatching() {
    return pinned != null && !pinned.isBlank() && dunes.pki.Fingerprints.normalize(pinned).equals(fingerprint);
  }
}
