package dunes.edge;

/**
 * The manager refused the login (HTTP 401) or the account's rights (403). Retrying with the same
 * secret cannot help: an operator must fix the secret or the account.
 */
public class EdgeAuthenticationException extends EdgeException {

  EdgeAuthenticationException(String message) {
    super(message);
  }
}
