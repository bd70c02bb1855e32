package dunes.vsphere;

/** A vSphere task ended in error; the message carries vSphere's own fault text. */
public class VSphereTaskException extends VSphereException {

  private final String faultType;

  public VSphereTaskException(String message, String faultType) {
    super(message);
    this.faultType = faultType;
  }

  /** The fault's type name, e.g. InvalidPowerState, for callers that branch on it. */
  public String faultType() {
    return faultType;
  }
}
