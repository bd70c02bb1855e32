package dunes.appliance.config;

/** vCO answered something Dunes does not understand: an unexpected status, JSON shape or an HTML page. */
public class VcoProtocolException extends VcoConfigException {

  VcoProtocolException(String message) {
    super(message);
  }

  VcoProtocolException(String message, Throwable cause) {
    super(message, cause);
  }
}
