package dunes.appliance.shell;

/**
 * A command that had to succeed ended with a nonzero exit status. Carries the exit status and the
 * command's error output (bounded), so an incident says what the node said.
 */
public class ShellCommandException extends ShellException {

  private final int exitCode;
  private final String stderr;

  ShellCommandException(String message, int exitCode, String stderr) {
    super(message);
    this.exitCode = exitCode;
    this.stderr = stderr;
  }

  public int exitCode() {
    return exitCode;
  }

  public String stderr() {
    return stderr;
  }
}
