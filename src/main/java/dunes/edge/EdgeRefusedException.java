package dunes.edge;

/**
 * The manager refused the change (HTTP 400) and said why in {@code <error><details>}: the request
 * must change, a retry cannot help. The manager validates a change whole, so nothing was applied.
 */
public class EdgeRefusedException extends EdgeException {

  private final String details;

  EdgeRefusedException(String message, String details) {
    super(message);
    this.details = details;
  }

  /** The manager's {@code <error><details>} text, or the answer's first line when it sent no error body. */
  public String details() {
    return details;
  }
}
