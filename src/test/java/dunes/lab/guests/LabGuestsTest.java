package dunes.lab.guests;

import dunes.lab.vsphere.LabSimulator;

import static dunes.lab.guests.NodeProbe.PORTS;
import static dunes.lab.guests.NodeProbe.keystoreCertificate;
import static dunes.lab.guests.NodeProbe.nodeAt;
import static dunes.lab.guests.NodeProbe.refused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.vmware.vim25.VirtualMachinePowerState;
import com.vmware.vim25.mo.VirtualMachine;
import dunes.lab.LabFaults;
import dunes.lab.LabJournal;
import dunes.lab.node.LabNode;
import dunes.secrets.Secret;
import dunes.secrets.SecretRef;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nodes following the simulator's VMs, seen from the network: addresses 127.0.5.x only, ports
 * 28281 etc., each test on its own addresses (the simulator and the guests are shared).
 */
class LabGuestsTest {

  static final Secret ROOT = new Secret(new SecretRef("appliance-root"), ("root-" + UUID.randomUUID()).toCharArray());

  @TempDir static Path work;
  static LabSimulator simulator;
  static LabGuests guests;
  static final LabJournal journal = new LabJournal();

  @BeforeAll
  static void start() throws Exception {
    simulator = new LabSimulator(work.resolve("vsphere"), "127.0.5.40");
    guests = LabGuests.start(new LabGuests.Settings(simulator.lab.sdkUrl(), simulator.lab.fingerprint(),
        LabSimulator.USER, simulator.password, work.resolve("nodes"), PORTS, ROOT,
        new Secret(new SecretRef("vco-config"), "config-pw".toCharArray()), Duration.ofMillis(100),
        Duration.ofMillis(100)), journal, new LabFaults());
  }

  @AfterAll
  static void stop() {
    if (guests != null) {
      guests.close();
    }
    if (simulator != null) {
      simulator.close();
    }
  }

  @Test
  void shouldBootFromTheOvfPropertiesAndAnswerOnlyWhilePoweredOn() throws Exception {
    VirtualMachine vm = simulator.importOvf("vcvco1", LabSimulator.vami("vcvco1.lab.local", "127.0.5.11"));
    assertThat(guests.node("vcvco1")).as("no guest before the first boot").isEmpty();

    LabSimulator.powerOn(vm);

    LabNode node = waiting().until(() -> guests.node("vcvco1"), n -> n.isPresent()).orElseThrow();
    X509Certificate certificate = keystoreCertificate(node.keystoreFile());
    waiting().ignoreExceptions().until(() -> nodeAt("127.0.5.11", certificate), "vcvco1"::equals);
    assertThat(node.identity().hostname()).isEqualTo("vcvco1.lab.local");
    assertThat(node.identity().network().gateway()).isEqualTo("127.0.5.1");

    LabSimulator.awaitTools(vm);
    vm.shutdownGuest();

    waiting().until(() -> !node.poweredOn());
    assertThat(NodeProbe.refusedOnEveryPort("127.0.5.11")).isTrue();
  }

  @Test
  void shouldGiveACloneItsSourcesGuestUntilVamiSetNetworkMovesIt() throws Exception {
    VirtualMachine first = simulator.importOvf("vcvco11", LabSimulator.vami("vcvco11.lab.local", "127.0.5.21"));
    LabSimulator.powerOn(first);
    LabNode node1 = waiting().until(() -> guests.node("vcvco11"), n -> n.isPresent()).orElseThrow();
    X509Certificate certificate1 = keystoreCertificate(node1.keystoreFile());
    waiting().ignoreExceptions().until(() -> nodeAt("127.0.5.21", certificate1), "vcvco11"::equals);
    // the field guide's order: shut node 1 down, then clone it
    LabSimulator.awaitTools(first);
    first.shutdownGuest();
    waiting().until(() -> refused("127.0.5.21", PORTS.server()));

    VirtualMachine clone = simulator.cloneOf(first, "vcvco12", LabSimulator.vami("vcvco12.lab.local", "127.0.5.22"));
    assertThat(LabSimulator.property(clone, "vami.ip0." + LabSimulator.INSTANCE)).isEqualTo("127.0.5.22");
    LabSimulator.powerOn(clone);

    // the clone's vApp properties do not reach its guest: it boots as node 1, at node 1's address
    waiting().ignoreExceptions().until(() -> nodeAt("127.0.5.21", certificate1), "vcvco12"::equals);
    LabNode node2 = guests.node("vcvco12").orElseThrow();
    assertThat(Files.readAllBytes(node2.keystoreFile())).isEqualTo(Files.readAllBytes(node1.keystoreFile()));
    assertThat(node2.sshHostKeyFingerprint()).isEqualTo(node1.sshHostKeyFingerprint());
    assertThat(node2.identity().hostname()).isEqualTo("vcvco11.lab.local");
    assertThat(refused("127.0.5.22", PORTS.server())).isTrue();

    int status = NodeProbe.setVamiNetwork("127.0.5.21", node2.sshHostKeyFingerprint(), ROOT.revealAsString(), "127.0.5.22");

    assertThat(status).isZero();
    waiting().ignoreExceptions().until(() -> nodeAt("127.0.5.22", certificate1), "vcvco12"::equals);
    waiting().until(() -> refused("127.0.5.21", PORTS.server()) && refused("127.0.5.21", PORTS.vami()));
    assertThat(journal.entries("node")).filteredOn(e -> e.target().equals("vcvco12"))
        .extracting(LabJournal.Entry::operation).contains("disk-cloned", "vami_set_network", "address-moved");

    LabSimulator.powerOn(first);
    waiting().ignoreExceptions().until(() -> nodeAt("127.0.5.21", certificate1), "vcvco11"::equals);

    // the new address is the guest's, not the VM's: it survives a power cycle
    LabSimulator.awaitTools(clone);
    clone.shutdownGuest();
    waiting().until(() -> refused("127.0.5.22", PORTS.server()));
    LabSimulator.powerOn(clone);
    waiting().ignoreExceptions().until(() -> nodeAt("127.0.5.22", certificate1), "vcvco12"::equals);
    assertThat(nodeAt("127.0.5.21", certificate1)).isEqualTo("vcvco11");
  }

