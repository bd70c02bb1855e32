package dunes.pki.keys;

/**
 * A certificate chain from the CA is refused: it is not one chain, or it is not a valid chain to
 * the trusted root for the names the build needs. The message names the certificate and what
 * failed; {@link #reason()} classifies it for callers that map it to a BPMN error.
 */
public class CertificateChainException extends RuntimeException {

  /** What is wrong with the chain. */
  public enum Reason {
    /** The certificates do not form exactly one chain (two leaves, a stray or ambiguous certificate). */
    NOT_ONE_CHAIN,
    /** The chain does not lead to the trusted root. */
    UNTRUSTED_ROOT,
    /** A certificate (or the root) is expired or not yet valid at the instant checked. */
    NOT_VALID_AT,
    /** A certificate is not signed by the key of its issuer. */
    BAD_SIGNATURE,
    /** Another PKIX failure: an issuer that is no CA, a path too long, an unknown critical extension, a weak algorithm. */
    INVALID_PATH,
    /** The leaf's key usage or extended key usage does not allow a TLS server. */
    NOT_FOR_TLS_SERVER,
    /** A name the build needs is not among the leaf's subject alternative names. */
    MISSING_NAME
  }

  private final Reason reason;

  public CertificateChainException(Reason reason, String message) {
    this(reason, message, null);
  }

  public CertificateChainException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
