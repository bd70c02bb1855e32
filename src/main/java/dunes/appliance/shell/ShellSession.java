package dunes.appliance.shell;

import dunes.appliance.shell.PinnedHostKeyVerifier.Check;
import dunes.secrets.Secret;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.core5.net.InetAddressUtils;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.future.AuthFuture;
import org.apache.sshd.client.future.ConnectFuture;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.client.session.ClientSession.ClientSessionEvent;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.SshException;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpException;

/**
 * One call's SSH connection to one node: connected, host key checked against the pin during key
 * exchange, then (only then) root's password login. Lives for one call of the port, so the
 * password is resolved when it is used and held no longer.
 */
final class ShellSession implements AutoCloseable {

  /** One SFTP operation on an open SFTP channel. */
  interface SftpCall<T> {
    T apply(SftpClient sftp) throws IOException;
  }

  private static final Duration CLOSE_WAIT = Duration.ofSeconds(2);

  private final ClientSession session;
  private final String where;
  private final NodeShellProperties properties;

  private ShellSession(ClientSession session, String where, NodeShellProperties properties) {
    this.session = session;
    this.where = where;
    this.properties = properties;
  }

  static ShellSession open(SshClient client, NodeShellPort.Target target, Secret rootPassword,
      NodeShellProperties properties, DnsResolver dns) {
    String where = target.toString();
    Check check = Check.pinnedTo(target.pin());
    ClientSession session = connect(client, target.host(), target.port(), check, properties, dns, where);
    try {
      awaitKeyExchange(session, check, where, properties);
      if (check.refused() || check.presented().isEmpty()) {
        throw notTrusted(where, target.pin(), check);
      }
      login(session, target, rootPassword, properties);
      return new ShellSession(session, where, properties);
    } catch (RuntimeException e) {
      closeQuietly(session);
      throw e;
    }
  }

  /** The host key {@code host:port} presents; the key is refused, so the connection ends in key exchange. */
  static HostKeyFingerprint probe(SshClient client, String host, int port, NodeShellProperties properties,
      DnsResolver dns) {
    String where = "ssh://" + host + ":" + port;
    Check check = Check.recordOnly();
    ClientSession session = connect(client, host, port, check, properties, dns, where);
    try {
      awaitKeyExchange(session, check, where, properties);
    } finally {
      closeQuietly(session);
    }
    return check.presented().orElseThrow(() -> new ShellUnavailableException(where
        + " closed the connection before presenting a host key", null));
  }

