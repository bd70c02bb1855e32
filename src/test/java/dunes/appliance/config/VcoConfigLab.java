package dunes.appliance.config;

import dunes.lab.LabFaults;
import dunes.lab.LabJournal;
import dunes.lab.node.LabNode;
import dunes.lab.node.LabVcoDatabase;
import dunes.secrets.PropertySecretStore;
import dunes.secrets.SecretRef;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.hc.client5.http.DnsResolver;

/**
 * Lab vCO nodes for the configuration client's tests: addresses 127.0.11.x only and fixed high
 * ports (41xxx), so other suites running at the same time never collide; closed after each test.
 */
final class VcoConfigLab implements AutoCloseable {

  static final LabNode.Ports PORTS = new LabNode.Ports(41281, 41286, 41287, 41480, 41222);
  static final SecretRef CONFIG = new SecretRef("vco-config");
  static final SecretRef VCENTER = new SecretRef("vcenter-admin");
  /** real but short timeouts: a hanging call fails the test instead of stalling it */
  static final VcoConfigProperties FAST = new VcoConfigProperties(Duration.ofSeconds(2), Duration.ofSeconds(5), null);

  final LabVcoDatabase database = new LabVcoDatabase();
  final LabJournal journal = new LabJournal();
  final LabFaults faults = new LabFaults();
  final String configPassword = "config-" + UUID.randomUUID();
  final String vcenterPassword = "vcenter-" + UUID.randomUUID();
  private final Path dir;
  private final List<LabNode> nodes = new ArrayList<>();

  VcoConfigLab(Path dir) {
    this.dir = dir;
  }

  /** A fresh appliance, powered on; vco-server stays STARTING for {@code starting}. */
  LabNode poweredOn(String name, String address, Duration starting) {
    LabNode node = LabNode.create(new LabNode.Settings(name, name + ".lab.local", address, PORTS,
        "root-" + UUID.randomUUID(), configPassword, dir.resolve(name), starting), database, journal, faults);
    nodes.add(node);
    node.powerOn();
    return node;
  }

  HttpVcoConfigClient client() {
    return client(configPassword, null);
  }

  HttpVcoConfigClient client(String password, DnsResolver dns) {
    return client(password, vcenterPassword, dns);
  }

  /** A client whose secret store holds these passwords for {@link #CONFIG} and {@link #VCENTER}. */
  HttpVcoConfigClient client(String password, String vcenter, DnsResolver dns) {
    return new HttpVcoConfigClient(FAST, new PropertySecretStore(
        Map.of(CONFIG.name(), password, VCENTER.name(), vcenter), variable -> null), dns);
  }

  VcoConfigPort.Target target(LabNode node) {
    return new VcoConfigPort.Target(node.address(), PORTS.server(), node.servedCertificateFingerprint().orElseThrow(),
        CONFIG);
  }

  /** How often the node journaled a run of {@code workflowName}. */
  long runs(String workflowName) {
    return journal.entries("node").stream()
        .filter(e -> e.operation().equals("workflow-run") && e.detail().startsWith(workflowName + " {")).count();
  }

  @Override
  public void close() {
    nodes.forEach(LabNode::close);
  }
}
