package dunes.pki.certsrv;

/**
 * The CA's web server refused the login (HTTP 401). Retrying with the same secret cannot help: an
 * operator must fix the secret, the account, or enable Basic authentication on certsrv.
 */
public class CertsrvAuthenticationException extends CertsrvException {

  CertsrvAuthenticationException(String message) {
    super(message);
  }
}
