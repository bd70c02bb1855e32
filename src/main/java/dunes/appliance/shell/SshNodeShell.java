package dunes.appliance.shell;

import dunes.secrets.Destination;
import dunes.secrets.Purpose;
import dunes.secrets.SecretStore;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.sshd.client.ClientBuilder;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.auth.password.UserAuthPasswordFactory;
import org.apache.sshd.client.config.hosts.HostConfigEntryResolver;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.sftp.SftpModuleProperties;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClient.Attribute;
import org.apache.sshd.sftp.client.SftpClient.Attributes;
import org.apache.sshd.sftp.client.SftpClient.CloseableHandle;
import org.apache.sshd.sftp.client.SftpClient.CopyMode;
import org.apache.sshd.sftp.client.SftpClient.OpenMode;
import org.apache.sshd.sftp.client.extensions.openssh.OpenSSHPosixRenameExtension;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link NodeShellPort} with the Apache MINA SSHD client: one {@link SshClient} for the bean,
 * started here and stopped by {@link #close()}; one connection per call. The client trusts only the
 * target's pinned host key ({@link PinnedHostKeyVerifier}), reads no ~/.ssh files, and logs in as
 * root with the password only.
 */
public class SshNodeShell implements NodeShellPort, AutoCloseable {

  static final String STATUS = "service vco-server status";
  static final String RESTART = "service vco-server restart";
  static final String TEMPORARY_SUFFIX = ".dunes-tmp";

  private static final Logger LOG = LoggerFactory.getLogger(SshNodeShell.class);
  /** one SFTP write request; OpenSSH and MINA servers take up to 256 KiB */
  private static final int WRITE_CHUNK = 32 * 1024;

  private final NodeShellProperties properties;
  private final SecretStore secrets;
  private final DnsResolver dns;
  private final SshClient client;

  /** @param dns resolves node names (RequestDns: the request's DNS servers); {@code null} for the system's DNS */
  public SshNodeShell(NodeShellProperties properties, SecretStore secrets, DnsResolver dns) {
    this.properties = properties;
    this.secrets = secrets;
    this.dns = dns;
    this.client = ClientBuilder.builder()
        .serverKeyVerifier(new PinnedHostKeyVerifier())
        .hostConfigEntryResolver(HostConfigEntryResolver.EMPTY) // no ~/.ssh/config
        .build();
    client.setKeyIdentityProvider(KeyIdentityProvider.EMPTY_KEYS_PROVIDER); // no ~/.ssh/id_*
    client.setUserAuthFactories(List.of(UserAuthPasswordFactory.INSTANCE));
    CoreModuleProperties.IO_CONNECT_TIMEOUT.set(client, properties.connectTimeout());
    CoreModuleProperties.CHANNEL_OPEN_TIMEOUT.set(client, properties.commandTimeout());
    // bounds each wait for an SFTP answer, and a connection left silent
    CoreModuleProperties.IDLE_TIMEOUT.set(client, properties.commandTimeout());
    SftpModuleProperties.SFTP_CHANNEL_OPEN_TIMEOUT.set(client, properties.commandTimeout());
    client.start();
  }

  @Override
  public ServiceState serviceStatus(Target target) {
    return ServiceState.fromStatus(target + " (" + STATUS + ")", run(target, STATUS));
  }

  @Override
  public void restartService(Target target) {
    LOG.info("restarting vco-server on {}", target);
    CommandResult result = run(target, RESTART);
    if (!result.succeeded()) {
      throw new ShellCommandException(target + " (" + RESTART + ") exited with status " + result.exitCode() + ": "
          + firstLines(result.stderr().isBlank() ? result.stdout() : result.stderr()), result.exitCode(), result.stderr());
    }
    LOG.info("vco-server on {} took the restart: {}", target, firstLines(result.stdout()));
  }

  @Override
  public CommandResult run(Target target, String command) {
    if (command == null || command.isBlank()) {
      throw new IllegalArgumentException("no command to run on " + target);
    }
    LOG.debug("running '{}' on {}", command, target);
    CommandResult result = withSession(target, session -> session.exec(command));
    LOG.debug("'{}' on {} exited with status {}", command, target, result.exitCode());
    return result;
  }

  @Override
  public String readHostKeyFingerprint(String host, int port) {
    if (host == null || host.isBlank() || port < 1 || port > 65535) {
      throw new IllegalArgumentException("not an SSH endpoint: " + host + ":" + port);
    }
    HostKeyFingerprint presented = ShellSession.probe(client, host, port, properties, dns);
    LOG.info("ssh://{}:{} presents the host key {} (not trusted; for an operator to confirm)", host, port, presented);
    return presented.toString();
  }

  @Override
  public byte[] download(Target target, String path) {
    requireAbsolute(target, path);
    long limit = properties.maxFile().toBytes();
    return withSession(target, session -> session.sftp("download " + path, sftp -> {
      Attributes attributes = sftp.stat(path);
      if (!attributes.isRegularFile()) {
        throw new ShellFileException(session.where() + ": " + path + " is not a regular file", -1, null);
      }
      try (InputStream in = sftp.read(path)) {
        byte[] content = in.readNBytes((int) limit + 1);
        if (content.length > limit) {
          throw new ShellFileException(session.where() + ": " + path + " is larger than " + properties.maxFile()
              + " (dunes.appliance.shell.max-file)", -1, null);
        }
        return content;
      }
    }));
  }

  @Override
  public void upload(Target target, String path, byte[] content) {
    requireAbsolute(target, path);
    Objects.requireNonNull(content, "content");
    String temporary = path + TEMPORARY_SUFFIX;
    withSession(target, session -> session.sftp("upload " + path, sftp -> {
      Attributes existing = statOrNull(sftp, path);
      if (existing != null && existing.isDirectory()) {
        throw new ShellFileException(session.where() + ": " + path + " is a directory", -1, null);
      }
      try {
        write(sftp, temporary, existing, content);
        replace(sftp, temporary, path);
      } catch (IOException | RuntimeException e) {
        removeQuietly(sftp, temporary, e);
        throw e;
      }
      return null;
    }));
    LOG.info("uploaded {} bytes to {} on {}", content.length, path, target);
  }

  @Override
  public void move(Target target, String from, String to) {
    requireAbsolute(target, from);
    requireAbsolute(target, to);
    withSession(target, session -> session.sftp("move " + from + " to " + to, sftp -> {
      replace(sftp, from, to);
      return null;
    }));
    LOG.info("moved {} to {} on {}", from, to, target);
  }

  @Override
  public boolean exists(Target target, String path) {
    requireAbsolute(target, path);
    return withSession(target, session -> session.sftp("stat " + path, sftp -> statOrNull(sftp, path) != null));
  }

  /** Stops the client: every connection closes. Spring calls it at shutdown. */
  @Override
  public void close() {
    try {
      client.stop();
    } catch (RuntimeException e) {
      LOG.warn("the SSH client did not stop cleanly: {}", e.toString());
    }
  }

  boolean isRunning() {
    return client.isStarted() && client.isOpen();
  }

  private <T> T withSession(Target target, Function<ShellSession, T> call) {
    // resolved now, for this call only: the value never lands in a field, a log or a variable
    // every target is a build's appliance: root's password goes only where its binding lets a build node take it
    try (ShellSession session = ShellSession.open(client, target, secrets.resolveFor(target.rootPassword(),
        Destination.buildNode(Purpose.APPLIANCE_ROOT, target.host(), target.port())), properties, dns)) {
      return call.apply(session);
    }
  }

  /**
   * The content under the temporary name: created empty, given the permissions of the file it
   * replaces before any byte is written (a keystore is never readable by more users, even briefly),
   * then written in chunks and closed.
   */
  private static void write(SftpClient sftp, String temporary, Attributes existing, byte[] content) throws IOException {
    try (CloseableHandle handle = sftp.open(temporary, OpenMode.Write, OpenMode.Create, OpenMode.Truncate)) {
      if (existing != null && existing.getFlags().contains(Attribute.Perms)) {
        sftp.setStat(handle, new Attributes().perms(existing.getPermissions() & 07777));
      }
      for (int offset = 0; offset < content.length; offset += WRITE_CHUNK) {
        sftp.write(handle, offset, content, offset, Math.min(WRITE_CHUNK, content.length - offset));
      }
    }
  }

  /**
   * Renames over the final name. OpenSSH's posix-rename (what the appliance's sshd offers on SFTP
   * v3) and SFTP v5+ rename with overwrite both replace in one step; a plain v3 rename cannot
   * replace, so there the old file is removed first (the final name is briefly absent, never partial).
   */
  private static void replace(SftpClient sftp, String temporary, String path) throws IOException {
    OpenSSHPosixRenameExtension posix = sftp.getExtension(OpenSSHPosixRenameExtension.class);
    if (posix != null && posix.isSupported()) {
      LOG.debug("posix-rename@openssh.com {} -> {}", temporary, path);
      posix.posixRename(temporary, path);
    } else if (sftp.getVersion() >= SftpConstants.SFTP_V5) {
      LOG.debug("SFTP v{} rename with overwrite {} -> {}", sftp.getVersion(), temporary, path);
      sftp.rename(temporary, path, CopyMode.Overwrite, CopyMode.Atomic);
    } else {
      LOG.debug("SFTP v{} without posix-rename: remove, then rename {} -> {}", sftp.getVersion(), temporary, path);
      if (statOrNull(sftp, path) != null) {
        sftp.remove(path);
      }
      sftp.rename(temporary, path);
    }
  }

  private static Attributes statOrNull(SftpClient sftp, String path) throws IOException {
    try {
      return sftp.stat(path);
    } catch (SftpException e) {
      if (e.getStatus() == SftpConstants.SSH_FX_NO_SUCH_FILE || e.getStatus() == SftpConstants.SSH_FX_NO_SUCH_PATH) {
        return null;
      }
      throw e;
    }
  }

  private static void removeQuietly(SftpClient sftp, String temporary, Exception failure) {
    try {
      if (statOrNull(sftp, temporary) != null) {
        sftp.remove(temporary);
      }
    } catch (IOException | RuntimeException e) {
      failure.addSuppressed(e); // the upload's own failure is what the caller needs; this rides along
    }
  }

  private static void requireAbsolute(Target target, String path) {
    if (path == null || !path.startsWith("/")) {
      throw new IllegalArgumentException("an absolute path on " + target + " is required, not '" + path + "'");
    }
  }

  private static String firstLines(String output) {
    String text = output.strip();
    return text.isEmpty() ? "(no output)" : text.length() > 500 ? text.substring(0, 500) + "…" : text;
  }
}
