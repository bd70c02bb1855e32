package dunes.appliance.config;

/**
 * vCO did not serve the call now (503 while the server starts or stands by, connection refused,
 * timeout, connection lost): retrying later may succeed, so the job's retry cycle handles it.
 */
public class VcoUnavailableException extends VcoConfigException {

  private final boolean answered;

  VcoUnavailableException(String message, boolean answered, Throwable cause) {
    super(message, cause);
    this.answered = answered;
  }

  /** false when nothing answered at all (refused, timed out, cut off) */
  public boolean answered() {
    return answered;
  }
}
