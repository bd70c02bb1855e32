package dunes.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dunes.appliance.config.ConfigurationRuns;
import dunes.appliance.config.HttpVcoConfigClient;
import dunes.appliance.config.VcoConfigPort;
import dunes.appliance.config.VcoConfigProperties;
import dunes.appliance.shell.NodeShellPort;
import dunes.appliance.shell.NodeShellProperties;
import dunes.appliance.shell.SshNodeShell;
import dunes.build.BuildSpec;
import dunes.changes.ChangeCallbackClient;
import dunes.changes.ChangeManagementProperties;
import dunes.changes.ChangeReportException;
import dunes.changes.OutcomeReport;
import dunes.edge.EdgePort;
import dunes.edge.EdgeProperties;
import dunes.edge.HttpEdgeClient;
import dunes.pki.certsrv.CertsrvAuthentication;
import dunes.pki.certsrv.CertsrvPort;
import dunes.pki.certsrv.CertsrvProperties;
import dunes.pki.certsrv.HttpCertsrvClient;
import dunes.support.ConnectionRecorder;
import dunes.vsphere.VCenterTarget;
import dunes.vsphere.VSphereProperties;
import dunes.vsphere.steps.VSphereClients;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.hc.client5.http.DnsResolver;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.util.unit.DataSize;

/**
 * Defence in depth: every adapter, asked to send a secret where its binding does not allow, throws
 * before it connects. The secrets here are bound to corp.example's hosts; the targets are a
 * listener on 127.0.38.70 that counts connections.
 */
class SecretBindingAtUseTest {

  private static final String FINGERPRINT = "AB".repeat(32);

  private final PropertySecretStore secrets = new PropertySecretStore(
      Map.of("vsm-admin", "v", "ca-enroll", "c", "vco-admin", "a", "appliance-root", "r", "vcenter-admin", "p",
          "change-callback", "b"),
      Map.of("vsm-admin", bind("edge", "vsm.corp.example"),
          "ca-enroll", bind("ca-enrolment", "ca.corp.example"),
          "vco-admin", bind("vco-rest", "vcoref.corp.example"),
          "appliance-root", bind("appliance-root", "10.20.30.11"),
          "vcenter-admin", bind("vcenter", "vcenter.corp.example"),
          "change-callback", bind("change-callback", "changes.corp.example")),
      name -> null);

  private ConnectionRecorder elsewhere;

  private static SecretBinding bind(String purpose, String host) {
    return SecretBinding.parse("dunes.secrets.bindings.test", List.of(purpose), List.of(host), false, false);
  }

  @BeforeEach
  void listen() {
    elsewhere = new ConnectionRecorder("127.0.38.70");
  }

  @AfterEach
  void close() {
    elsewhere.close();
  }

  @Test
  void theEdgeClientShouldSendTheManagersPasswordNowhereElse() {
    HttpEdgeClient edge = new HttpEdgeClient(new EdgeProperties(Duration.ofSeconds(2), Duration.ofSeconds(2), null),
        secrets, null);
    EdgePort.Target target = new EdgePort.Target("https://" + elsewhere.endpoint(), "edge-1", "admin",
        new SecretRef("vsm-admin"), FINGERPRINT);

    assertThatThrownBy(() -> edge.managerVersion(target)).isInstanceOf(SecretNotAllowedException.class)
        .hasMessageContaining("'vsm-admin'").hasMessageContaining(elsewhere.endpoint());
    assertThat(elsewhere.connections()).isZero();
  }

  @Test
  void theCertsrvClientShouldSendTheEnrolmentPasswordNowhereElse() {
    HttpCertsrvClient certsrv = new HttpCertsrvClient(CertsrvProperties.defaults(), secrets, null);
    CertsrvPort.Target target = CertsrvPort.Target.https(URI.create("https://" + elsewhere.endpoint() + "/certsrv"),
        FINGERPRINT, "LAB\\enroll", new SecretRef("ca-enroll"), "WebServer", CertsrvAuthentication.BASIC);

    assertThatThrownBy(() -> certsrv.templates(target)).isInstanceOf(SecretNotAllowedException.class)
        .hasMessageContaining("(ca-enrolment)");
    assertThat(elsewhere.connections()).isZero();
  }

