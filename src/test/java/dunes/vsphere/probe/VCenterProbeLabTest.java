package dunes.vsphere.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.vmware.vim25.ClusterConfigSpecEx;
import com.vmware.vim25.ClusterDrsConfigInfo;
import com.vmware.vim25.Event;
import com.vmware.vim25.EventFilterSpec;
import com.vmware.vim25.NotSupported;
import com.vmware.vim25.ResourceAllocationInfo;
import com.vmware.vim25.ResourceConfigSpec;
import com.vmware.vim25.SharesInfo;
import com.vmware.vim25.SharesLevel;
import com.vmware.vim25.UserLoginSessionEvent;
import com.vmware.vim25.UserLogoutSessionEvent;
import com.vmware.vim25.VAppConfigSpec;
import com.vmware.vim25.mo.ClusterComputeResource;
import com.vmware.vim25.mo.InventoryNavigator;
import com.vmware.vim25.mo.ManagedEntity;
import dunes.build.BuildSpec;
import dunes.build.FieldError;
import dunes.build.probe.ProbeTrust;
import dunes.build.probe.ProductProbe.ProbeReport;
import dunes.lab.vsphere.LabSimulator;
import dunes.secrets.Secret;
import dunes.secrets.SecretRef;
import dunes.secrets.SecretStore;
import dunes.vsphere.VSphereException;
import dunes.vsphere.VSphereProperties;
import dunes.vsphere.steps.VSphereClients;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hc.client5.http.DnsResolver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

/**
 * The vCenter probe against the lab's vCenter: what it reports, each missing or unfit thing as a
 * finding on its request field, and no change made (the simulator's events, tasks and inventory
 * are the same after it, but for its own login).
 */
class VCenterProbeLabTest {

  @TempDir static Path work;
  static LabSimulator simulator;
  static VSphereClients clients;
  static ProbeTrust trust;

  @BeforeAll
  static void startLab() throws Exception {
    simulator = new LabSimulator(work.resolve("lab"), "127.0.6.43");
    SecretStore secrets = new SecretStore() {
      @Override
      public boolean contains(SecretRef ref) {
        return ref.name().equals("vcenter-admin");
      }

      @Override
      public Secret resolve(SecretRef ref) {
        return simulator.password;
      }

      @Override
      public java.util.Optional<dunes.secrets.SecretBinding> binding(SecretRef ref) {
        return java.util.Optional.of(dunes.secrets.TestSecrets.loopback());
      }
    };
    clients = new VSphereClients(new VSphereProperties(Duration.ofSeconds(5), Duration.ofSeconds(30),
        Duration.ofSeconds(10), Duration.ofSeconds(30)), secrets,
        new StaticListableBeanFactory().getBeanProvider(DnsResolver.class));
    trust = new ProbeTrust(Map.of(ProbeTrust.VCENTER, simulator.lab.fingerprint()));
  }

  @AfterAll
  static void stopLab() {
    if (clients != null) {
      clients.closeAll();
    }
    if (simulator != null) {
      simulator.close();
    }
  }

  static VCenterProbe probe() {
    return new VCenterProbe(clients, ovfSource(), "5.5", "6.7");
  }

  /** The lab's OVF fixture: one disk of 1 MiB capacity (its DiskSection). */
  static dunes.vsphere.OvfSource ovfSource() {
    return new dunes.vsphere.OvfSource(work.resolve("ovf-cache"),
        dunes.vsphere.OvfDirectory.of(LabSimulator.OVF.toAbsolutePath().getParent()), null, Duration.ofSeconds(5));
  }

  /** The example places with a cluster and nodes named as given, deploying the lab's OVF fixture. */
  static BuildSpec build(String clusterName, String... nodeNames) {
    List<BuildSpec.Node> nodes = Arrays.stream(nodeNames)
        .map(n -> new BuildSpec.Node(n, n + ".lab.local", "127.0.6.1", "255.255.255.0", "127.0.6.254")).toList();
    return new BuildSpec("CHG-PROBE", "alice", new BuildSpec.Cluster(clusterName, clusterName + ".lab.local", "127.0.6.10"),
        nodes, null, new BuildSpec.VCenter(simulator.lab.sdkUrl().toString(), LabSimulator.USER, "vcenter-admin", "LabDC",
        "LabCluster", null, "LabDatastore", "VM Network", "vCO", null),
        new BuildSpec.Ovf(LabSimulator.OVF.toAbsolutePath().toUri().toString()), null, null, null, null, null, null, null);
  }

  static BuildSpec request(String datacenter, String cluster, String pool, String datastore, String network,
      String folder) {
    return new BuildSpec("CHG-PROBE", "alice", null, null, null, new BuildSpec.VCenter(simulator.lab.sdkUrl().toString(),
        LabSimulator.USER, "vcenter-admin", datacenter, cluster, pool, datastore, network, folder, null),
        null, null, null, null, null, null, null, null);
  }

