package dunes.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.vmware.vim25.VirtualMachineConfigSpec;
import com.vmware.vim25.VirtualMachineFileInfo;
import com.vmware.vim25.mo.ClusterComputeResource;
import com.vmware.vim25.mo.Datacenter;
import com.vmware.vim25.mo.Folder;
import com.vmware.vim25.mo.InventoryNavigator;
import com.vmware.vim25.mo.ServiceInstance;
import com.vmware.vim25.mo.Task;
import com.vmware.vim25.mo.VirtualMachine;
import dunes.secrets.SecretRef;
import dunes.support.ExampleRequest;
import dunes.support.LabBuildTest;
import dunes.vsphere.VSphereConnector;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Acceptance: a lab build whose site lacks something ends before any change, within seconds, with
 * the field to fix — a missing name, a wrong reverse record, a node address in use
 * (preflight); a VM name taken, a datastore too small (the vCenter probe, which needs vCenter's
 * trusted session). The lab's journal holds nothing the build did but the rejection report. Each
 * build's cluster sits on its own 127.0.62.x addresses, with DNS records there.
 */
class PreflightBeforeChangeTest extends LabBuildTest {

  /** A build that ends before any change takes seconds: preflight, the probe, the report. */
  private static final Duration SECONDS = Duration.ofSeconds(20);

  @Autowired PreflightReports reports;

  @Test
  void shouldEndTheBuildBeforeAnyChangeWhenANodesNameHasNoForwardRecord() throws Exception {
    String ticket = ExampleRequest.newTicket();
    ObjectNode request = build(ticket, "pfa", "127.0.62.1");
    dns.delete("pfa2.lab.local"); // its A record, and the PTR dnsmasq derives from it
    long before = lastSeq();

    ProcessInstance build = start(request.toString());

    assertEndedBeforeAnyChange(build, before, ticket, "pfa");
    assertThat(findings(build)).extracting(f -> f.get("field").asText()).containsExactly("nodes[1].fqdn", "nodes[1].ip");
    assertThat(message(build, 0)).isEqualTo("pfa2.lab.local does not resolve: the DNS servers [" + labDns()
        + "] must answer pfa2.lab.local with the A record 127.0.62.12 (nodes[1].ip) alone");
  }

  @Test
  void shouldEndTheBuildBeforeAnyChangeWhenANodesAddressReversesToAnotherName() throws Exception {
    String ticket = ExampleRequest.newTicket();
    ObjectNode request = build(ticket, "pfb", "127.0.62.2");
    dns.putReverse("127.0.62.21", "pfbold.lab.local"); // node 1's address still named after its previous host
    long before = lastSeq();

    ProcessInstance build = start(request.toString());

    assertEndedBeforeAnyChange(build, before, ticket, "pfb");
    assertThat(findings(build)).extracting(f -> f.get("field").asText()).containsExactly("nodes[0].ip");
    assertThat(message(build, 0)).isEqualTo("127.0.62.21 reverses to pfbold.lab.local, not pfb1.lab.local: the"
        + " PTR record of 21.62.0.127.in-addr.arpa must name pfb1.lab.local (nodes[0].fqdn) alone");
    // what Dunes recorded: every check, and every endpoint's certificate as it presented it
    PreflightReport report = reports.find(ticket).orElseThrow();
    assertThat(report.errors()).containsExactly(new dunes.build.FieldError("nodes[0].ip", message(build, 0)));
    assertThat(report.certificates()).extracting(EndpointCertificate::key, EndpointCertificate::fingerprint,
        EndpointCertificate::nameMatches).containsExactly(
        org.assertj.core.groups.Tuple.tuple("vcenter", lab.fingerprint(), true),
        org.assertj.core.groups.Tuple.tuple("edge", edge.fingerprint(), true),
        org.assertj.core.groups.Tuple.tuple("ca", ca.tlsFingerprint(), true),
        org.assertj.core.groups.Tuple.tuple("sso", sso.fingerprint(), true),
        org.assertj.core.groups.Tuple.tuple("reference", reference.fingerprint(), true));
    assertThat(report.certificates()).allMatch(EndpointCertificate::pinnedAndMatching);
  }

  @Test
  void shouldEndTheBuildBeforeAnyChangeWhenSomethingAnswersOnANodesAddress() throws Exception {
    String ticket = ExampleRequest.newTicket();
    ObjectNode request = build(ticket, "pfc", "127.0.62.3");
    try (ServerSocket squatter = new ServerSocket(8281, 50, InetAddress.getByName("127.0.62.31"))) {
      long before = lastSeq();

      ProcessInstance build = start(request.toString());

      assertEndedBeforeAnyChange(build, before, ticket, "pfc");
      assertThat(findings(build)).extracting(f -> f.get("field").asText()).containsExactly("nodes[0].ip");
      assertThat(message(build, 0)).isEqualTo("127.0.62.31 (nodes[0].ip) is in use: it accepts connections on port"
          + " 8281; give the build a free address, or take that machine off it");
    }
  }

