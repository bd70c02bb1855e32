package dunes.appliance.shell;

/**
 * The SSH server's host key is not the pinned one: another machine answers at that address, or the
 * node's key changed. The connection was closed during key exchange, before the password was sent.
 * Not retried blindly: an operator confirms the key the node presents ({@link #presented()}).
 */
public class ShellTrustException extends ShellException {

  private final String pinned;
  private final String presented;

  ShellTrustException(String message, String pinned, String presented) {
    super(message);
    this.pinned = pinned;
    this.presented = presented;
  }

  /** The pin, "SHA256:…" as OpenSSH prints it. */
  public String pinned() {
    return pinned;
  }

  /** The key the server presented, "SHA256:…". */
  public String presented() {
    return presented;
  }
}
