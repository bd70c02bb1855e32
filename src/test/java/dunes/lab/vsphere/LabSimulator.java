package dunes.lab.vsphere;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.vmware.vim25.ArrayUpdateOperation;
import com.vmware.vim25.HttpNfcLeaseDeviceUrl;
import com.vmware.vim25.HttpNfcLeaseState;
import com.vmware.vim25.KeyValue;
import com.vmware.vim25.OvfCreateImportSpecParams;
import com.vmware.vim25.OvfCreateImportSpecResult;
import com.vmware.vim25.OvfFileItem;
import com.vmware.vim25.OvfNetworkMapping;
import com.vmware.vim25.TaskInfoState;
import com.vmware.vim25.VAppPropertyInfo;
import com.vmware.vim25.VAppPropertySpec;
import com.vmware.vim25.VirtualMachineCloneSpec;
import com.vmware.vim25.VirtualMachineConfigSpec;
import com.vmware.vim25.VirtualMachineRelocateSpec;
import com.vmware.vim25.VmConfigSpec;
import com.vmware.vim25.mo.ClusterComputeResource;
import com.vmware.vim25.mo.Datacenter;
import com.vmware.vim25.mo.Datastore;
import com.vmware.vim25.mo.Folder;
import com.vmware.vim25.mo.HttpNfcLease;
import com.vmware.vim25.mo.InventoryNavigator;
import com.vmware.vim25.mo.Network;
import com.vmware.vim25.mo.ResourcePool;
import com.vmware.vim25.mo.ServiceInstance;
import com.vmware.vim25.mo.Task;
import com.vmware.vim25.mo.VirtualMachine;
import dunes.pki.PinnedCertificateTrustManager;
import dunes.secrets.Secret;
import dunes.secrets.SecretRef;
import dunes.vsphere.OvfProperties;
import dunes.vsphere.VSphereConnector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

/**
 * The lab's vCenter on a test's own loopback address (a free port), driven through yavijava as
 * Dunes will drive it: OVF import with vApp properties, clone with new properties, power.
 */
public final class LabSimulator implements AutoCloseable {

  public static final String USER = "administrator@vsphere.local";
  public static final Path OVF = Path.of("src/test/resources/ovf/vco-appliance.ovf");
  /** the fixture's VirtualSystem id: the instance of its "vami" properties */
  public static final String INSTANCE = "vCO_Appliance";

  public final Secret password;
  public final LabVSphere lab;
  public final ServiceInstance vcenter;
  public final Datacenter datacenter;
  public final Folder vcoFolder;
  public final ResourcePool pool;
  public final Datastore datastore;
  public final Network network;

  public LabSimulator(Path work, String address) throws Exception {
    this(work, address, 0, null);
  }

  /**
   * @param vappDelayScale factor on vApp start delays (1: real seconds)
   * @param toolsHeartbeatDelay from a VM's power-on to its first VMware Tools heartbeat; null: the simulator's default
   */
  public LabSimulator(Path work, String address, double vappDelayScale, Duration toolsHeartbeatDelay) throws Exception {
    this(work, address, vappDelayScale, toolsHeartbeatDelay, null);
  }

  /** @param cloneDuration how long a CloneVM_Task copies, its task running; null: made inside the call */
  public LabSimulator(Path work, String address, Duration cloneDuration) throws Exception {
    this(work, address, 0, null, cloneDuration);
  }

  private LabSimulator(Path work, String address, double vappDelayScale, Duration toolsHeartbeatDelay,
      Duration cloneDuration) throws Exception {
    this(new Secret(new SecretRef("vcenter-admin"), ("pw-" + UUID.randomUUID()).toCharArray()), work, address,
        vappDelayScale, toolsHeartbeatDelay, cloneDuration);
  }

  private LabSimulator(Secret password, Path work, String address, double vappDelayScale,
      Duration toolsHeartbeatDelay, Duration cloneDuration) throws Exception {
    this(LabVSphere.start(new LabVSphere.Settings(address, 0, USER, password.revealAsString(), work,
        Path.of("src/vcsim/build.sh"), null, vappDelayScale, Duration.ofSeconds(10), toolsHeartbeatDelay,
        cloneDuration)), password);
  }

  /** Drives a simulator started elsewhere (e.g. a durable one this JVM adopted), logged in as {@link #USER}. */
  public LabSimulator(LabVSphere lab, Secret password) throws Exception {
    this.password = password;
    this.lab = lab;
    vcenter = new VSphereConnector(Duration.ofSeconds(5), Duration.ofSeconds(30))
        .connect(lab.sdkUrl(), USER, password, lab.fingerprint());
    InventoryNavigator root = new InventoryNavigator(vcenter.getRootFolder());
    datacenter = (Datacenter) root.searchManagedEntity("Datacenter", "LabDC");
    vcoFolder = (Folder) new InventoryNavigator(datacenter.getVmFolder()).searchManagedEntity("Folder", "vCO");
    pool = ((ClusterComputeResource) root.searchManagedEntity("ClusterComputeResource", "LabCluster")).getResourcePool();
    datastore = (Datastore) root.searchManagedEntity("Datastore", "LabDatastore");
    network = (Network) root.searchManagedEntity("Network", "VM Network");
  }

  /** The appliance's first-boot network as OVF properties (environment keys). */
  public static Map<String, String> vami(String hostname, String ip) {
    String gateway = ip.substring(0, ip.lastIndexOf('.')) + ".1";
    return Map.of("vami.hostname", hostname, "vami.ip0." + INSTANCE, ip,
        "vami.netmask0." + INSTANCE, "255.255.255.0", "vami.gateway." + INSTANCE, gateway,
        "vami.DNS." + INSTANCE, gateway);
  }

