package dunes.pki.certsrv;

/**
 * certsrv answered something Dunes does not recognise: another status, a page without the expected
 * strings, a download that is no certificate or PKCS#7. The message says what was expected and quotes
 * a short, tag-stripped excerpt of what came.
 */
public class CertsrvProtocolException extends CertsrvException {

  /** the HTTP status that was not expected; 0 when the status was fine and the content was not */
  private final int status;

  CertsrvProtocolException(String message) {
    this(message, 0);
  }

  CertsrvProtocolException(String message, int status) {
    super(message);
    this.status = status;
  }

  CertsrvProtocolException(String message, Throwable cause) {
    super(message, cause);
    this.status = 0;
  }

  /** The web server answered a 5xx: it failed on this call, which says nothing about what it serves. */
  public boolean serverError() {
    return status >= 500;
  }
}
