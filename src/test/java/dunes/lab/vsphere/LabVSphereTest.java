package dunes.lab.vsphere;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.vmware.vim25.Event;
import com.vmware.vim25.EventFilterSpec;
import com.vmware.vim25.EventFilterSpecByEntity;
import com.vmware.vim25.EventFilterSpecRecursionOption;
import com.vmware.vim25.ManagedObjectReference;
import com.vmware.vim25.ResourceAllocationInfo;
import com.vmware.vim25.ResourceConfigSpec;
import com.vmware.vim25.SharesInfo;
import com.vmware.vim25.SharesLevel;
import com.vmware.vim25.VAppConfigSpec;
import com.vmware.vim25.VAppEntityConfigInfo;
import com.vmware.vim25.VirtualMachinePowerState;
import com.vmware.vim25.VmPoweredOnEvent;
import com.vmware.vim25.mo.ClusterComputeResource;
import com.vmware.vim25.mo.Datastore;
import com.vmware.vim25.mo.Folder;
import com.vmware.vim25.mo.InventoryNavigator;
import com.vmware.vim25.mo.ManagedEntity;
import com.vmware.vim25.mo.Network;
import com.vmware.vim25.mo.ResourcePool;
import com.vmware.vim25.mo.ServiceInstance;
import com.vmware.vim25.mo.VirtualApp;
import com.vmware.vim25.mo.VirtualMachine;
import dunes.vsphere.VSphereConnector;
import dunes.vsphere.VSphereException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lab's vCenter driven through the vijava (yavijava) API itself, not through Dunes's steps:
 * what the node-lifecycle stages will need from it, read back through the API.
 */
class LabVSphereTest {

  @TempDir static Path work;
  static LabSimulator simulator;
  static LabVSphere lab;
  static ServiceInstance vcenter;
  static Folder vcoFolder;
  static ResourcePool pool;
  static Datastore datastore;
  static Network network;

  @BeforeAll
  static void startLab() throws Exception {
    simulator = new LabSimulator(work, "127.0.0.40");
    lab = simulator.lab;
    vcenter = simulator.vcenter;
    vcoFolder = simulator.vcoFolder;
    pool = simulator.pool;
    datastore = simulator.datastore;
    network = simulator.network;
  }

  @AfterAll
  static void stopLab() {
    if (simulator != null) {
      simulator.close();
    }
  }

  @Test
  void shouldServeTheInventoryOfTheExampleRequest() throws Exception {
    assertThat(simulator.datacenter.getName()).isEqualTo("LabDC");
    assertThat(vcoFolder).isNotNull();
    assertThat(pool).isNotNull();
    assertThat(datastore.getName()).isEqualTo("LabDatastore");
    assertThat(network.getName()).isEqualTo("VM Network");
    assertThat(((ClusterComputeResource) pool.getParent()).getHosts()).hasSize(2);
  }

  @Test
  void shouldRefuseAConnectionWhenTheFingerprintDoesNotMatch() {
    String wrong = "AB".repeat(32);

    VSphereConnector connector = new VSphereConnector(Duration.ofSeconds(5), Duration.ofSeconds(30));

    assertThatThrownBy(() -> connector.connect(lab.sdkUrl(), LabSimulator.USER, simulator.password, wrong))
        .isInstanceOf(VSphereException.class)
        .hasMessageContaining("cannot log in").hasMessageContaining("not the pinned");
  }

  @Test
  void shouldImportTheOvfWithItsVAppProperty() throws Exception {
    VirtualMachine vm = importOvf("import-" + shortId(), "vcvco1.lab.local");

    assertThat(LabSimulator.property(vm, "vco.hostname")).isEqualTo("vcvco1.lab.local");
    assertThat(vm.getParent().getName()).isEqualTo("vCO");
  }

  @Test
  void shouldCloneWithNewVAppPropertiesPowerAndShutDownTheGuest() throws Exception {
    VirtualMachine source = importOvf("source-" + shortId(), "vcvco1.lab.local");

    VirtualMachine clone = simulator.cloneOf(source, "clone-" + shortId(), Map.of("vco.hostname", "vcvco2.lab.local"));
    LabSimulator.powerOn(clone);
    assertThat(clone.getRuntime().getPowerState()).isEqualTo(VirtualMachinePowerState.poweredOn);
    LabSimulator.awaitTools(clone);
    clone.shutdownGuest();
    await().atMost(10, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(50))
        .until(() -> clone.getRuntime().getPowerState() == VirtualMachinePowerState.poweredOff);

    assertThat(LabSimulator.property(clone, "vco.hostname")).isEqualTo("vcvco2.lab.local");
    assertThat(LabSimulator.property(source, "vco.hostname")).isEqualTo("vcvco1.lab.local");
    LabSimulator.powerOn(source);
    LabSimulator.powerOff(source);
    assertThat(source.getRuntime().getPowerState()).isEqualTo(VirtualMachinePowerState.poweredOff);
  }

