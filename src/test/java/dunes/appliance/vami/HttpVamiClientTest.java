package dunes.appliance.vami;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dunes.appliance.vami.VamiResult.Setting;
import dunes.lab.LabJournal;
import dunes.lab.node.LabNode;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.hc.client5.http.impl.InMemoryDnsResolver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** The VAMI client against a lab appliance: reading, converging, moving (127.0.7.10–.39). */
@ExtendWith(OutputCaptureExtension.class)
class HttpVamiClientTest {

  static final StaticNetwork NODE_1_AT_31 = new StaticNetwork("127.0.7.31", "255.255.255.0", "127.0.7.1", List.of("127.0.7.2"));

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
  }

  @Test
  void shouldReachTheApplianceByItsNameThroughTheGivenResolver() throws Exception {
    LabNode node = lab.poweredOn("vcvco1", "127.0.7.11");
    InMemoryDnsResolver names = new InMemoryDnsResolver();
    names.add("vcvco1.lab.local", InetAddress.getByAddress("vcvco1.lab.local", new byte[] {127, 0, 7, 11}));

    ApplianceIdentity identity = lab.client(lab.rootPassword, names).read(lab.target(node).at("vcvco1.lab.local"));

    assertThat(identity.network().ip()).isEqualTo("127.0.7.11");
  }

  @Test
  void shouldSetHostnameAndTimezoneOnceAndThenHaveNothingToDo(CapturedOutput output) {
    LabNode node = lab.poweredOn("vcvco1", "127.0.7.12");
    DesiredIdentity desired = new DesiredIdentity("vcvco.lab.local", "Europe/Berlin", null);

    VamiResult first = lab.client().converge(lab.target(node), desired);
    VamiResult again = lab.client().converge(lab.target(node), desired);

    assertThat(first.changes()).extracting(VamiResult.Change::setting).containsExactly(Setting.HOSTNAME, Setting.TIMEZONE);
    assertThat(first.after().hostname()).isEqualTo("vcvco.lab.local");
    assertThat(first.after().timezone()).isEqualTo("Europe/Berlin");
    assertThat(node.identity().hostname()).isEqualTo("vcvco.lab.local");
    assertThat(again.changed()).isFalse();
    assertThat(again.summary()).isEqualTo("nothing to do");
    assertThat(lab.count("vami-hostname")).isEqualTo(1);
    assertThat(lab.count("vami-timezone")).isEqualTo(1);
    assertThat(lab.count("vami-network")).isZero();
    assertThat(output).doesNotContain(lab.rootPassword);
  }

  @Test
  void shouldTreatAHostnameDifferingOnlyInCaseAsConverged() {
    LabNode node = lab.poweredOn("vcvco1", "127.0.7.13");

    VamiResult result = lab.client().converge(lab.target(node), new DesiredIdentity("VCVCO1.lab.local", "Etc/UTC", null));

    assertThat(result.changed()).isFalse();
    assertThat(lab.count("vami-hostname")).isZero();
  }

  @Test
  void shouldMoveToTheNewAddressAndReadBackThere() {
    LabNode node = lab.poweredOn("vcvco1", "127.0.7.30");
    VamiPort.Target atOldAddress = lab.target(node);

    VamiResult result = convergeAsRetried(atOldAddress, new DesiredIdentity("vcvco.lab.local", "Etc/UTC", NODE_1_AT_31));

    assertThat(result.address()).isEqualTo("127.0.7.31");
    assertThat(lab.count("vami-hostname")).isEqualTo(1);
    assertThat(result.after().network()).isEqualTo(NODE_1_AT_31);
    await().atMost(Duration.ofSeconds(5)).until(node::address, "127.0.7.31"::equals);
    assertThat(lab.client().read(atOldAddress.at("127.0.7.31")).network()).isEqualTo(NODE_1_AT_31);
    assertThat(lab.journal.entries("node")).filteredOn(e -> e.operation().equals("address-moved"))
        .extracting(LabJournal.Entry::detail).containsExactly("127.0.7.30 -> 127.0.7.31");
    assertThat(lab.count("vami-network")).isEqualTo(1);
    assertThatThrownBy(() -> lab.client().read(atOldAddress))
        .isInstanceOfSatisfying(VamiUnavailableException.class, e -> assertThat(e.answered()).isFalse());
  }

  @Test
  void shouldFindAnApplianceThatMovedAlreadyWhenTheStepRunsAgain() {
    LabNode node = lab.poweredOn("vcvco1", "127.0.7.30");
    VamiPort.Target atOldAddress = lab.target(node);
    DesiredIdentity desired = new DesiredIdentity("vcvco.lab.local", "Etc/UTC", NODE_1_AT_31);
    convergeAsRetried(atOldAddress, desired);

    VamiResult replay = lab.client().converge(atOldAddress, desired);

    assertThat(replay.changed()).isFalse();
    assertThat(replay.address()).isEqualTo("127.0.7.31");
    assertThat(lab.count("vami-network")).isEqualTo(1);
    assertThat(lab.count("vami-hostname")).isEqualTo(1);
  }

  @Test
  void shouldGiveTheCloneItsOwnAddressWhileNode1IsOffThenBothAnswer() {
    LabNode node1 = lab.poweredOn("vcvco1", "127.0.7.20");
    node1.powerOff();
    LabNode clone = lab.cloneOf(node1, "vcvco2");
    clone.powerOn();
    VamiPort.Target cloneAtNode1sAddress = lab.target(clone);
    assertThat(lab.client().read(cloneAtNode1sAddress).hostname()).isEqualTo("vcvco1.lab.local");
    StaticNetwork own = new StaticNetwork("127.0.7.21", "255.255.255.0", "127.0.7.1", List.of());

    VamiResult result = convergeAsRetried(cloneAtNode1sAddress, new DesiredIdentity("vcvco.lab.local", "Etc/UTC", own));
    await().atMost(Duration.ofSeconds(5)).until(clone::address, "127.0.7.21"::equals);
    node1.powerOn();

    assertThat(result.address()).isEqualTo("127.0.7.21");
    assertThat(node1.ipConflict()).isFalse();
    assertThat(lab.client().read(lab.target(node1)).network().ip()).isEqualTo("127.0.7.20");
    assertThat(lab.client().read(cloneAtNode1sAddress.at("127.0.7.21")).network()).isEqualTo(own);
    assertThat(lab.journal.entries("node")).filteredOn(e -> e.target().equals("vcvco2"))
        .extracting(LabJournal.Entry::operation).containsSubsequence("vami-hostname", "vami-network", "address-moved");
  }

  /**
   * A converge as its job runs it: an attempt that finds the appliance still switching to its new
   * address fails retryably, and the next attempt finishes there.
   */
  private VamiResult convergeAsRetried(VamiPort.Target target, DesiredIdentity desired) {
    java.util.concurrent.atomic.AtomicReference<VamiResult> done = new java.util.concurrent.atomic.AtomicReference<>();
    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).ignoreException(VamiUnavailableException.class)
        .until(() -> {
          done.set(lab.client().converge(target, desired));
          return true;
        });
    return done.get();
  }
}
