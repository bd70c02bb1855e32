package dunes.vsphere;

/**
 * vCenter refused a guest operation because VMware Tools is not running in the guest (its fault
 * ToolsUnavailable, e.g. for ShutdownGuest and RebootGuest). Retrying at once rarely helps: Tools start
 * with the guest's OS, or never when they are not installed; the caller decides whether to wait or to act
 * without the guest.
 */
public class VSphereToolsUnavailableException extends VSphereException {

  public VSphereToolsUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
