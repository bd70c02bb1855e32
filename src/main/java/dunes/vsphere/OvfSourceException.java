package dunes.vsphere;

/**
 * The build request's OVF cannot be used: a local descriptor or one of its files is missing or
 * wrong, or a download failed (HTTP status, TLS trust, size, manifest digest). The message names
 * the URL and what is wrong.
 */
public class OvfSourceException extends VSphereException {

  public OvfSourceException(String message) {
    super(message);
  }

  public OvfSourceException(String message, Throwable cause) {
    super(message, cause);
  }
}
