package dunes.appliance.config;

/**
 * The server on 8281 is not the pinned one: its certificate has another fingerprint. No request was
 * sent (the TLS handshake failed first). Not retried blindly: another machine may hold the address,
 * or the node's certificate changed and its new fingerprint must be confirmed.
 */
public class VcoTrustException extends VcoConfigException {

  VcoTrustException(String message, Throwable cause) {
    super(message, cause);
  }
}
