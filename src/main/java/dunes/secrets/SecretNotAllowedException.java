package dunes.secrets;

/**
 * A secret asked for a destination its binding does not allow: thrown before anything is sent.
 * The message names the secret and the destination, never the value.
 */
public class SecretNotAllowedException extends RuntimeException {

  public SecretNotAllowedException(String message) {
    super(message);
  }
}
