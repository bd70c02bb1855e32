package dunes.appliance.shell;

/**
 * The node's sshd refused root's password. Retrying with the same secret cannot help: an operator
 * must fix the secret or the appliance's password.
 */
public class ShellAuthenticationException extends ShellException {

  ShellAuthenticationException(String message, Throwable cause) {
    super(message, cause);
  }
}
