package dunes.vsphere;

import static org.awaitility.Awaitility.await;

import com.vmware.vim25.mo.InventoryNavigator;
import com.vmware.vim25.mo.ManagedEntity;
import com.vmware.vim25.mo.VirtualMachine;
import dunes.lab.vsphere.LabSimulator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * One lab vCenter per test class — the extended vcsim on 127.0.6.40 (a free port) — and the adapter
 * under test, logged in with the simulator's pinned fingerprint and located on the lab's inventory.
 */
abstract class LabVSphereTestBase {

  static final String TICKET = "CHG-4711";
  static final VCenterTarget LAB = new VCenterTarget("LabDC", "LabCluster", null, "LabDatastore", "VM Network", "vCO");

  @TempDir static Path work;
  static LabSimulator simulator;
  static YavijavaVSphere vsphere;
  static Inventory where;

  @BeforeAll
  static void startLab() throws Exception {
    simulator = new LabSimulator(work.resolve("lab"), "127.0.6.40");
    VSphereProperties timeouts = new VSphereProperties(Duration.ofSeconds(5), Duration.ofSeconds(30),
        Duration.ofSeconds(10), Duration.ofSeconds(30));
    vsphere = YavijavaVSphere.open(timeouts, simulator.lab.sdkUrl(), LabSimulator.USER, simulator.password,
        simulator.lab.fingerprint());
    where = vsphere.locate(LAB);
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

  /** Deploys the lab's OVF fixture as {@code name} with these OVF properties. */
  static TaskRef deploy(String name, Map<String, String> properties) {
    return vsphere.startOvfImport(where, new OvfImport(name, LabSimulator.OVF, properties, TICKET));
  }

  static TaskState finished(TaskRef ref) {
    return await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
        .until(() -> vsphere.poll(ref), TaskState::isFinished);
  }

  static VmInfo.PowerState powerState(String name) {
    return vsphere.findVm(name).orElseThrow().powerState();
  }

  static List<String> vmsNamed(String name) throws Exception {
    ManagedEntity[] all = new InventoryNavigator(simulator.vcenter.getRootFolder()).searchManagedEntities("VirtualMachine");
    return Arrays.stream(all).map(ManagedEntity::getName).filter(name::equals).toList();
  }

  static String shortId() {
    return UUID.randomUUID().toString().substring(0, 8);
  }
}
