package dunes.pki.certsrv;

/**
 * The CA did not serve the call now (502/503/504, connection refused, timeout, connection lost, or a
 * page saying the CA service cannot be reached): retrying later may succeed.
 */
public class CertsrvUnavailableException extends CertsrvException {

  private final boolean answered;

  CertsrvUnavailableException(String message, boolean answered, Throwable cause) {
    super(message, cause);
    this.answered = answered;
  }

  /**
   * false when nothing answered at all (refused, timed out, cut off): a submission may then have
   * reached the CA without Dunes learning its request id.
   */
  public boolean answered() {
    return answered;
  }
}