  /**
   * Runs one command line and waits for its exit, at most the command timeout in all.
   *
   * @throws ShellUnavailableException when it does not end in time or the connection drops
   */
  CommandResult exec(String command) {
    BoundedOutput out = new BoundedOutput(properties.maxOutput().toBytes());
    BoundedOutput err = new BoundedOutput(properties.maxOutput().toBytes());
    Instant deadline = Instant.now().plus(properties.commandTimeout());
    try (ChannelExec channel = session.createExecChannel(command)) {
      channel.setOut(out);
      channel.setErr(err);
      channel.open().verify(remaining(deadline));
      Set<ClientChannelEvent> events = channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), remaining(deadline));
      if (events.contains(ClientChannelEvent.TIMEOUT)) {
        throw new ShellUnavailableException(where + " (" + command + ") did not end within "
            + properties.commandTimeout() + " (dunes.appliance.shell.command-timeout); it may still run on the node", null);
      }
      Integer exit = channel.getExitStatus();
      if (exit == null) {
        throw new ShellProtocolException(where + " (" + command + ") ended without an exit status"
            + (channel.getExitSignal() == null ? "" : ", killed by signal " + channel.getExitSignal()));
      }
      return new CommandResult(exit, out.text(), err.text(), out.truncated() || err.truncated());
    } catch (IOException e) {
      throw unavailable(where + " (" + command + ")", "the command could not run", e);
    }
  }

  /**
   * One SFTP channel for {@code call}.
   *
   * @param operation how messages name it, e.g. "download /etc/…/jssecacerts"
   */
  <T> T sftp(String operation, SftpCall<T> call) {
    try (SftpClient sftp = SftpClientFactory.instance().createSftpClient(session)) {
      return call.apply(sftp);
    } catch (SftpException e) {
      throw new ShellFileException(where + " (SFTP " + operation + ") refused: "
          + SftpConstants.getStatusName(e.getStatus()) + " " + e.getMessage(), e.getStatus(), e);
    } catch (IOException e) {
      throw unavailable(where + " (SFTP " + operation + ")", "the transfer failed", e);
    }
  }

  String where() {
    return where;
  }

  @Override
  public void close() {
    closeQuietly(session);
  }

  private static ClientSession connect(SshClient client, String host, int port, Check check,
      NodeShellProperties properties, DnsResolver dns, String where) {
    InetSocketAddress address = new InetSocketAddress(resolve(host, dns, where), port);
    ConnectFuture future;
    try {
      future = client.connect("root", address, check.asContext(), null);
      if (!future.await(properties.connectTimeout())) {
        future.cancel();
        throw new ShellUnavailableException(where + " did not accept the connection within " + properties.connectTimeout()
            + " (dunes.appliance.shell.connect-timeout); the node may be powered off, still booting or at another address",
            null);
      }
    } catch (IOException e) {
      throw unavailable(where, "cannot connect", e);
    }
    Throwable failure = future.getException();
    if (failure != null || !future.isConnected()) {
      throw new ShellUnavailableException(where + " refused the connection or cannot be reached: " + describe(failure)
          + "; the node may be powered off, still booting or at another address", failure);
    }
    return future.getClientSession();
  }

  private static InetAddress resolve(String host, DnsResolver dns, String where) {
    try {
      if (InetAddressUtils.isIPv4(host) || InetAddressUtils.isIPv6(host)) {
        return InetAddress.getByName(host); // a literal: no lookup
      }
      InetAddress[] addresses = dns != null ? dns.resolve(host) : InetAddress.getAllByName(host);
      if (addresses == null || addresses.length == 0) {
        throw new UnknownHostException(host);
      }
      return addresses[0];
    } catch (UnknownHostException e) {
      throw new ShellUnavailableException(where + ": the name " + host + " does not resolve"
          + (dns != null ? " (in the resolver given)" : " (in DNS)"), e);
    }
  }

  /** Waits until the key exchange is done (the host key passed) or the connection ended. */
  private static void awaitKeyExchange(ClientSession session, Check check, String where, NodeShellProperties properties) {
    Set<ClientSessionEvent> events = session.waitFor(EnumSet.of(ClientSessionEvent.WAIT_AUTH, ClientSessionEvent.CLOSED),
        properties.authTimeout());
    if (check.presented().isPresent() || events.contains(ClientSessionEvent.WAIT_AUTH)) {
      return; // the caller decides on the key
    }
    throw new ShellUnavailableException(where + (events.contains(ClientSessionEvent.TIMEOUT)
        ? " presented no host key within " + properties.authTimeout() + " (dunes.appliance.shell.auth-timeout)"
        : " closed the connection during key exchange"), null);
  }

  private static ShellTrustException notTrusted(String where, HostKeyFingerprint pin, Check check) {
    String presented = check.presented().map(HostKeyFingerprint::toString).orElse("(none)");
    return new ShellTrustException("the SSH host key of " + where + " is " + presented + ", not the pinned " + pin
        + ": another machine may answer at that address, or the node's host key changed. No password was sent;"
        + " confirm the key on the node's console (ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub) before pinning it", pin.toString(), presented);
  }

  private static void login(ClientSession session, NodeShellPort.Target target, Secret rootPassword,
      NodeShellProperties properties) {
    String where = target.toString();
    session.addPasswordIdentity(rootPassword.revealAsString());
    AuthFuture auth;
    try {
      auth = session.auth();
      if (!auth.await(properties.authTimeout())) {
        auth.cancel();
        throw new ShellUnavailableException(where + " did not answer the login within " + properties.authTimeout()
            + " (dunes.appliance.shell.auth-timeout)", null);
      }
    } catch (IOException e) {
      throw unavailable(where, "the login failed", e);
    }
    if (auth.isSuccess()) {
      return;
    }
    Throwable failure = auth.getException();
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof SshException ssh
          && ssh.getDisconnectCode() == SshConstants.SSH2_DISCONNECT_NO_MORE_AUTH_METHODS_AVAILABLE) {
        throw new ShellAuthenticationException(where + " refused the root password from secret '"
            + target.rootPassword().name() + "'; set that secret to the appliance's root password", null);
      }
    }
    throw new ShellUnavailableException(where + ": the login did not complete: " + describe(failure), failure);
  }

  private static ShellUnavailableException unavailable(String where, String what, IOException e) {
    if (e instanceof InterruptedIOException && !(e instanceof java.net.SocketTimeoutException)) {
      Thread.currentThread().interrupt();
    }
    return new ShellUnavailableException(where + ": " + what + ": " + describe(e), e);
  }

  private static String describe(Throwable failure) {
    if (failure == null) {
      return "no connection";
    }
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String text = root.getClass().getSimpleName() + (root.getMessage() == null ? "" : " " + root.getMessage());
    String outer = failure.getMessage();
    boolean repeats = outer == null || root == failure || (root.getMessage() != null && outer.contains(root.getMessage()));
    return repeats ? text : outer + " (" + text + ")";
  }

  private static Duration remaining(Instant deadline) {
    Duration left = Duration.between(Instant.now(), deadline);
    return left.isNegative() || left.isZero() ? Duration.ofMillis(1) : left;
  }

  private static void closeQuietly(ClientSession session) {
    session.close(false).awaitUninterruptibly(CLOSE_WAIT);
  }
}
