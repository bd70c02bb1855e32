package dunes.appliance.vami;

/**
 * The appliance took the network change but does not answer at its new address yet: the job's
 * retry cycle runs the converge again, which finds it there and reads back.
 */
public class VamiUnavailableException extends VamiException {

  VamiUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
