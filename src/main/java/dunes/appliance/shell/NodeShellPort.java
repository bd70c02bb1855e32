package dunes.appliance.shell;

import dunes.secrets.SecretRef;

/**
 * A vCO appliance's shell as root over SSH, with the host key pinned: the vco-server service, a
 * generic command, and files over SFTP (the keystore's backup and replacement). Every call opens
 * its own connection and closes it, so nothing holds a job thread between calls.
 */
public interface NodeShellPort {

  /**
   * One node's sshd as Dunes reaches it.
   *
   * @param host its address (or a name the configured resolver knows)
   * @param port 22 on a real appliance
   * @param hostKeyFingerprint SHA-256 of the node's SSH host key, "SHA256:…" as OpenSSH prints it
   *     (64 hex digits accepted too): the only key trusted
   * @param rootPassword the root password's secret, resolved at each call
   */
  record Target(String host, int port, String hostKeyFingerprint, SecretRef rootPassword) {
    public Target {
      if (host == null || host.isBlank() || rootPassword == null) {
        throw new IllegalArgumentException("an SSH target needs a host, the host key's fingerprint and the root password's secret");
      }
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("SSH port of " + host + " out of range: " + port);
      }
      HostKeyFingerprint.parse(hostKeyFingerprint); // refused here, not at the first connection
    }

    public HostKeyFingerprint pin() {
      return HostKeyFingerprint.parse(hostKeyFingerprint);
    }

    @Override
    public String toString() {
      return "ssh://root@" + host + ":" + port;
    }
  }

  /** {@code service vco-server status}. */
  ServiceState serviceStatus(Target target);

  /**
   * {@code service vco-server restart}; returns once the command ends with status 0 (the service
   * may still be STARTING: poll {@link #serviceStatus}).
   *
   * @throws ShellCommandException on a nonzero exit status, e.g. a keystore the server cannot read
   */
  void restartService(Target target);

  /**
   * Runs one command line and answers its exit status and output whatever the status. The command
   * line is logged at DEBUG: never put a secret in it.
   */
  CommandResult run(Target target, String command);

  /**
   * The host key the sshd at {@code host:port} presents, "SHA256:…", for an operator to confirm
   * before it is pinned. The key is not trusted: the connection ends during key exchange, before
   * any login.
   */
  String readHostKeyFingerprint(String host, int port);

  /** The whole file at the absolute {@code path}, at most {@link NodeShellProperties#maxFile()} bytes. */
  byte[] download(Target target, String path);

  /**
   * Writes {@code content} to {@code path + ".dunes-tmp"} (keeping the permissions of an existing
   * {@code path}), then renames it over {@code path}: a broken transfer never leaves half a file
   * under the final name.
   */
  void upload(Target target, String path, byte[] content);

  /**
   * Renames {@code from} over {@code to} over SFTP in one step (posix-rename where the server offers
   * it, as {@link #upload} finishes): a reader of {@code to} sees the old file or the new one, never a
   * part. How a copy made under a temporary name on the node gets its final name.
   */
  void move(Target target, String from, String to);

  /** Whether {@code path} exists (following links, as {@code test -e}). */
  boolean exists(Target target, String path);
}
