package dunes.vsphere;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dunes.lab.vsphere.LabSimulator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A guest shutdown needs VMware Tools running in the guest, as vCenter says (ShutdownGuest, fault
 * ToolsUnavailable "if VMware Tools is not running"): refused before the guest's first Tools heartbeat,
 * done after it. The lab's vCenter on 127.0.35.40 sends the heartbeat {@link #HEARTBEAT} after power-on.
 */
class GuestToolsLabTest {

  static final Duration HEARTBEAT = Duration.ofSeconds(4);

  @TempDir static Path work;
  static LabSimulator simulator;
  static YavijavaVSphere vsphere;
  static Inventory where;

  @BeforeAll
  static void startLab() throws Exception {
    simulator = new LabSimulator(work.resolve("lab"), "127.0.35.40", 0, HEARTBEAT);
    vsphere = YavijavaVSphere.open(VSphereProperties.defaults(), simulator.lab.sdkUrl(), LabSimulator.USER,
        simulator.password, simulator.lab.fingerprint());
    where = vsphere.locate(LabVSphereTestBase.LAB);
  }

  @AfterAll
  static void stopLab() {
    if (vsphere != null) {
      vsphere.close();
    }
    if (simulator != null) {
      simulator.close();
    }
  }

  @Test
  void shouldRefuseAGuestShutdownUntilVmwareToolsRunAndShutDownAfter() {
    String name = "tools-" + UUID.randomUUID().toString().substring(0, 8);
    vsphere.startOvfImport(where, new OvfImport(name, LabSimulator.OVF, Map.of(), LabVSphereTestBase.TICKET));
    finished(vsphere.startPowerOn(name));
    VmInfo booting = vsphere.findVm(name).orElseThrow();
    assertThat(booting.toolsRunning()).isFalse();
    assertThat(booting.toolsRunningStatus()).isEqualTo("guestToolsNotRunning");

    assertThatThrownBy(() -> vsphere.shutdownGuest(name))
        .isInstanceOf(VSphereToolsUnavailableException.class)
        .hasMessageStartingWith("cannot shut down the guest of vm '" + name + "': ToolsUnavailable");
    assertThat(vsphere.findVm(name).orElseThrow().powerState()).isEqualTo(VmInfo.PowerState.POWERED_ON);

    await().atMost(HEARTBEAT.plusSeconds(10)).pollInterval(Duration.ofMillis(50))
        .until(() -> vsphere.findVm(name).orElseThrow().toolsRunning());
    vsphere.shutdownGuest(name);

    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
        .until(() -> vsphere.findVm(name).orElseThrow().powerState() == VmInfo.PowerState.POWERED_OFF);
    VmInfo off = vsphere.findVm(name).orElseThrow();
    assertThat(off.toolsRunningStatus()).as("no Tools in a powered-off guest").isEqualTo("guestToolsNotRunning");
    vsphere.shutdownGuest(name); // already off: nothing to do, no fault
  }

  private static TaskState finished(TaskRef ref) {
    return await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
        .until(() -> vsphere.poll(ref), TaskState::isFinished);
  }
}