  @Test
  void shouldEndTheBuildBeforeAnyChangeWhenAVmOfANodesNameIsInTheFolder() throws Exception {
    String ticket = ExampleRequest.newTicket();
    ObjectNode request = build(ticket, "pfd", "127.0.62.4");
    ServiceInstance admin = new VSphereConnector(Duration.ofSeconds(5), Duration.ofSeconds(30)).connect(lab.sdkUrl(),
        "administrator@vsphere.local", secrets.resolve(new SecretRef("vcenter-admin")), lab.fingerprint());
    VirtualMachine taken = createVm(admin, "pfd2");
    try {
      long before = lastSeq();

      ProcessInstance build = start(request.toString());
      approvePlan(build); // names and space are the vCenter probe's: it runs once the plan pinned vCenter

      assertEndedBeforeAnyChange(build, before, ticket, "pfd");
      assertThat(findings(build)).extracting(f -> f.get("field").asText()).containsExactly("nodes[1].name");
      assertThat(message(build, 0)).isEqualTo("a vm or vApp named 'pfd2' is already in vm folder 'vCO': choose"
          + " another node name, or remove or rename that one");
      assertThat(variable(build, "preflightPassed")).as("the site's names and addresses were fine").isEqualTo(true);
    } finally {
      taken.destroy_Task().waitForTask();
      admin.getServerConnection().logout();
    }
  }

  @Test
  void shouldEndTheBuildBeforeAnyChangeWhenTheDatastoreHasNoRoomForEveryNode() throws Exception {
    String ticket = ExampleRequest.newTicket();
    ObjectNode request = build(ticket, "pfe", "127.0.62.5");
    lab.datastoreFreeSpace("LabDatastore", 2L * 1024 * 1024); // the lab OVF's disk is 1 MiB; three nodes
    try {
      long before = lastSeq();

      ProcessInstance build = start(request.toString());
      approvePlan(build);

      assertEndedBeforeAnyChange(build, before, ticket, "pfe");
      assertThat(findings(build)).extracting(f -> f.get("field").asText()).containsExactly("vcenter.datastore");
      assertThat(message(build, 0)).isEqualTo("datastore 'LabDatastore' has 2.0 MiB (2097152 bytes) free; the build"
          + " deploys 3 appliances of 1.0 MiB (1048576 bytes) provisioned disk each (the OVF's DiskSection), 3.0 MiB"
          + " (3145728 bytes) in all: free space on it or name a datastore with room");
    } finally {
      lab.datastoreFreeSpace("LabDatastore", null);
    }
  }

  /** The lab request, its cluster on {@code base}0 and nodes on {@code base}1..3, with their DNS records. */
  private ObjectNode build(String ticket, String prefix, String base) {
    return onAddresses(request(ticket, prefix, 21, 10, lab.fingerprint(), "LabDatastore"), base, "127.0.62.1");
  }

  private void assertEndedBeforeAnyChange(ProcessInstance build, long before, String ticket, String prefix) {
    HistoricProcessInstance ended = awaitEnd(build);
    assertThat(ended.getEndActivityId()).isEqualTo("EndEvent_NotBuilt");
    org.slf4j.LoggerFactory.getLogger(PreflightBeforeChangeTest.class).info("build {} ended before any change in {} ms",
        ticket, ended.getDurationInMillis());
    assertThat(Duration.between(lastUserAction(build), ended.getEndTime().toInstant()))
        .as("from the request, or the plan's approval, to the report").isLessThan(SECONDS);
    assertNothingChangedSince(before, ticket);
    assertThat(vcenter.findVm(prefix + "1")).isEmpty();
  }

  /** When the build started, or when its plan was approved if it got that far. */
  private java.time.Instant lastUserAction(ProcessInstance build) {
    return engine.getHistoryService().createHistoricTaskInstanceQuery().processInstanceBusinessKey(build.getBusinessKey())
        .finished().orderByHistoricTaskInstanceEndTime().desc().list().stream().findFirst()
        .map(task -> task.getEndTime().toInstant())
        .orElseGet(() -> engine.getHistoryService().createHistoricProcessInstanceQuery()
            .processInstanceId(build.getId()).singleResult().getStartTime().toInstant());
  }

  private String message(ProcessInstance build, int index) throws Exception {
    return findings(build).get(index).get("message").asText();
  }

  /** A powered-off VM in the example's folder vCO, made through vCenter's own API (CreateVM_Task). */
  private static VirtualMachine createVm(ServiceInstance admin, String name) throws Exception {
    InventoryNavigator root = new InventoryNavigator(admin.getRootFolder());
    Datacenter datacenter = (Datacenter) root.searchManagedEntity("Datacenter", "LabDC");
    Folder folder = (Folder) new InventoryNavigator(datacenter.getVmFolder()).searchManagedEntity("Folder", "vCO");
    ClusterComputeResource cluster = (ClusterComputeResource) root.searchManagedEntity("ClusterComputeResource",
        "LabCluster");
    VirtualMachineConfigSpec spec = new VirtualMachineConfigSpec();
    spec.setName(name);
    spec.setGuestId("otherGuest");
    spec.setNumCPUs(1);
    spec.setMemoryMB(4L);
    VirtualMachineFileInfo files = new VirtualMachineFileInfo();
    files.setVmPathName("[LabDatastore]");
    spec.setFiles(files);
    Task task = folder.createVM_Task(spec, cluster.getResourcePool(), null);
    assertThat(task.waitForTask()).isEqualTo(Task.SUCCESS);
    return (VirtualMachine) new InventoryNavigator(folder).searchManagedEntity("VirtualMachine", name);
  }
}
