package dunes.edge;

/** The manager answered something Dunes does not understand: an unexpected status, XML or a missing header. */
public class EdgeProtocolException extends EdgeException {

  EdgeProtocolException(String message) {
    super(message);
  }

  EdgeProtocolException(String message, Throwable cause) {
    super(message, cause);
  }
}
