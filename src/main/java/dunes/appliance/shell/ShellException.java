package dunes.appliance.shell;

/**
 * A call to a node's shell (SSH exec or SFTP) failed. The subclasses say whether retrying can help;
 * messages name the node and the operation, never a password.
 */
public class ShellException extends RuntimeException {

  public ShellException(String message) {
    super(message);
  }

  public ShellException(String message, Throwable cause) {
    super(message, cause);
  }
}
