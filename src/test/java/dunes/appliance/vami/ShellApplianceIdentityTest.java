package dunes.appliance.vami;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dunes.appliance.shell.NodeShellPort;
import dunes.appliance.shell.ShellAuthenticationException;
import dunes.appliance.shell.ShellTrustException;
import dunes.appliance.vami.VamiResult.Setting;
import dunes.lab.LabJournal;
import dunes.lab.node.LabNode;
import dunes.lab.node.NodeIdentity;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The identity client against a lab appliance's real sshd (Apache MINA on both ends, the host key
 * pinned): reading, converging, moving, refusing (127.0.7.10–.49). What changed is read from the
 * lab's journal: one entry per VAMI command the guest ran.
 */
class ShellApplianceIdentityTest {

  static final List<String> VAMI_COMMANDS = List.of("vami_set_timezone_cmd", "vami_set_hostname", "vami_set_dns",
      "vami_set_network");

  @TempDir Path dir;
  VamiLab lab;

  @BeforeEach
  void setUp() {
    lab = new VamiLab(dir);
  }

  @AfterEach
  void close() {
    lab.close();
  }

  @Test
  void shouldReadTheFreshAppliancesIdentity() {
    LabNode node = lab.poweredOn("vcvco1", "127.0.7.10");

    ApplianceIdentity identity = lab.client().read(lab.target(node));

    assertThat(identity).isEqualTo(new ApplianceIdentity("vcvco1.lab.local", "Etc/UTC",
        new StaticNetwork("127.0.7.10", "255.255.255.0", "127.0.7.1", List.of())));
    assertThat(lab.journal.entries("node")).extracting(LabJournal.Entry::operation).doesNotContainAnyElementsOf(VAMI_COMMANDS);
  }

  @Test
  void shouldConvergeWithEachCommandOnceWhenTheStepRunsTwice() {
    LabNode node = lab.poweredOn("vcvco1", "127.0.7.20");
    NodeShellPort.Target atOldAddress = lab.target(node);
    StaticNetwork own = new StaticNetwork("127.0.7.21", "255.255.255.0", "127.0.7.1", List.of("127.0.7.2", "127.0.7.3"));
    DesiredIdentity desired = new DesiredIdentity("vcvco.lab.local", "Europe/Berlin", own);

    VamiResult first = convergeAsRetried(atOldAddress, desired);
    VamiResult again = convergeAsRetried(atOldAddress, desired);

    // the attempt that ran the commands may have ended retryably at the new address; the journal has what ran
    assertThat(first.after()).isEqualTo(new ApplianceIdentity("vcvco.lab.local", "Europe/Berlin", own));
    assertThat(again.changed()).isFalse();
    assertThat(again.address()).isEqualTo("127.0.7.21");
    assertThat(node.identity()).isEqualTo(new NodeIdentity("vcvco.lab.local", "Europe/Berlin",
        new NodeIdentity.Network("127.0.7.21", "255.255.255.0", "127.0.7.1", List.of("127.0.7.2", "127.0.7.3"))));
    assertThat(node.address()).isEqualTo("127.0.7.21");
    assertThat(lab.journal.entries("node")).filteredOn(e -> VAMI_COMMANDS.contains(e.operation()))
        .extracting(LabJournal.Entry::operation, LabJournal.Entry::detail).containsExactly(
            org.assertj.core.groups.Tuple.tuple("vami_set_timezone_cmd", "Europe/Berlin"),
            org.assertj.core.groups.Tuple.tuple("vami_set_hostname", "vcvco.lab.local"),
            org.assertj.core.groups.Tuple.tuple("vami_set_dns", "127.0.7.2 127.0.7.3"),
            org.assertj.core.groups.Tuple.tuple("vami_set_network", "eth0 STATICV4 127.0.7.21 255.255.255.0 127.0.7.1"));
    assertThat(lab.count("address-moved")).isEqualTo(1);
  }

  @Test
  void shouldConvergeOnAtTheNewAddressWhenReplayedAfterTheMove() {
    LabNode node = lab.poweredOn("vcvco1", "127.0.7.30");
    NodeShellPort.Target atOldAddress = lab.target(node);
    // an attempt that ran vami_set_network and crashed before reading back or setting anything else
    assertThat(lab.shell(lab.rootPassword).run(atOldAddress,
        "/opt/vmware/share/vami/vami_set_network eth0 STATICV4 127.0.7.31 255.255.255.0 127.0.7.1").exitCode()).isZero();
    await().atMost(Duration.ofSeconds(5)).until(node::address, "127.0.7.31"::equals);
    StaticNetwork own = new StaticNetwork("127.0.7.31", "255.255.255.0", "127.0.7.1", List.of("127.0.7.2"));

    VamiResult replay = lab.client().converge(atOldAddress, new DesiredIdentity("vcvco.lab.local", "Etc/UTC", own));

    assertThat(replay.address()).isEqualTo("127.0.7.31");
    assertThat(replay.changes()).extracting(VamiResult.Change::setting).containsExactly(Setting.HOSTNAME, Setting.DNS);
    assertThat(lab.count("vami_set_network")).isEqualTo(1);
    assertThat(lab.count("vami_set_timezone_cmd")).as("already UTC").isZero();
    assertThat(node.identity().hostname()).isEqualTo("vcvco.lab.local");
  }

