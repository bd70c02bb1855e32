package dunes.edge;

/**
 * The manager did not serve the call now (connection refused, timeout, connection lost, a 5xx
 * answer): retrying later may succeed, so the job's retry cycle handles it.
 */
public class EdgeUnavailableException extends EdgeException {

  EdgeUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