  @Test
  void shouldFindEverythingTheExampleRequestNamesAndChangeNothing() throws Exception {
    BuildSpec spec = request("LabDC", "LabCluster", null, "LabDatastore", "VM Network", "vCO");
    probe().probe(spec, trust); // logs in: the only event a probe may cause
    List<String> before = state();

    ProbeReport report = probe().probe(spec, trust);

    assertThat(report.findings()).isEmpty();
    assertThat(report.passed()).isTrue();
    assertThat(report.product()).isEqualTo("vcenter");
    assertThat(report.version()).contains(simulator.vcenter.getAboutInfo().getFullName())
        .endsWith("(API " + simulator.vcenter.getAboutInfo().getApiVersion() + ")");
    assertThat(state()).isEqualTo(before);
  }

  @Test
  void shouldNameEachMissingThingOnItsFieldWithWhatVCenterHas() throws Exception {
    List<String> before = state();

    ProbeReport report = probe().probe(request("LabDC", "NoCluster", "NoPool", "NoDatastore", "No Network",
        "vCO/nested"), trust);

    assertThat(report.findings()).extracting(FieldError::field)
        .containsExactly("vcenter.cluster", "vcenter.datastore", "vcenter.network", "vcenter.folder");
    assertThat(report.findings().get(0).message()) // another test of the class may add a cluster without DRS
        .startsWith("cluster 'NoCluster' not found in datacenter 'LabDC'; it has 'LabCluster'");
    assertThat(report.findings().subList(1, 4)).extracting(FieldError::message).containsExactly(
        "datastore 'NoDatastore' not found in datacenter 'LabDC'; it has 'LabDatastore'",
        "network 'No Network' not found in datacenter 'LabDC'; it has 'VM Network'",
        "vm folder 'vCO/nested' not found in datacenter 'LabDC'; it has 'vCO'");
    assertThat(withoutSessions(state())).isEqualTo(withoutSessions(before));
  }

  @Test
  void shouldNameAMissingDatacenterAndAMissingResourcePool() {
    ProbeReport noDc = probe().probe(request("NoDC", "LabCluster", null, "LabDatastore", "VM Network", "vCO"), trust);
    ProbeReport noPool = probe().probe(request("LabDC", "LabCluster", "NoPool", "LabDatastore", "VM Network", "vCO"),
        trust);

    assertThat(noDc.findings()).containsExactly(
        new FieldError("vcenter.datacenter", "datacenter 'NoDC' not found in vcenter; it has 'LabDC'"));
    assertThat(noPool.findings()).containsExactly(
        new FieldError("vcenter.resourcePool", "resource pool 'NoPool' not found in cluster 'LabCluster'; it has none"));
  }

  @Test
  void shouldReportAClusterWithoutDrsWhichCannotHoldTheBuildsVApp() throws Exception {
    ClusterDrsConfigInfo off = new ClusterDrsConfigInfo();
    off.setEnabled(false);
    ClusterConfigSpecEx spec = new ClusterConfigSpecEx();
    spec.setDrsConfig(off);
    ClusterComputeResource noDrs = simulator.datacenter.getHostFolder().createClusterEx("NoDrsCluster", spec);
    // what the finding spares the build: vCenter refuses a vApp (a resource pool) there
    assertThatThrownBy(() -> noDrs.getResourcePool().createVApp("vcvco", resources(), new VAppConfigSpec(),
        simulator.vcoFolder)).isInstanceOf(NotSupported.class);

    ProbeReport report = probe().probe(request("LabDC", "NoDrsCluster", null, "LabDatastore", "VM Network", "vCO"),
        trust);

    assertThat(report.findings()).containsExactly(new FieldError("vcenter.cluster", "cluster 'NoDrsCluster' has DRS"
        + " disabled; the build's vApp (staggered start) needs a DRS-enabled cluster: enable DRS on it or name another"
        + " cluster (DRS enabled: 'LabCluster')"));
  }

  @Test
  void shouldReportAnApiVersionOutsideTheSupportedRangeOnTheUrl() {
    BuildSpec spec = request("LabDC", "LabCluster", null, "LabDatastore", "VM Network", "vCO");
    String api = simulator.vcenter.getAboutInfo().getApiVersion();

    ProbeReport report = new VCenterProbe(clients, ovfSource(), "5.5", "6.0").probe(spec, trust);

    assertThat(report.findings()).containsExactly(new FieldError("vcenter.url", "vcenter at " + spec.vcenter().url()
        + " is '" + simulator.vcenter.getAboutInfo().getFullName() + "' with vSphere API " + api
        + "; Dunes's vSphere adapter supports API 5.5 to 6.0: use a vCenter in that range"
        + " (dunes.vsphere.probe.*-api-version widen it at your own risk)"));
  }

