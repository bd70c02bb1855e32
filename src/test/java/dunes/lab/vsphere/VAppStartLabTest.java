package dunes.lab.vsphere;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.vmware.vim25.ManagedEntityStatus;
import com.vmware.vim25.VAppConfigSpec;
import com.vmware.vim25.VAppEntityConfigInfo;
import com.vmware.vim25.mo.ManagedEntity;
import com.vmware.vim25.mo.VirtualApp;
import com.vmware.vim25.mo.VirtualMachine;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A vApp's start sequence in the lab's vCenter, with real seconds (delay scale 1) and a guest whose
 * VMware Tools heartbeat comes {@link #HEARTBEAT} after power-on. As vCenter does
 * (vim.vApp.EntityConfigInfo): with {@code waitingForGuest} the next VM starts at the first
 * heartbeat and the start delay is not waited; without it the delay is waited. Power-on times are
 * read from the VMs' {@code summary.runtime.bootTime}.
 */
class VAppStartLabTest {

  static final Duration HEARTBEAT = Duration.ofMillis(600);

  @TempDir static Path work;
  static LabSimulator simulator;

  @BeforeAll
  static void startLab() throws Exception {
    simulator = new LabSimulator(work, "127.0.6.41", 1, HEARTBEAT);
  }

  @AfterAll
  static void stopLab() {
    if (simulator != null) {
      simulator.close();
    }
  }

  @Test
  void shouldReportTheToolsHeartbeatSomeTimeAfterPowerOn() throws Exception {
    VirtualMachine vm = simulator.importOvf("beat-" + LabVSphereTest.shortId(), Map.of());
    assertThat(vm.getGuestHeartbeatStatus()).isEqualTo(ManagedEntityStatus.gray);

    LabSimulator.powerOn(vm);

    assertThat(vm.getGuestHeartbeatStatus()).as("no heartbeat yet: the guest boots").isEqualTo(ManagedEntityStatus.gray);
    assertThat(vm.getGuest().getToolsRunningStatus()).isEqualTo("guestToolsNotRunning");
    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
        .until(() -> vm.getGuestHeartbeatStatus() == ManagedEntityStatus.green);
    assertThat(vm.getGuest().getToolsRunningStatus()).isEqualTo("guestToolsRunning");
    assertThat(vm.getGuest().getGuestState()).isEqualTo("running");
    assertThat(vm.getRuntime().getBootTime()).isEqualTo(vm.getSummary().getRuntime().getBootTime());
    assertThat(imposed(vm.getName(), "tools-heartbeat")).as("the simulator noted the heartbeat delay it imposed")
        .singleElement().satisfies(i -> assertThat(i.duration()).isEqualTo(HEARTBEAT));

    LabSimulator.powerOff(vm);

    assertThat(vm.getGuestHeartbeatStatus()).isEqualTo(ManagedEntityStatus.gray);
    assertThat(vm.getGuest().getToolsRunningStatus()).isEqualTo("guestToolsNotRunning");
  }

  @Test
  void shouldStartTheSecondVmAtTheFirstsHeartbeatIgnoringTheDelayWhenWaitingForTheGuest() throws Exception {
    List<VirtualMachine> vms = vApp(true, 20);

    Duration gap = startGap(vms);

    assertThat(gap).as("waited for the first VM's heartbeat").isGreaterThanOrEqualTo(HEARTBEAT.minusMillis(100));
    assertThat(gap).as("not the 20 s start delay").isLessThan(Duration.ofSeconds(10));
    assertThat(imposed(vAppOf(vms), "vapp-start-delay")).as("no start delay imposed: the heartbeat was waited for")
        .isEmpty();
    assertThat(imposed(vms.get(0).getName(), "tools-heartbeat")).hasSize(1);
  }

  @Test
  void shouldWaitTheStartDelayWhenNotWaitingForTheGuest() throws Exception {
    List<VirtualMachine> vms = vApp(false, 3);

    Duration gap = startGap(vms);

    assertThat(gap).as("the 3 s start delay, though the heartbeat came after 0.6 s")
        .isGreaterThanOrEqualTo(Duration.ofMillis(2900)).isLessThan(Duration.ofSeconds(10));
    assertThat(imposed(vAppOf(vms), "vapp-start-delay")).as("the simulator noted the delay it imposed")
        .singleElement().satisfies(i -> assertThat(i.duration()).isBetween(Duration.ofMillis(2900),
            Duration.ofSeconds(3)));
  }

  /** What the simulator noted it imposed on {@code target} by {@code call}. */
  private static List<dunes.lab.LabJournal.Imposed> imposed(String target, String call) {
    return simulator.lab.imposed().stream().filter(i -> i.target().equals(target) && i.call().equals(call)).toList();
  }

  /** The name of the vApp {@link #vApp} made for these VMs. */
  private static String vAppOf(List<VirtualMachine> vms) {
    return vms.get(0).getName().replace("first-", "start-");
  }

  /** Two VMs in a new vApp, start order 1 and 2, each with this start delay (seconds) and waitingForGuest. */
  private static List<VirtualMachine> vApp(boolean waitingForGuest, int startDelay) throws Exception {
    String id = LabVSphereTest.shortId();
    List<VirtualMachine> vms = List.of(simulator.importOvf("first-" + id, Map.of()),
        simulator.importOvf("second-" + id, Map.of()));
    VirtualApp vapp = simulator.pool.createVApp("start-" + id, LabVSphereTest.resources(), new VAppConfigSpec(),
        simulator.vcoFolder);
    vapp.moveIntoResourcePool(vms.toArray(ManagedEntity[]::new));
    VAppConfigSpec spec = new VAppConfigSpec();
    spec.setEntityConfig(new VAppEntityConfigInfo[] {
        entity(vms.get(0), 1, startDelay, waitingForGuest), entity(vms.get(1), 2, startDelay, waitingForGuest)});
    vapp.updateVAppConfig(spec);
    LabSimulator.complete(vapp.powerOnVApp_Task());
    return vms;
  }

  /** From the first VM's power-on to the second's. */
  private static Duration startGap(List<VirtualMachine> vms) {
    long first = vms.get(0).getSummary().getRuntime().getBootTime().getTimeInMillis();
    long second = vms.get(1).getSummary().getRuntime().getBootTime().getTimeInMillis();
    return Duration.ofMillis(second - first);
  }

  private static VAppEntityConfigInfo entity(VirtualMachine vm, int order, int delay, boolean waitingForGuest) {
    VAppEntityConfigInfo entity = LabVSphereTest.entity(vm, order, delay);
    entity.setWaitingForGuest(waitingForGuest);
    entity.setStopAction("powerOff");
    return entity;
  }
}
