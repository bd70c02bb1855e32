package dunes.appliance.vami;

/**
 * VAMI did not serve the call now (503, connection refused, timeout, connection lost): retrying
 * later may succeed, so the job's retry cycle handles it.
 */
public class VamiUnavailableException extends VamiException {

  private final boolean answered;

  VamiUnavailableException(String message, boolean answered, Throwable cause) {
    super(message, cause);
    this.answered = answered;
  }

  /** false when nothing answered at all (refused, timed out, cut off): the appliance may be elsewhere */
  public boolean answered() {
    return answered;
  }
}
