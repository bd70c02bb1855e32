package dunes.appliance.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dunes.lab.node.LabNode;
import dunes.lab.node.NodeState;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The vco-server service and commands over SSH against a lab node (127.0.12.10–.20, 127.0.64.11). */
class SshNodeShellTest {

  @TempDir Path dir;
  ShellLab lab;
  SshNodeShell shell;

  @BeforeEach
  void setUp() {
    lab = new ShellLab(dir);
    shell = lab.shell();
  }

  @AfterEach
  void close() {
    lab.close();
  }

  @Test
  void shouldReportRunningOncePoweredOn() {
    LabNode node = lab.poweredOn("vcvco1", "127.0.12.10");
    await().atMost(Duration.ofSeconds(5)).until(node::state, NodeState.RUNNING::equals);

    assertThat(shell.serviceStatus(lab.target(node))).isEqualTo(ServiceState.RUNNING);
  }

  @Test
  void shouldReportStartingThenRunningAfterARestart() {
    LabNode node = lab.node("vcvco1", "127.0.12.11", Duration.ofMillis(1500));
    node.powerOn();
    await().atMost(Duration.ofSeconds(5)).until(node::state, NodeState.RUNNING::equals);
    NodeShellPort.Target target = lab.target(node);
    long restartsBefore = lab.count("restart");

    shell.restartService(target);

    List<ServiceState> seen = new CopyOnWriteArrayList<>();
    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> {
      ServiceState state = shell.serviceStatus(target);
      seen.add(state);
      return state == ServiceState.RUNNING;
    });
    assertThat(seen.get(0)).isEqualTo(ServiceState.STARTING);
    assertThat(seen).containsOnly(ServiceState.STARTING, ServiceState.RUNNING).endsWith(ServiceState.RUNNING);
    assertThat(lab.count("restart")).isEqualTo(restartsBefore + 1);
  }

  @Test
  void shouldReportStoppedFromExitStatus3() {
    LabNode node = lab.poweredOn("vcvco1", "127.0.12.12");
    node.stopService();

    assertThat(shell.serviceStatus(lab.target(node))).isEqualTo(ServiceState.STOPPED);
  }

  @Test
  void shouldRefuseAnotherKeyBeforeLoggingIn() {
    LabNode node = lab.poweredOn("vcvco1", "127.0.12.13");
    LabNode other = lab.node("vcvco2", "127.0.12.14", Duration.ofMillis(200));
    NodeShellPort.Target pinnedToOther = new NodeShellPort.Target(node.address(), ShellLab.PORTS.ssh(),
        other.sshHostKeyFingerprint(), ShellLab.ROOT);
    // a wrong password too: had the password been tried, this would be an authentication failure
    SshNodeShell wrongPassword = lab.shell("wrong-" + lab.rootPassword);
    long restartsBefore = lab.count("restart");

    assertThatThrownBy(() -> wrongPassword.restartService(pinnedToOther))
        .isInstanceOfSatisfying(ShellTrustException.class, e -> {
          assertThat(e.pinned()).isEqualTo(other.sshHostKeyFingerprint());
          assertThat(e.presented()).isEqualTo(node.sshHostKeyFingerprint());
        })
        .hasMessageContaining(other.sshHostKeyFingerprint())
        .hasMessageContaining(node.sshHostKeyFingerprint())
        .hasMessageContaining("No password was sent");
    assertThat(lab.count("restart")).isEqualTo(restartsBefore);
  }

  @Test
  void shouldReadTheHostKeyFingerprintWithoutLoggingIn() {
    LabNode node = lab.poweredOn("vcvco1", "127.0.12.15");
    int journalBefore = lab.journal.entries().size();

    String fingerprint = shell.readHostKeyFingerprint(node.address(), ShellLab.PORTS.ssh());

    assertThat(fingerprint).isEqualTo(node.sshHostKeyFingerprint()).startsWith("SHA256:");
    assertThat(lab.journal.entries()).hasSize(journalBefore);
  }

  @Test
  void shouldAcceptThePinAsHexDigits() {
    LabNode node = lab.poweredOn("vcvco1", "127.0.12.16");
    await().atMost(Duration.ofSeconds(5)).until(node::state, NodeState.RUNNING::equals);
    String base64 = node.sshHostKeyFingerprint().substring("SHA256:".length());
    String hex = HexFormat.ofDelimiter(":").withUpperCase().formatHex(Base64.getDecoder().decode(base64));

    ServiceState state = shell.serviceStatus(new NodeShellPort.Target(node.address(), ShellLab.PORTS.ssh(), hex, ShellLab.ROOT));

    assertThat(state).isEqualTo(ServiceState.RUNNING);
  }

  @Test
  void shouldSayTheRootPasswordWasRefused() {
    LabNode node = lab.poweredOn("vcvco1", "127.0.12.17");
    String wrong = "wrong-" + lab.rootPassword;

    assertThatThrownBy(() -> lab.shell(wrong).restartService(lab.target(node)))
        .isInstanceOf(ShellAuthenticationException.class)
        .hasMessageContaining("refused the root password from secret 'appliance-root'")
        .message().doesNotContain(wrong).doesNotContain(lab.rootPassword);
    assertThat(lab.count("restart")).isZero();
  }

  @Test
  void shouldReportAPoweredOffNodeAsUnavailable() {
    LabNode node = lab.node("vcvco1", "127.0.12.18", Duration.ofMillis(200));

    assertThatThrownBy(() -> shell.serviceStatus(lab.target(node)))
        .isInstanceOf(ShellUnavailableException.class)
        .hasMessageContaining("ssh://root@127.0.12.18:" + ShellLab.PORTS.ssh())
        .hasMessageContaining("powered off");
    assertThatThrownBy(() -> shell.readHostKeyFingerprint(node.address(), ShellLab.PORTS.ssh()))
        .isInstanceOf(ShellUnavailableException.class);
  }

  @Test
  void shouldAnswerAnyCommandsExitStatusAndOutput() {
    LabNode node = lab.poweredOn("vcvco1", "127.0.12.19");

    CommandResult missing = shell.run(lab.target(node), "keytool -list");
    CommandResult found = shell.run(lab.target(node), "test -e /etc/vco/app-server/security/jssecacerts");

    assertThat(missing.exitCode()).isEqualTo(127);
    assertThat(missing.stderr()).contains("keytool: command not found");
    assertThat(missing.truncated()).isFalse();
    assertThat(found.succeeded()).isTrue();
  }

  @Test
  void shouldFailTheRestartWithExitStatusAndStderrWhenTheKeystoreIsBroken() throws Exception {
    LabNode node = lab.poweredOn("vcvco1", "127.0.12.20");
    Files.writeString(node.keystoreFile(), "not a keystore");

    assertThatThrownBy(() -> shell.restartService(lab.target(node)))
        .isInstanceOfSatisfying(ShellCommandException.class, e -> {
          assertThat(e.exitCode()).isEqualTo(1);
          assertThat(e.stderr()).contains("vco-server failed to restart");
        })
        .hasMessageContaining("exited with status 1");
    assertThat(shell.serviceStatus(lab.target(node))).isEqualTo(ServiceState.STOPPED);
  }

  /** A port another process holds fails the start as the init script does: an exit status, not silence. */
  @Test
  void shouldFailTheStartWithExitStatusAndStderrWhenAPortIsTaken() throws Exception {
    LabNode node = lab.poweredOn("vcvco1", "127.0.64.11");
    NodeShellPort.Target target = lab.target(node);
    assertThat(shell.run(target, "service vco-server stop").succeeded()).isTrue();

    try (ServerSocket taken = new ServerSocket(ShellLab.PORTS.messaging(), 50, InetAddress.getByName(node.address()))) {
      CommandResult start = shell.run(target, "service vco-server start");

      assertThat(start.exitCode()).isEqualTo(1);
      assertThat(start.stderr()).contains("vco-server failed to start", "cannot listen on 127.0.64.11:" + ShellLab.PORTS.messaging());
    }
    assertThat(shell.serviceStatus(target)).isEqualTo(ServiceState.STOPPED);
    assertThat(lab.count("start-failed")).isEqualTo(1);
  }
}
