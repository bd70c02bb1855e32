package dunes.appliance.config;

import dunes.secrets.Destination;
import dunes.secrets.Purpose;
import dunes.secrets.TestSecrets;
import dunes.support.LabNodes;
import dunes.lab.node.LabNode;
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
  static final SecretRef CONFIG = new SecretRef("vco-admin");
  static final SecretRef SSO = new SecretRef("sso-admin");
  static final SecretRef VCENTER = new SecretRef("vcenter-admin");
  /** where a node passes the vCenter and the SSO administrator's passwords on */
  static final Destination VCENTER_SDK = Destination.to(Purpose.VCENTER, "vcenter.lab.local", 443);
  static final Destination SSO_ADMIN = Destination.to(Purpose.SSO_ADMIN, "sso.lab.local", 7444);
  /** real but short timeouts: a hanging call fails the test instead of stalling it */
  static final VcoConfigProperties FAST = new VcoConfigProperties(Duration.ofSeconds(2), Duration.ofSeconds(5), null);
  /** the steps' workflows as application-lab.yaml configures them for the lab's site package */
  static final VcoConfigProperties SITE = new VcoConfigProperties(null, null, Map.of(
      "plugin", new WorkflowRef("Install plug-in", "dunes-lab-install-plugin"),
      "create-tables", new WorkflowRef("Create database tables", "dunes-lab-create-database-tables"),
      "cluster", new WorkflowRef("Configure cluster", "dunes-lab-configure-cluster"),
      "cluster-status", new WorkflowRef("Get cluster status", "dunes-lab-cluster-status"),
      "create-package-signing", new WorkflowRef("Create package signing certificate",
          "dunes-lab-create-package-signing-certificate"),
      "export-package-signing-csr", new WorkflowRef("Export package signing CSR", "dunes-lab-export-package-signing-csr"),
      "import-trusted-certificate", new WorkflowRef("Import trusted certificate", "dunes-lab-import-trusted-certificate"),
      "import-package-signing-certificate", new WorkflowRef("Import package signing certificate",
          "dunes-lab-import-package-signing-certificate")));

  /** the embedded LDAP administrator of a fresh lab appliance, as shipped */
  static final String VCOADMIN_PASSWORD = "vcoadmin";

  /** Dunes's own record of runs, in an in-memory H2 database of this lab's own */
  final ConfigurationRuns runs = new ConfigurationRuns(h2("runs-" + UUID.randomUUID()));

  final String vcenterPassword = "vcenter-" + UUID.randomUUID();

  VcoConfigLab(Path dir) {
    super(dir, PORTS);
  }

  /** @param sitePackage whether the nodes have the lab's site package */
  VcoConfigLab(Path dir, boolean sitePackage) {
    super(dir, PORTS, sitePackage);
  }

  HttpVcoConfigClient client() {
    return client(VCOADMIN_PASSWORD, null);
  }

  HttpVcoConfigClient client(String password, DnsResolver dns) {
    return client(password, vcenterPassword, dns);
  }

  /** A client whose secret store holds these passwords for {@link #CONFIG} and {@link #VCENTER}. */
  HttpVcoConfigClient client(String password, String vcenter, DnsResolver dns) {
    return new HttpVcoConfigClient(FAST, TestSecrets.onLoopback(
        Map.of(CONFIG.name(), password, VCENTER.name(), vcenter, SSO.name(), ssoAdminPassword, "vco-db", "db-" + vcenter)), dns,
        runs, VcoConfigProperties.DOCUMENTED.get("sso").id());
  }

  /** The node as a build reaches it: the embedded LDAP's vcoadmin before SSO, the lab SSO's administrator after. */
  VcoConfigPort.Target target(LabNode node) {
    return new VcoConfigPort.Target(node.settings().fqdn(), node.address(), PORTS.server(),
        node.servedCertificateFingerprint().orElseThrow(), new VcoConfigPort.Login("vcoadmin", CONFIG),
        new VcoConfigPort.Login("administrator@vsphere.local", SSO));
  }

  static javax.sql.DataSource h2(String name) {
    org.h2.jdbcx.JdbcDataSource h2 = new org.h2.jdbcx.JdbcDataSource();
    h2.setURL("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1");
    return h2;
  }

  /** How often the node journaled a run of {@code workflowName}. */
  long runs(String workflowName) {
    return journal.entries("node").stream()
        .filter(e -> e.operation().equals("workflow-run") && e.detail().startsWith(workflowName + " {")).count();
  }
}