  public VirtualMachine importOvf(String name, Map<String, String> properties) throws Exception {
    OvfCreateImportSpecParams params = new OvfCreateImportSpecParams();
    params.setEntityName(name);
    params.setLocale("");
    params.setDeploymentOption("");
    params.setPropertyMapping(properties.entrySet().stream().map(e -> {
      KeyValue kv = new KeyValue();
      kv.setKey(e.getKey());
      kv.setValue(e.getValue());
      return kv;
    }).toArray(KeyValue[]::new));
    OvfNetworkMapping mapping = new OvfNetworkMapping();
    mapping.setName("VM Network");
    mapping.setNetwork(network.getMOR());
    params.setNetworkMapping(new OvfNetworkMapping[] {mapping});
    OvfCreateImportSpecResult result = vcenter.getOvfManager()
        .createImportSpec(Files.readString(OVF), pool, datastore, params);
    assertThat(result.getError()).isNull();
    HttpNfcLease lease = pool.importVApp(result.getImportSpec(), vcoFolder, null);
    await().atMost(10, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(20))
        .until(() -> lease.getState() != HttpNfcLeaseState.initializing);
    assertThat(lease.getState()).isEqualTo(HttpNfcLeaseState.ready);
    for (HttpNfcLeaseDeviceUrl device : lease.getInfo().getDeviceUrl()) {
      for (OvfFileItem item : result.getFileItem()) {
        if (item.getDeviceId().equals(device.getImportKey())) {
          upload(device.getUrl().replace("*", lab.sdkUrl().getAuthority()), OVF.resolveSibling(item.getPath()));
        }
      }
    }
    lease.httpNfcLeaseProgress(100);
    lease.httpNfcLeaseComplete();
    return vm(name);
  }

  /** A clone, powered off, whose vApp properties are edited to {@code properties}. */
  public VirtualMachine cloneOf(VirtualMachine source, String name, Map<String, String> properties) throws Exception {
    List<VAppPropertySpec> edits = new ArrayList<>();
    for (VAppPropertyInfo info : source.getConfig().getVAppConfig().getProperty()) {
      String value = properties.get(OvfProperties.environmentKey(info));
      if (value != null) {
        info.setValue(value);
        VAppPropertySpec edit = new VAppPropertySpec();
        edit.setOperation(ArrayUpdateOperation.edit);
        edit.setInfo(info);
        edits.add(edit);
      }
    }
    VmConfigSpec vapp = new VmConfigSpec();
    vapp.setProperty(edits.toArray(VAppPropertySpec[]::new));
    VirtualMachineConfigSpec config = new VirtualMachineConfigSpec();
    config.setVAppConfig(vapp);
    VirtualMachineCloneSpec spec = new VirtualMachineCloneSpec();
    spec.setLocation(new VirtualMachineRelocateSpec());
    spec.setPowerOn(false);
    spec.setTemplate(false);
    spec.setConfig(config);
    complete(source.cloneVM_Task(vcoFolder, name, spec));
    return vm(name);
  }

  public static String property(VirtualMachine vm, String environmentKey) {
    return Arrays.stream(vm.getConfig().getVAppConfig().getProperty())
        .filter(p -> environmentKey.equals(OvfProperties.environmentKey(p))).map(VAppPropertyInfo::getValue).findFirst().orElse(null);
  }

  public static void powerOn(VirtualMachine vm) throws Exception {
    complete(vm.powerOnVM_Task(null));
  }

  /**
   * Waits until VMware Tools run in the VM's guest (the heartbeat comes some time after power-on): vCenter
   * refuses a guest shutdown or reboot before (ToolsUnavailable).
   */
  public static void awaitTools(VirtualMachine vm) {
    await().atMost(30, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(20))
        .until(() -> "guestToolsRunning".equals(vm.getGuest().getToolsRunningStatus()));
  }

  public static void powerOff(VirtualMachine vm) throws Exception {
    complete(vm.powerOffVM_Task());
  }

  public static void destroy(VirtualMachine vm) throws Exception {
    complete(vm.destroy_Task());
  }

  public VirtualMachine vm(String name) throws Exception {
    VirtualMachine vm = (VirtualMachine) new InventoryNavigator(vcenter.getRootFolder())
        .searchManagedEntity("VirtualMachine", name);
    assertThat(vm).as("VM " + name).isNotNull();
    return vm;
  }

  private void upload(String url, Path file) throws Exception {
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(null, new TrustManager[] {new PinnedCertificateTrustManager(lab.fingerprint())}, null);
    HttpResponse<String> response = HttpClient.newBuilder().sslContext(tls).build().send(
        HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/x-vnd.vmware-streamVmdk")
            .PUT(HttpRequest.BodyPublishers.ofFile(file)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isBetween(200, 299);
  }

  /** Polls the task's state (Task.waitForTask sleeps 500 ms a turn). */
  public static void complete(Task task) throws Exception {
    await().atMost(30, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(20)).until(() -> {
      TaskInfoState state = task.getTaskInfo().getState();
      return state == TaskInfoState.success || state == TaskInfoState.error;
    });
    var info = task.getTaskInfo();
    assertThat(info.getState())
        .as(info.getError() == null ? "" : info.getError().getLocalizedMessage())
        .isEqualTo(TaskInfoState.success);
  }

  @Override
  public void close() {
    vcenter.getServerConnection().logout();
    lab.close();
  }
}
