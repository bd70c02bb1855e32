package dunes.vsphere;

/** A vSphere call that failed for a technical reason; the job's retry cycle and incidents handle it. */
public class VSphereException extends RuntimeException {

  public VSphereException(String message, Throwable cause) {
    super(message, cause);
  }

  public VSphereException(String message) {
    super(message);
  }
}