  @Test
  void shouldTakeAHostNameThatDiffersOnlyInCaseAsSet() {
    LabNode node = lab.poweredOn("vcvco1", "127.0.7.35");

    VamiResult result = lab.client().converge(lab.target(node), new DesiredIdentity("VCVCO1.lab.local", "Etc/UTC", null));

    assertThat(result.changed()).isFalse();
    assertThat(lab.count("vami_set_hostname")).isZero();
  }

  @Test
  void shouldStopAtATimeZoneTheApplianceRefusesWithItsErrorOutput() {
    LabNode node = lab.poweredOn("vcvco1", "127.0.7.40");

    assertThatThrownBy(() -> lab.client().converge(lab.target(node), new DesiredIdentity("vcvco.lab.local", "Mars/Olympus",
        new StaticNetwork("127.0.7.41", "255.255.255.0", "127.0.7.1", List.of()))))
        .isInstanceOfSatisfying(VamiRejectedException.class, e -> {
          assertThat(e.exitCode()).isEqualTo(1);
          assertThat(e.stderr()).contains("Mars/Olympus");
        })
        .hasMessageContaining("vami_set_timezone_cmd Mars/Olympus").hasMessageContaining("exit status 1")
        .hasMessageContaining("Invalid timezone: Mars/Olympus")
        .message().doesNotContain(lab.rootPassword);
    assertThat(lab.journal.entries("node")).extracting(LabJournal.Entry::operation)
        .as("nothing after the refused command ran").doesNotContainAnyElementsOf(VAMI_COMMANDS);
    assertThat(node.address()).isEqualTo("127.0.7.40");
  }

  @Test
  void shouldRefuseAWrongRootPasswordAndAnotherHostKeyBeforeAnyCommand() {
    LabNode node = lab.poweredOn("vcvco1", "127.0.7.45");
    LabNode other = lab.poweredOn("vcvco9", "127.0.7.46");
    DesiredIdentity desired = new DesiredIdentity("vcvco.lab.local", "Etc/UTC", null);

    assertThatThrownBy(() -> lab.client("wrong").converge(lab.target(node), desired))
        .isInstanceOf(ShellAuthenticationException.class).hasMessageContaining("appliance-root");
    NodeShellPort.Target pinnedToOther = new NodeShellPort.Target(node.address(), VamiLab.PORTS.ssh(),
        other.sshHostKeyFingerprint(), VamiLab.ROOT);
    assertThatThrownBy(() -> lab.client().converge(pinnedToOther, desired)).isInstanceOf(ShellTrustException.class);
    assertThat(lab.journal.entries("node")).extracting(LabJournal.Entry::operation).doesNotContainAnyElementsOf(VAMI_COMMANDS);
  }

  @Test
  void shouldGiveTheCloneItsOwnAddressWhileNode1IsOffThenBothAnswer() {
    LabNode node1 = lab.poweredOn("vcvco1", "127.0.7.25");
    node1.powerOff();
    LabNode clone = lab.cloneOf(node1, "vcvco2");
    clone.powerOn();
    NodeShellPort.Target cloneAtNode1sAddress = lab.target(clone);
    assertThat(clone.sshHostKeyFingerprint()).isEqualTo(node1.sshHostKeyFingerprint());
    assertThat(lab.client().read(cloneAtNode1sAddress).hostname()).isEqualTo("vcvco1.lab.local");
    StaticNetwork own = new StaticNetwork("127.0.7.26", "255.255.255.0", "127.0.7.1", List.of());

    VamiResult result = convergeAsRetried(cloneAtNode1sAddress, new DesiredIdentity("vcvco2.lab.local", "Etc/UTC", own));
    await().atMost(Duration.ofSeconds(5)).until(clone::address, "127.0.7.26"::equals);
    node1.powerOn();

    assertThat(result.address()).isEqualTo("127.0.7.26");
    assertThat(node1.ipConflict()).isFalse();
    assertThat(lab.client().read(lab.target(node1)).network().ip()).isEqualTo("127.0.7.25");
    assertThat(lab.client().read(lab.target(clone)).network()).isEqualTo(own);
    assertThat(lab.shell(lab.rootPassword).run(lab.target(clone), "service vco-server restart").exitCode())
        .as("the moved sshd runs commands").isZero();
    assertThat(lab.journal.entries("node")).filteredOn(e -> e.target().equals("vcvco2"))
        .extracting(LabJournal.Entry::operation).containsSubsequence("vami_set_hostname", "vami_set_network", "address-moved");
  }

  /**
   * A converge as its job runs it: an attempt that finds the appliance still switching to its new
   * address fails retryably, and the next attempt finishes there.
   */
  private VamiResult convergeAsRetried(NodeShellPort.Target target, DesiredIdentity desired) {
    AtomicReference<VamiResult> done = new AtomicReference<>();
    await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100)).until(() -> {
          try {
            done.set(lab.client().converge(target, desired));
            return true;
          } catch (VamiUnavailableException | dunes.appliance.shell.ShellUnavailableException e) {
            return false;
          }
        });
    return done.get();
  }
}