  @Test
  void shouldJournalAnIpConflictAndKeepTheFirstNodeServingUntilItPowersOff() throws Exception {
    VirtualMachine first = simulator.importOvf("vcvco21", LabSimulator.vami("vcvco21.lab.local", "127.0.5.31"));
    LabSimulator.powerOn(first);
    LabNode node1 = waiting().until(() -> guests.node("vcvco21"), n -> n.isPresent()).orElseThrow();
    X509Certificate certificate1 = keystoreCertificate(node1.keystoreFile());
    waiting().ignoreExceptions().until(() -> nodeAt("127.0.5.31", certificate1), "vcvco21"::equals);
    VirtualMachine clone = simulator.cloneOf(first, "vcvco22", LabSimulator.vami("vcvco22.lab.local", "127.0.5.32"));

    LabSimulator.powerOn(clone); // beside the running node 1, with the same guest address

    waiting().until(() -> journal.entries("node").stream()
        .anyMatch(e -> e.target().equals("vcvco22") && e.operation().equals("ip-conflict")));
    LabNode node2 = guests.node("vcvco22").orElseThrow();
    assertThat(node2.poweredOn()).isTrue();
    assertThat(node2.ipConflict()).isTrue();
    assertThat(nodeAt("127.0.5.31", certificate1)).isEqualTo("vcvco21");
    assertThat(first.getRuntime().getPowerState()).isEqualTo(VirtualMachinePowerState.poweredOn);

    LabSimulator.powerOff(first);

    // the address fell free: the clone takes it
    waiting().ignoreExceptions().until(() -> nodeAt("127.0.5.31", certificate1), "vcvco22"::equals);
    assertThat(node2.ipConflict()).isFalse();
    assertThat(journal.entries("node")).filteredOn(e -> e.target().equals("vcvco22"))
        .extracting(LabJournal.Entry::operation).containsSubsequence("ip-conflict", "ip-conflict-cleared");
  }

  @Test
  void shouldCloseTheNodeOfADestroyedVm() throws Exception {
    VirtualMachine vm = simulator.importOvf("vcvco31", LabSimulator.vami("vcvco31.lab.local", "127.0.5.41"));
    LabSimulator.powerOn(vm);
    LabNode node = waiting().until(() -> guests.node("vcvco31"), n -> n.isPresent()).orElseThrow();
    waiting().until(() -> !refused("127.0.5.41", PORTS.ssh()));
    LabSimulator.powerOff(vm);

    LabSimulator.destroy(vm);

    waiting().until(() -> guests.node("vcvco31").isEmpty());
    assertThat(node.poweredOn()).isFalse();
    assertThat(journal.entries("node")).filteredOn(e -> e.target().equals("vcvco31"))
        .extracting(LabJournal.Entry::operation).contains("vm-destroyed");
  }

  @Test
  void shouldNotBootAGuestWhoseOvfPropertiesGiveNoAddress() throws Exception {
    VirtualMachine vm = simulator.importOvf("vcvco41", Map.of("vami.hostname", "vcvco41.lab.local"));

    LabSimulator.powerOn(vm);

    waiting().until(() -> journal.entries("node").stream()
        .anyMatch(e -> e.target().equals("vcvco41") && e.operation().equals("boot-failed")
            && e.detail().contains("vami.ip0")));
    assertThat(guests.node("vcvco41")).isEmpty();
  }

  /**
   * Awaitility fails a wait on any uncaught exception of any thread; MINA's acceptor thread throws
   * one when a connection arrives while its server stops (a node powering off), which says nothing
   * about the condition waited for.
   */
  private static ConditionFactory waiting() {
    return await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50)).dontCatchUncaughtExceptions();
  }
}
