package dunes.appliance.vami;

/** VAMI refused a value (HTTP 400), e.g. an unknown time zone: the request must change, not be retried. */
public class VamiRejectedException extends VamiException {

  VamiRejectedException(String message) {
    super(message);
  }
}
