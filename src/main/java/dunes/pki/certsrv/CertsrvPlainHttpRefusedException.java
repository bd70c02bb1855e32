package dunes.pki.certsrv;

/**
 * An http certsrv target whose build has no recorded acceptance of plain HTTP: nothing was sent.
 * Not retried: a person must accept it in Tasklist ("Accept plain HTTP to the CA"), or the request
 * must give an https URL.
 */
public class CertsrvPlainHttpRefusedException extends CertsrvException {

  CertsrvPlainHttpRefusedException(String message) {
    super(message);
  }
}
