package dunes.appliance.shell;

/**
 * The node's sshd did not serve the call now: connection refused, nothing answered in time, the
 * connection was lost, the name does not resolve. Retrying later may succeed, so the job's retry
 * cycle handles it.
 */
public class ShellUnavailableException extends ShellException {

  ShellUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
