package dunes.engine;

/** A poll loop past its deadline: the message says what was awaited, since when, and what was last seen. */
public class WaitExpiredException extends RuntimeException {

  public WaitExpiredException(String message) {
    super(message);
  }
}
