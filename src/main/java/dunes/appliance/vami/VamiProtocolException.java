package dunes.appliance.vami;

/** VAMI answered something Dunes does not understand: an unexpected status or JSON shape. */
public class VamiProtocolException extends VamiException {

  VamiProtocolException(String message) {
    super(message);
  }

  VamiProtocolException(String message, Throwable cause) {
    super(message, cause);
  }
}
