package dunes.appliance.vami;

/**
 * VAMI refused the root password (HTTP 401). Retrying with the same secret cannot help: an
 * operator must fix the secret or the appliance's password, so the step reports a business error.
 */
public class VamiAuthenticationException extends VamiException {

  VamiAuthenticationException(String message) {
    super(message);
  }
}
