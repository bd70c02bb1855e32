package dunes.appliance.config;

/**
 * vCO refused the login (HTTP 401). Retrying with the same secret cannot help: an operator must fix
 * the secret or the server's password, so the step reports a business error and burns no retries.
 */
public class VcoAuthenticationException extends VcoConfigException {

  VcoAuthenticationException(String message) {
    super(message);
  }
}
