package dunes.appliance.config;

/**
 * A call to vCO's configuration workflows failed. The subclasses say whether retrying can help;
 * messages name the server, the call and the workflow, never a password or a SecureString value.
 */
public class VcoConfigException extends RuntimeException {

  public VcoConfigException(String message) {
    super(message);
  }

  public VcoConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
