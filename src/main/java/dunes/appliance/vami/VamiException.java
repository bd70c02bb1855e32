package dunes.appliance.vami;

/**
 * A VAMI call failed. The subclasses say whether retrying can help; messages name the appliance
 * and the call, never a password.
 */
public class VamiException extends RuntimeException {

  public VamiException(String message) {
    super(message);
  }

  public VamiException(String message, Throwable cause) {
    super(message, cause);
  }
}
