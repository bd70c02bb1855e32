package dunes.build.probe;

import java.util.Map;

/**
 * The certificate fingerprints (SHA-256, as {@code dunes.pki.Fingerprints} formats them) a probe
 * may trust, by endpoint: {@link #VCENTER}, {@link #EDGE}, {@link #CA}. Taken from what Dunes
 * recorded when the request's fingerprint was pinned or an operator confirmed one, never from a
 * variable a user can write.
 */
public record ProbeTrust(Map<String, String> fingerprints) {

  public static final String VCENTER = "vcenter";
  public static final String EDGE = "edge";
  public static final String CA = "ca";
  /** The request's reference appliance ({@code ovf.reference}) */
  public static final String VCO_REFERENCE = "vco-reference";

  public ProbeTrust {
    fingerprints = Map.copyOf(fingerprints);
  }

  /** The pinned fingerprint of {@code endpoint}, or an exception naming what was not trusted yet. */
  public String fingerprint(String endpoint) {
    String value = fingerprints.get(endpoint);
    if (value == null) {
      throw new IllegalStateException("no certificate of " + endpoint + " is trusted yet: the probe runs after its confirmation");
    }
    return value;
  }
}
