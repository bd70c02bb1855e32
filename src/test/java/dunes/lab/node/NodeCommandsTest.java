package dunes.lab.node;

import static org.assertj.core.api.Assertions.assertThat;

import dunes.lab.LabFaults;
import dunes.lab.LabJournal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
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
  AtomicReference<NodeIdentity> identity = new AtomicReference<>(NodeIdentity.initial("vcvco1.lab.local", "127.0.3.70"));
  List<NodeIdentity.Network> moves = new ArrayList<>();

  @BeforeEach
  void setUp() {
    LabNode.Settings settings = new TestNodes(dir).settings("vcvco1", "127.0.3.70", Duration.ofMillis(200));
    files = NodeFiles.prepare(settings.workDir(), settings.fqdn(), settings.address());
    server = new VcoServer(settings, files, new LabVcoDatabase(), journal, new LabFaults(), scheduler);
    commands = new NodeCommands("vcvco1", files, server, journal,
        new NodeVamiCommands("vcvco1", files, identity, journal, moves::add));
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
  void shouldNoteTheStartingTimeAsImposedOnlyForAStartThatEnded() {
    commands.run("service vco-server start");
    commands.run("service vco-server restart"); // the first start never ends

    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> server.state() == NodeState.RUNNING);

    assertThat(journal.imposed()).singleElement().satisfies(i -> {
      assertThat(i.system()).isEqualTo("node");
      assertThat(i.target()).isEqualTo("vcvco1");
      assertThat(i.call()).isEqualTo("vco-server-starting");
      assertThat(i.duration()).isEqualTo(Duration.ofMillis(200));
    });
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

  @Test
  void shouldSetTheTimeZoneHostNameAndDnsWithVamisCommandsAndShowThemInTheGuestsFiles() {
    assertThat(commands.run(VAMI + "vami_set_timezone_cmd Europe/Berlin").exitCode()).isZero();
    assertThat(commands.run(VAMI + "vami_set_hostname vcvco.lab.local").exitCode()).isZero();
    assertThat(commands.run(VAMI + "vami_set_dns 127.0.3.2 127.0.3.3").exitCode()).isZero();

    assertThat(identity.get().hostname()).isEqualTo("vcvco.lab.local");
    assertThat(identity.get().timezone()).isEqualTo("Europe/Berlin");
    assertThat(identity.get().network().dns()).containsExactly("127.0.3.2", "127.0.3.3");
    assertThat(commands.run("cat /etc/HOSTNAME").out()).isEqualTo("vcvco.lab.local\n");
    assertThat(commands.run("cat /etc/sysconfig/clock").out()).contains("TIMEZONE=\"Europe/Berlin\"");
    assertThat(commands.run("cat /etc/resolv.conf").out()).isEqualTo("nameserver 127.0.3.2\nnameserver 127.0.3.3\n");
    assertThat(journal.entries()).extracting(LabJournal.Entry::operation, LabJournal.Entry::detail).containsExactly(
        org.assertj.core.groups.Tuple.tuple("vami_set_timezone_cmd", "Europe/Berlin"),
        org.assertj.core.groups.Tuple.tuple("vami_set_hostname", "vcvco.lab.local"),
        org.assertj.core.groups.Tuple.tuple("vami_set_dns", "127.0.3.2 127.0.3.3"));
    assertThat(moves).isEmpty();
  }

  @Test
  void shouldSetTheStaticNetworkAndMoveOnlyOnceTheAnswerIsOut() {
    NodeCommands.Result set = commands.run(VAMI + "vami_set_network eth0 STATICV4 127.0.3.71 255.255.0.0 127.0.0.1");

    assertThat(set.exitCode()).isZero();
    assertThat(set.out()).isEqualTo("Network parameters successfully changed to requested values\n");
    assertThat(moves).as("not before the answer is sent").isEmpty();
    set.afterAnswer().run();
    assertThat(moves).extracting(NodeIdentity.Network::ip).containsExactly("127.0.3.71");
    assertThat(commands.run("ip -4 -o addr show dev eth0").out())
        .startsWith("2: eth0    inet 127.0.3.71/16 brd 127.0.255.255 scope global eth0");
    assertThat(commands.run("ip -4 route show default").out()).isEqualTo("default via 127.0.0.1 dev eth0\n");
    assertThat(journal.entries()).extracting(LabJournal.Entry::operation).containsExactly("vami_set_network");
  }

  @Test
  void shouldRefuseWhatVamiSetNetworkCannotSet() {
    NodeCommands.Result noGateway = commands.run(VAMI + "vami_set_network eth0 STATICV4 127.0.3.71 255.255.255.0");
    NodeCommands.Result badMask = commands.run(VAMI + "vami_set_network eth0 STATICV4 127.0.3.71 255.0.255.0 127.0.3.1");
    NodeCommands.Result dhcp = commands.run(VAMI + "vami_set_network eth0 DHCPV4");

    assertThat(noGateway.exitCode()).isEqualTo(1);
    assertThat(noGateway.err()).startsWith("Usage: vami_set_network");
    assertThat(badMask.exitCode()).isEqualTo(1);
    assertThat(badMask.err()).contains("netmask").endsWith("Unable to set the network parameters\n");
    assertThat(dhcp.exitCode()).isEqualTo(1);
    assertThat(identity.get().network().ip()).isEqualTo("127.0.3.70");
    assertThat(journal.entries()).isEmpty();
  }

  @Test
  void shouldRefuseAnUnknownTimeZoneABadHostNameAndWrongArity() {
    NodeCommands.Result zone = commands.run(VAMI + "vami_set_timezone_cmd Mars/Olympus");
    NodeCommands.Result name = commands.run(VAMI + "vami_set_hostname -bad-");
    NodeCommands.Result two = commands.run(VAMI + "vami_set_hostname a.lab.local b.lab.local");
    NodeCommands.Result none = commands.run(VAMI + "vami_set_dns");

    assertThat(zone.exitCode()).isEqualTo(1);
    assertThat(zone.err()).contains("Mars/Olympus");
    assertThat(name.exitCode()).isEqualTo(1);
    assertThat(two.err()).startsWith("Usage: vami_set_hostname");
    assertThat(none.err()).startsWith("Usage: vami_set_dns");
    assertThat(identity.get()).isEqualTo(NodeIdentity.initial("vcvco1.lab.local", "127.0.3.70"));
    assertThat(journal.entries()).isEmpty();
  }

  @Test
  void shouldFindVamisCommandsOnlyAtTheirPath() {
    NodeCommands.Result bare = commands.run("vami_set_hostname vcvco.lab.local");
    NodeCommands.Result unknown = commands.run(VAMI + "vami_set_everything now");

    assertThat(bare.exitCode()).isEqualTo(127);
    assertThat(unknown.exitCode()).isEqualTo(127);
    assertThat(identity.get().hostname()).isEqualTo("vcvco1.lab.local");
  }

  @Test
  void shouldCatFilesAndSayWhichOneIsMissing() {
    NodeCommands.Result missing = commands.run("cat /etc/HOSTNAME /etc/nothing");

    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.out()).isEqualTo("vcvco1.lab.local\n");
    assertThat(missing.err()).isEqualTo("cat: /etc/nothing: No such file or directory\n");
  }

  private static final String VAMI = "/opt/vmware/share/vami/";
}
