package dunes.pki.steps;

import java.util.Arrays;

/**
 * The two certificates a build requests from the CA together and has approved at once: what each
 * is called in messages and markers ({@link #what}) and the prefix of the approval form's fields
 * for it ({@code packageSigningRequestId}, {@code clientCertificateSubject}, …).
 */
public enum CertificateKind {
  PACKAGE_SIGNING("package-signing", "packageSigning"),
  CLIENT_SSL("client SSL", "clientCertificate");

  private final String what;
  private final String prefix;

  CertificateKind(String what, String prefix) {
    this.what = what;
    this.prefix = prefix;
  }

  /** How messages, markers and people name it, e.g. "package-signing". */
  public String what() {
    return what;
  }

  /** The approval form's field for the CA's request id of this certificate. */
  public String requestIdVariable() {
    return prefix + "RequestId";
  }

  /** The field holding where this certificate's request stands at the CA (ISSUED, PENDING, …). */
  public String dispositionVariable() {
    return prefix + "Disposition";
  }

  /** The kind a {@link SubmissionMarkers.Marker#certificate()} names. */
  static CertificateKind ofWhat(String what) {
    return Arrays.stream(values()).filter(kind -> kind.what.equals(what)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no certificate kind " + what));
  }
}
