package dunes.appliance.vami;

/**
 * The TLS handshake failed, typically because VAMI's certificate is not the pinned one: either
 * another machine answers at that address or the pin is stale. Not retried blindly.
 */
public class VamiTrustException extends VamiException {

  VamiTrustException(String message, Throwable cause) {
    super(message, cause);
  }
}
