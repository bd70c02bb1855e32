package dunes.vsphere;

/**
 * The OVF's server did not answer (connection refused or lost, a timeout) or answered with a
 * server error (5xx): worth retrying, unlike the other {@link OvfSourceException}s, which say the
 * request's OVF is wrong.
 */
public class OvfUnreachableException extends OvfSourceException {

  public OvfUnreachableException(String message) {
    super(message);
  }

  public OvfUnreachableException(String message, Throwable cause) {
    super(message, cause);
  }
}
