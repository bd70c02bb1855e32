package dunes.edge;

/**
 * The manager's certificate is not the pinned one, so no request was sent. Not retried blindly:
 * another machine may hold the address, or the manager's certificate changed and its new
 * fingerprint must be confirmed.
 */
public class EdgeTrustException extends EdgeException {

  EdgeTrustException(String message, Throwable cause) {
    super(message, cause);
  }
}