  @Test
  void theVcoClientShouldLogInToAReferenceNoBindingNames() {
    HttpVcoConfigClient vco = vco();
    VcoConfigPort.Target reference = VcoConfigPort.Target.reference(elsewhere.address(), elsewhere.port(), FINGERPRINT,
        new VcoConfigPort.Login("vcoadmin", new SecretRef("vco-admin")));

    assertThatThrownBy(() -> vco.version(reference)).isInstanceOf(SecretNotAllowedException.class)
        .hasMessageContaining("(vco-rest)");
    assertThat(elsewhere.connections()).isZero();
  }

  @Test
  void theVcoClientShouldLogInToABuildNodeOnlyWhereTheBindingAllowsTheBuildsNodes() {
    VcoConfigPort.Target node = new VcoConfigPort.Target(elsewhere.address(), elsewhere.port(), FINGERPRINT,
        new VcoConfigPort.Login("vcoadmin", new SecretRef("vco-admin")));

    assertThatThrownBy(() -> vco().version(node)).isInstanceOf(SecretNotAllowedException.class)
        .hasMessageContaining("build node " + elsewhere.endpoint());
    assertThat(elsewhere.connections()).isZero();
  }

  @Test
  void theNodeShellShouldSendRootsPasswordToNoOtherNode() {
    NodeShellPort.Target target = new NodeShellPort.Target(elsewhere.address(), elsewhere.port(),
        "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(new byte[32]), new SecretRef("appliance-root"));

    try (SshNodeShell shell = new SshNodeShell(new NodeShellProperties(Duration.ofSeconds(2), Duration.ofSeconds(2),
        Duration.ofSeconds(2), DataSize.ofKilobytes(64), DataSize.ofMegabytes(1)), secrets, null)) {
      assertThatThrownBy(() -> shell.run(target, "true")).isInstanceOf(SecretNotAllowedException.class)
          .hasMessageContaining("'appliance-root'").hasMessageContaining(elsewhere.endpoint());
    }
    assertThat(elsewhere.connections()).isZero();
  }

  @Test
  void theVSphereClientsShouldSendVCentersPasswordToNoOtherVCenter() {
    VSphereClients clients = new VSphereClients(VSphereProperties.defaults(), secrets,
        new StaticListableBeanFactory().getBeanProvider(DnsResolver.class));
    BuildSpec.VCenter vcenter = new BuildSpec.VCenter("https://" + elsewhere.endpoint() + "/sdk",
        "administrator@vsphere.local", "vcenter-admin", "DC", "Cluster", null, "DS", "VM Network", "vCO", null);
    try {
      assertThatThrownBy(() -> clients.forBuild(vcenter, FINGERPRINT).locate(VCenterTarget.of(vcenter)))
          .isInstanceOf(SecretNotAllowedException.class).hasMessageContaining("(vcenter)");
    } finally {
      clients.closeAll();
    }
    assertThat(elsewhere.connections()).isZero();
  }

  @Test
  void theChangeCallbackShouldSendItsPasswordToNoOtherReceiver() {
    ChangeCallbackClient callback = callback(secrets);

    assertThatThrownBy(() -> callback.send(report())).isInstanceOf(SecretNotAllowedException.class)
        .hasMessageContaining("(change-callback)");
    assertThat(elsewhere.connections()).isZero();
  }

  @Test
  void theListenerShouldCountAConnectionTheBindingAllows() {
    PropertySecretStore allowing = new PropertySecretStore(Map.of("change-callback", "b"),
        Map.of("change-callback", bind("change-callback", elsewhere.address())), name -> null);

    assertThatThrownBy(() -> callback(allowing).send(report())).isInstanceOf(ChangeReportException.class);
    assertThat(elsewhere.connections()).isPositive();
  }

  private ChangeCallbackClient callback(SecretStore store) {
    return new ChangeCallbackClient(new ChangeManagementProperties(URI.create("http://" + elsewhere.endpoint()
        + "/changes"), "dunes", "change-callback", Duration.ofSeconds(2)), store, new ObjectMapper().findAndRegisterModules());
  }

  private static OutcomeReport report() {
    return new OutcomeReport("e1", "CHG1", "p1", "rejected", "test", List.of(), null, Instant.now());
  }

  private HttpVcoConfigClient vco() {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:binding-at-use-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    return new HttpVcoConfigClient(new VcoConfigProperties(Duration.ofSeconds(2), Duration.ofSeconds(2), null),
        secrets, null, new ConfigurationRuns(h2), VcoConfigProperties.DOCUMENTED.get("sso").id());
  }
}
