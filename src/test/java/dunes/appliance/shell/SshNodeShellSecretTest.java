package dunes.appliance.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import dunes.lab.node.LabNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * The root password stays out of logs, MINA's DEBUG lines included, whatever happens: success,
 * wrong password, wrong pin (127.0.12.40).
 */
@ExtendWith(OutputCaptureExtension.class)
class SshNodeShellSecretTest {

  static final List<String> LOGGERS = List.of("dunes.appliance.shell", "org.apache.sshd");

  @TempDir Path dir;
  ShellLab lab;
  LabNode node;
  List<Level> levelsBefore;

  @BeforeEach
  void setUp() {
    levelsBefore = LOGGERS.stream().map(name -> logger(name).getLevel()).toList();
    LOGGERS.forEach(name -> logger(name).setLevel(Level.DEBUG));
    lab = new ShellLab(dir);
    node = lab.poweredOn("vcvco1", "127.0.12.40");
  }

  @AfterEach
  void close() {
    lab.close();
    for (int i = 0; i < LOGGERS.size(); i++) {
      logger(LOGGERS.get(i)).setLevel(levelsBefore.get(i));
    }
  }

  @Test
  void shouldNeverLogTheRootPassword(CapturedOutput output) {
    SshNodeShell shell = lab.shell();
    NodeShellPort.Target target = lab.target(node);
    String wrong = "wrong-" + lab.rootPassword;

    shell.restartService(target);
    await().atMost(Duration.ofSeconds(5)).until(() -> shell.serviceStatus(target) == ServiceState.RUNNING);
    shell.upload(target, "/root/note", shell.download(target, "/etc/vco/app-server/security/jssecacerts"));
    assertThatThrownBy(() -> lab.shell(wrong).serviceStatus(target)).isInstanceOf(ShellAuthenticationException.class);
    assertThatThrownBy(() -> shell.serviceStatus(new NodeShellPort.Target(node.address(), ShellLab.PORTS.ssh(),
        "SHA256:" + "A".repeat(43), ShellLab.ROOT))).isInstanceOf(ShellTrustException.class);

    assertThat(output).contains("restarting vco-server on ssh://root@127.0.12.40")
        .doesNotContain(lab.rootPassword).doesNotContain(wrong);
  }

  private static Logger logger(String name) {
    return (Logger) LoggerFactory.getLogger(name);
  }
}
