package dunes.appliance.vami;

/**
 * Setting the appliance's identity failed. The subclasses say whether retrying can help; messages
 * name the appliance and the command, never a password (no command line carries one).
 */
public class VamiException extends RuntimeException {

  public VamiException(String message) {
    super(message);
  }

  public VamiException(String message, Throwable cause) {
    super(message, cause);
  }
}
