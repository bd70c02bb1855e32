package dunes.appliance.vami;

/**
 * A VAMI command ended with a nonzero exit status, e.g. a time zone the appliance does not know:
 * the request must change, not be retried. Carries the status and the command's error output.
 */
public class VamiRejectedException extends VamiException {

  private final int exitCode;
  private final String stderr;

  VamiRejectedException(String message, int exitCode, String stderr) {
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
