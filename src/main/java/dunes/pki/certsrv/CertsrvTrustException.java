package dunes.pki.certsrv;

/**
 * The CA's web server is not the pinned one: its certificate has another fingerprint (or expired). No
 * request was sent, the TLS handshake failed first. Not retried blindly: confirm the new fingerprint.
 */
public class CertsrvTrustException extends CertsrvException {

  CertsrvTrustException(String message, Throwable cause) {
    super(message, cause);
  }
}