  @Test
  void shouldFindANodesNameAndTheVAppsNameTakenWhereTheBuildPutsThem() throws Exception {
    com.vmware.vim25.mo.VirtualMachine vm = simulator.importOvf("takenvm1", LabSimulator.vami("takenvm1", "127.0.6.31"));
    com.vmware.vim25.mo.VirtualApp vapp = simulator.pool.createVApp("takenvapp", resources(), new VAppConfigSpec(),
        simulator.vcoFolder);
    try {
      List<String> before = withoutSessions(state());

      ProbeReport report = probe().probe(build("takenvapp", "takenvm1", "freevm2"), trust);

      assertThat(report.findings()).extracting(FieldError::field).containsExactly("nodes[0].name", "cluster.name");
      assertThat(report.findings().get(0).message()).isEqualTo("a vm or vApp named 'takenvm1' is already in vm folder"
          + " 'vCO': choose another node name, or remove or rename that one");
      assertThat(report.findings().get(1).message()).contains("'takenvapp'", "cluster 'LabCluster''s root resource pool");
      assertThat(probe().probe(build("freevapp", "freevm1", "freevm2"), trust).findings()).isEmpty();
      assertThat(withoutSessions(state())).isEqualTo(before);
    } finally {
      LabSimulator.complete(vapp.destroy_Task());
      LabSimulator.destroy(vm);
    }
  }

  @Test
  void shouldFindTooLittleRoomOnTheDatastoreForEveryNodesDisk() {
    // vCenter's summary.freeSpace, as the lab's knob makes the simulator report it; the fixture's disk is 1 MiB
    simulator.lab.datastoreFreeSpace("LabDatastore", 2621440L); // 2.5 MiB
    try {
      ProbeReport tooSmall = probe().probe(build("roomy", "roomy1", "roomy2", "roomy3"), trust);
      simulator.lab.datastoreFreeSpace("LabDatastore", 3L * 1024 * 1024);
      ProbeReport exact = probe().probe(build("roomy", "roomy1", "roomy2", "roomy3"), trust);

      assertThat(tooSmall.findings()).containsExactly(new FieldError("vcenter.datastore", "datastore 'LabDatastore' has"
          + " 2.5 MiB (2621440 bytes) free; the build deploys 3 appliances of 1.0 MiB (1048576 bytes) provisioned disk"
          + " each (the OVF's DiskSection), 3.0 MiB (3145728 bytes) in all: free space on it or name a datastore with"
          + " room"));
      assertThat(exact.findings()).isEmpty();
    } finally {
      simulator.lab.datastoreFreeSpace("LabDatastore", null);
    }
    assertThat(probe().probe(build("roomy", "roomy1", "roomy2", "roomy3"), trust).findings())
        .as("the file system's free space again").isEmpty();
  }

  @Test
  void shouldTrustOnlyThePinnedFingerprint() {
    BuildSpec spec = request("LabDC", "LabCluster", null, "LabDatastore", "VM Network", "vCO");

    assertThatThrownBy(() -> probe().probe(spec, new ProbeTrust(Map.of())))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("no certificate of vcenter is trusted yet");
    assertThatThrownBy(() -> probe().probe(spec, new ProbeTrust(Map.of(ProbeTrust.VCENTER, "AB".repeat(32)))))
        .isInstanceOf(VSphereException.class).hasMessageContaining("not the pinned");
  }

  static ResourceConfigSpec resources() {
    ResourceAllocationInfo allocation = new ResourceAllocationInfo();
    allocation.setReservation(0L);
    allocation.setExpandableReservation(true);
    allocation.setLimit(-1L);
    SharesInfo shares = new SharesInfo();
    shares.setLevel(SharesLevel.normal);
    shares.setShares(0);
    allocation.setShares(shares);
    ResourceConfigSpec spec = new ResourceConfigSpec();
    spec.setCpuAllocation(allocation);
    spec.setMemoryAllocation(allocation);
    return spec;
  }

  /** The simulator's events (type and text), recent tasks and inventory, one line each. */
  static List<String> state() throws Exception {
    Event[] events = simulator.vcenter.getEventManager().queryEvents(new EventFilterSpec());
    Stream<String> eventLines = Arrays.stream(events == null ? new Event[0] : events)
        .map(e -> "event " + e.getClass().getSimpleName() + " " + e.getKey() + " " + e.getFullFormattedMessage());
    Stream<String> tasks = Arrays.stream(simulator.vcenter.getTaskManager().getRecentTasks())
        .map(t -> "task " + t.getMOR().getVal());
    ManagedEntity[] all = new InventoryNavigator(simulator.vcenter.getRootFolder()).searchManagedEntities(true);
    Stream<String> inventory = Arrays.stream(all).map(e -> "entity " + e.getMOR().getType() + " " + e.getMOR().getVal()
        + " " + e.getName());
    return Stream.of(eventLines, tasks, inventory).flatMap(s -> s).sorted().toList();
  }

  static List<String> withoutSessions(List<String> state) {
    return state.stream().filter(l -> !l.startsWith("event " + UserLoginSessionEvent.class.getSimpleName())
        && !l.startsWith("event " + UserLogoutSessionEvent.class.getSimpleName())).toList();
  }
}