  @Test
  void shouldKeepStartOrderAndDelaysOfAVAppAndPowerOnInThatOrder() throws Exception {
    String id = shortId();
    List<VirtualMachine> nodes = List.of(
        importOvf("node3-" + id, "n3"), importOvf("node1-" + id, "n1"), importOvf("node2-" + id, "n2"));
    VirtualApp vapp = pool.createVApp("vapp-" + id, resources(), new VAppConfigSpec(), vcoFolder);
    vapp.moveIntoResourcePool(nodes.toArray(ManagedEntity[]::new));
    // start order by name: node1 first, node3 last, whatever order they were created in
    VAppConfigSpec spec = new VAppConfigSpec();
    spec.setEntityConfig(new VAppEntityConfigInfo[] {
        entity(nodes.get(1), 1, 10), entity(nodes.get(2), 2, 20), entity(nodes.get(0), 3, 30)});

    vapp.updateVAppConfig(spec);

    VirtualApp readBack = (VirtualApp) new InventoryNavigator(vcenter.getRootFolder())
        .searchManagedEntity("VirtualApp", "vapp-" + id);
    VAppEntityConfigInfo[] entities = readBack.getVAppConfig().getEntityConfig();
    assertThat(entities).extracting(VAppEntityConfigInfo::getTag)
        .containsExactlyInAnyOrder("node1-" + id, "node2-" + id, "node3-" + id);
    assertThat(Arrays.stream(entities).sorted(Comparator.comparing(VAppEntityConfigInfo::getStartOrder)))
        .extracting(VAppEntityConfigInfo::getTag, VAppEntityConfigInfo::getStartOrder, VAppEntityConfigInfo::getStartDelay,
            VAppEntityConfigInfo::getStopAction)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("node1-" + id, 1, 10, "guestShutdown"),
            org.assertj.core.groups.Tuple.tuple("node2-" + id, 2, 20, "guestShutdown"),
            org.assertj.core.groups.Tuple.tuple("node3-" + id, 3, 30, "guestShutdown"));
    assertThat(readBack.getVMs()).hasSize(3);

    LabSimulator.complete(readBack.powerOnVApp_Task());

    List<String> bootOrder = poweredOnInOrder(nodes);
    assertThat(bootOrder).containsExactly("node1-" + id, "node2-" + id, "node3-" + id);
  }

  @Test
  void shouldAgreeWithGovcOnTheInventory() throws Exception {
    VirtualMachine vm = importOvf("govc-" + shortId(), "vcvco9.lab.local");

    assertThat(govc("find", "/", "-type", "c")).containsExactly("/LabDC/host/LabCluster");
    assertThat(govc("find", "/", "-type", "s")).containsExactly("/LabDC/datastore/LabDatastore");
    assertThat(govc("find", "/", "-type", "n")).containsExactly("/LabDC/network/VM Network");
    assertThat(govc("ls", "/LabDC/vm/vCO")).contains("/LabDC/vm/vCO/" + vm.getName());
  }

  // --- helpers ---------------------------------------------------------------------------------

  /** The VMs in the order vCenter's event log saw them power on (event keys only grow). */
  static List<String> poweredOnInOrder(List<VirtualMachine> vms) throws Exception {
    Map<String, Integer> firstPowerOn = new java.util.HashMap<>();
    for (VirtualMachine vm : vms) {
      EventFilterSpecByEntity byVm = new EventFilterSpecByEntity();
      byVm.setEntity(vm.getMOR());
      byVm.setRecursion(EventFilterSpecRecursionOption.self);
      EventFilterSpec filter = new EventFilterSpec();
      filter.setEntity(byVm);
      filter.setType(new String[] {"VmPoweredOnEvent"});
      Event[] events = vcenter.getEventManager().queryEvents(filter);
      Arrays.stream(events == null ? new Event[0] : events).filter(VmPoweredOnEvent.class::isInstance)
          .mapToInt(Event::getKey).min().ifPresent(key -> firstPowerOn.put(vm.getName(), key));
    }
    return firstPowerOn.entrySet().stream().sorted(Map.Entry.comparingByValue()).map(Map.Entry::getKey).toList();
  }

  static String shortId() {
    return UUID.randomUUID().toString().substring(0, 8);
  }

  static VirtualMachine importOvf(String name, String hostname) throws Exception {
    return simulator.importOvf(name, Map.of("vco.hostname", hostname));
  }

  static VAppEntityConfigInfo entity(VirtualMachine vm, int order, int delay) {
    VAppEntityConfigInfo entity = new VAppEntityConfigInfo();
    ManagedObjectReference key = vm.getMOR();
    entity.setKey(key);
    entity.setStartOrder(order);
    entity.setStartDelay(delay);
    entity.setWaitingForGuest(false);
    entity.setStartAction("powerOn");
    entity.setStopAction("guestShutdown");
    entity.setStopDelay(0);
    return entity;
  }

  static ResourceConfigSpec resources() {
    ResourceConfigSpec spec = new ResourceConfigSpec();
    spec.setCpuAllocation(allocation());
    spec.setMemoryAllocation(allocation());
    return spec;
  }

  static ResourceAllocationInfo allocation() {
    ResourceAllocationInfo allocation = new ResourceAllocationInfo();
    allocation.setReservation(0L);
    allocation.setExpandableReservation(true);
    allocation.setLimit(-1L);
    SharesInfo shares = new SharesInfo();
    shares.setLevel(SharesLevel.normal);
    shares.setShares(0);
    allocation.setShares(shares);
    return allocation;
  }

  static List<String> govc(String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of(lab.govc().toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("GOVC_URL", "https://" + lab.sdkUrl().getHost() + ":" + lab.sdkUrl().getPort() + "/sdk");
    builder.environment().put("GOVC_USERNAME", LabSimulator.USER);
    builder.environment().put("GOVC_PASSWORD", simulator.password.revealAsString());
    builder.environment().put("GOVC_TLS_CA_CERTS", lab.certificateFile().toString());
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(out).isZero();
    return out.lines().filter(l -> !l.isBlank()).toList();
  }
}
