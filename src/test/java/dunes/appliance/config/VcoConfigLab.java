package dunes.appliance.config;

import dunes.support.LabNodes;
import dunes.lab.node.LabNode;
import dunes.secrets.PropertySecretStore;
import dunes.secrets.SecretRef;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.apache.hc.client5.http.DnsResolver;

/**
 * Lab vCO nodes for the configuration client's tests: addresses 127.0.11.x only and fixed high
 * ports (41xxx), so other suites running at the same time never collide; closed after each test.
 */
final class VcoConfigLab extends LabNodes {

  static final LabNode.Ports PORTS = new LabNode.Ports(41281, 41286, 41287, 41480, 41222);
  static final SecretRef CONFIG = new SecretRef("vco-config");
  static final SecretRef VCENTER = new SecretRef("vcenter-admin");
  /** real but short timeouts: a hanging call fails the test instead of stalling it */
  static final VcoConfigProperties FAST = new VcoConfigProperties(Duration.ofSeconds(2), Duration.ofSeconds(5), null);

  final String vcenterPassword = "vcenter-" + UUID.randomUUID();

  VcoConfigLab(Path dir) {
    super(dir, PORTS);
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
}
