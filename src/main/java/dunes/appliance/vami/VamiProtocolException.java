package dunes.appliance.vami;

/**
 * The appliance answered something Dunes does not understand (a read-back in another format), or
 * accepted a change and reads back without it.
 */
public class VamiProtocolException extends VamiException {

  VamiProtocolException(String message) {
    super(message);
  }
}
