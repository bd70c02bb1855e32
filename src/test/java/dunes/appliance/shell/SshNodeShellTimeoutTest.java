package dunes.appliance.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dunes.secrets.TestSecrets;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/**
 * The timeouts, against servers the lab does not simulate: an sshd whose command never ends
 * (127.0.12.50) and a TCP listener that never speaks SSH (127.0.12.51).
 */
class SshNodeShellTimeoutTest {

  static final NodeShellProperties ONE_SECOND = new NodeShellProperties(Duration.ofSeconds(1), Duration.ofSeconds(1),
      Duration.ofSeconds(1), DataSize.ofKilobytes(64), DataSize.ofMegabytes(1));
  static final String PASSWORD = "hanging-root-password";

  final SshNodeShell shell = new SshNodeShell(ONE_SECOND,
      TestSecrets.onLoopback(Map.of(ShellLab.ROOT.name(), PASSWORD)), null);
  SshServer server;

  @AfterEach
  void close() throws Exception {
    shell.close();
    if (server != null) {
      server.stop(true);
    }
  }

  @Test
  void shouldGiveUpOnACommandThatDoesNotEndInTime() throws Exception {
    server = SshServer.setUpDefaultServer();
    server.setHost("127.0.12.50");
    server.setPort(ShellLab.PORTS.ssh());
    SimpleGeneratorHostKeyProvider hostKey = new SimpleGeneratorHostKeyProvider();
    server.setKeyPairProvider(hostKey);
    server.setPasswordAuthenticator((user, password, session) -> "root".equals(user) && PASSWORD.equals(password));
    server.setCommandFactory((channel, command) -> new NeverEnding());
    server.start();
    String pin = HostKeyFingerprint.of(hostKey.loadKeys(null).get(0).getPublic()).toString();
    NodeShellPort.Target target = new NodeShellPort.Target("127.0.12.50", ShellLab.PORTS.ssh(), pin, ShellLab.ROOT);
    Instant start = Instant.now();

    assertThatThrownBy(() -> shell.restartService(target))
        .isInstanceOf(ShellUnavailableException.class)
        .hasMessageContaining("(service vco-server restart) did not end within PT1S");
    assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void shouldGiveUpOnAListenerThatNeverSpeaksSsh() throws Exception {
    try (ServerSocket silent = new ServerSocket(ShellLab.PORTS.ssh(), 5, InetAddress.getByName("127.0.12.51"))) {
      Instant start = Instant.now();

      assertThatThrownBy(() -> shell.readHostKeyFingerprint("127.0.12.51", silent.getLocalPort()))
          .isInstanceOf(ShellUnavailableException.class)
          .hasMessageContaining("presented no host key within PT1S");
      assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(5));
    }
  }

  /** A command that neither answers nor exits. */
  private static final class NeverEnding implements Command {
    @Override public void setInputStream(InputStream in) { }
    @Override public void setOutputStream(OutputStream out) { }
    @Override public void setErrorStream(OutputStream err) { }
    @Override public void setExitCallback(ExitCallback callback) { }
    @Override public void start(ChannelSession channel, Environment env) { }
    @Override public void destroy(ChannelSession channel) { }
  }
}
