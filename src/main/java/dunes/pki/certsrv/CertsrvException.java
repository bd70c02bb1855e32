package dunes.pki.certsrv;

/**
 * A call to a CA's certsrv pages failed. The subclasses say whether retrying can help; messages name
 * the CA, the page and the request, never the password, and quote at most a short excerpt of a page.
 */
public class CertsrvException extends RuntimeException {

  public CertsrvException(String message) {
    super(message);
  }

  public CertsrvException(String message, Throwable cause) {
    super(message, cause);
  }
}
