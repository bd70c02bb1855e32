package dunes.appliance.shell;

import org.apache.sshd.sftp.common.SftpConstants;

/**
 * The node's SFTP server refused a file operation (no such file, permission denied, …), or the file
 * is not what the operation needs (a directory, too large). {@link #status()} is the SFTP status
 * code, or -1 when the refusal is Dunes's own.
 */
public class ShellFileException extends ShellException {

  private final int status;

  ShellFileException(String message, int status, Throwable cause) {
    super(message, cause);
    this.status = status;
  }

  public int status() {
    return status;
  }

  /** The path (or a directory on it) does not exist. */
  public boolean notFound() {
    return status == SftpConstants.SSH_FX_NO_SUCH_FILE || status == SftpConstants.SSH_FX_NO_SUCH_PATH;
  }
}
