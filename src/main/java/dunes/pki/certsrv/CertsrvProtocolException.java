package dunes.pki.certsrv;

/**
 * certsrv answered something Dunes does not recognise: another status, a page without the expected
 * strings, a download that is no certificate or PKCS#7. The message says what was expected and quotes
 * a short, tag-stripped excerpt of what came.
 */
public class CertsrvProtocolException extends CertsrvException {

  CertsrvProtocolException(String message) {
    super(message);
  }

  CertsrvProtocolException(String message, Throwable cause) {
    super(message, cause);
  }
}
