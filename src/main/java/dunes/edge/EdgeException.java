package dunes.edge;

/**
 * A call to the vShield Manager's edge API failed. The subclasses say whether retrying can help;
 * messages name the manager, the call and the object, never a password.
 */
public class EdgeException extends RuntimeException {

  public EdgeException(String message) {
    super(message);
  }

  public EdgeException(String message, Throwable cause) {
    super(message, cause);
  }
}
