package dunes.lab.node;

import static org.assertj.core.api.Assertions.assertThat;

import dunes.lab.LabFaults;
import dunes.lab.LabJournal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exec commands without SSH around them: exit codes and what they refuse. */
class NodeCommandsTest {

  @TempDir Path dir;
  ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  LabJournal journal = new LabJournal();
  NodeFiles files;
  VcoServer server;
  NodeCommands commands;

  @BeforeEach
  void setUp() {
    LabNode.Settings settings = new TestNodes(dir).settings("vcvco1", "127.0.3.70", Duration.ofMillis(200));
    files = NodeFiles.prepare(settings.workDir(), settings.fqdn(), settings.address());
    server = new VcoServer(settings, files, new LabVcoDatabase(), journal, new LabFaults(), scheduler);
    commands = new NodeCommands("vcvco1", files, server, journal);
  }

  @AfterEach
  void close() {
    server.close();
    scheduler.shutdownNow();
  }

  @Test
  void shouldAnswerStatusThreeWhileStoppedAsLsbSays() {
    NodeCommands.Result status = commands.run("service vco-server status");

    assertThat(status.exitCode()).isEqualTo(3);
    assertThat(status.out()).contains("STOPPED");
  }

  @Test
  void shouldStartTheServiceAndReportStarting() {
    NodeCommands.Result start = commands.run("service vco-server start");

    assertThat(start.exitCode()).isZero();
    assertThat(server.state()).isEqualTo(NodeState.STARTING);
    assertThat(commands.run("service vco-server status").exitCode()).isZero();
  }

  @Test
  void shouldRefuseOtherServicesAndActions() {
    assertThat(commands.run("service sshd restart").exitCode()).isEqualTo(1);
    assertThat(commands.run("service vco-server reload").exitCode()).isEqualTo(2);
    assertThat(server.state()).isEqualTo(NodeState.STOPPED);
  }

  @Test
  void shouldRefuseShellSyntaxItDoesNotSimulate() throws Exception {
    NodeCommands.Result piped = commands.run("cp /etc/vco/app-server/security/jssecacerts /root/x; rm -rf /");

    assertThat(piped.exitCode()).isEqualTo(2);
    assertThat(piped.err()).contains("not simulated");
    assertThat(files.local("/root/x")).doesNotExist();
  }

  @Test
  void shouldStopAtTheFirstFailingCommandOfAChain() {
    NodeCommands.Result chain = commands.run("cd /no/such/dir && cp /etc/vco/app-server/security/jssecacerts b");

    assertThat(chain.exitCode()).isEqualTo(1);
    assertThat(chain.err()).contains("cd: /no/such/dir");
    assertThat(journal.entries()).isEmpty();
  }

  @Test
  void shouldResolveRelativePathsFromRootsHome() throws Exception {
    NodeCommands.Result copy = commands.run("cp /etc/vco/app-server/security/jssecacerts saved");

    assertThat(copy.exitCode()).isZero();
    assertThat(Files.exists(files.local("/root/saved"))).isTrue();
    assertThat(commands.run("test -e /root/saved").exitCode()).isZero();
    assertThat(commands.run("test -e /root/missing").exitCode()).isEqualTo(1);
  }
}
