package dunes.lab.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dunes.lab.LabCertificates;
import dunes.lab.node.ConfigurationApi.Execution;
import dunes.lab.node.ConfigurationWorkflows.Outcome;
import dunes.lab.node.ConfigurationWorkflows.Parameter;
import dunes.lab.node.LabVcoDatabase.ClusterSettings;
import dunes.lab.sso.LabSsoDirectory;
import dunes.pki.keys.CertificateChains;
import dunes.pki.keys.CertificateRequests;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node's vCO configuration kept on its disk and the cluster's database kept in its directory:
 * made again over the same files (a lab restart), both are as the workflows left them.
 */
class DurableNodeConfigurationTest {

  static final String SSO_PASSWORD = "Sso-Secret-42";

  @TempDir Path disk;
  @TempDir Path databaseDir;

  @Test
  void shouldKeepWhatTheWorkflowsSetAndNoPassword() throws Exception {
    LabVcoDatabase database = LabVcoDatabase.at(databaseDir, true);
    ConfigurationWorkflows before = new ConfigurationWorkflows(database, LabSsoDirectory.lab(SSO_PASSWORD), disk);
    run(before, ConfigurationWorkflows.CREATE_SIGNING_CERTIFICATE, Map.of("commonName", "vcvco.lab.local"));
    String csr = before.run(ConfigurationWorkflows.EXPORT_SIGNING_CSR, Map.of()).outputs().get("csr");
    LabCertificates.Issued root = LabCertificates.selfSigned("Lab Root CA", List.of(), List.of());
    X509Certificate leaf = issue(root, new JcaPKCS10CertificationRequest(CertificateRequests.parse(csr)).getPublicKey());
    run(before, ConfigurationWorkflows.IMPORT_TRUSTED_CERTIFICATE, Map.of("pem", CertificateChains.pem(root.certificate())));
    run(before, ConfigurationWorkflows.IMPORT_SIGNING_CERTIFICATE,
        Map.of("pem", CertificateChains.pem(List.of(leaf, root.certificate()))));
    run(before, ConfigurationWorkflows.IMPORT_CERTIFICATE, Map.of("url", "https://sso.lab.local:7444"));
    run(before, ConfigurationWorkflows.INSTALL_PLUGIN, Map.of("pluginName", "vCAC"));
    run(before, ConfigurationWorkflows.CREATE_TABLES, Map.of());
    Outcome sso = before.run(ConfigurationWorkflows.CONFIGURE_SSO,
        Map.of("ssoAdminUser", string("ssoAdminUser", LabSsoDirectory.ADMINISTRATOR),
            "ssoAdminPassword", new Parameter("ssoAdminPassword", "SecureString", null),
            "vcoAdminGroup", string("vcoAdminGroup", LabSsoDirectory.VCO_ADMINS)),
        Map.of("ssoAdminPassword", SSO_PASSWORD));
    assertThat(sso.error()).isNull();

    ConfigurationWorkflows after = new ConfigurationWorkflows(LabVcoDatabase.at(databaseDir, false),
        LabSsoDirectory.lab(SSO_PASSWORD), disk);

    assertThat(after.packageSigningChain()).containsExactly(leaf, root.certificate());
    assertThat(after.knownCertificates()).containsExactly(root.certificate());
    String again = after.run(ConfigurationWorkflows.EXPORT_SIGNING_CSR, Map.of()).outputs().get("csr");
    assertThat(new JcaPKCS10CertificationRequest(CertificateRequests.parse(again)).getPublicKey())
        .as("the same package-signing key").isEqualTo(leaf.getPublicKey());
    assertThat(after.trustedHosts()).containsExactly("sso.lab.local:7444");
    assertThat(after.plugins()).containsExactly("vCAC");
    assertThat(after.tablesCreated()).isTrue();
    assertThat(after.ssoAdminGroup()).isEqualTo(LabSsoDirectory.VCO_ADMINS);
    assertThat(after.installed()).as("the site package is the database's").contains(ConfigurationWorkflows.CREATE_TABLES);
    assertThat(filesContaining(disk, SSO_PASSWORD)).isEmpty();
    assertThat(filesContaining(databaseDir, SSO_PASSWORD)).isEmpty();
  }

  @Test
  void shouldKeepTheClusterSettingsMembershipAndRuns() throws IOException {
    LabVcoDatabase before = LabVcoDatabase.at(databaseDir, true);
    before.configure(ClusterSettings.cluster(1, Duration.ofSeconds(5), 12));
    before.claimActive("vcvco1");
    before.claimActive("vcvco2");
    Execution kept = execution(1, "run-1");
    before.executions().put(kept);
    before.executions().put(execution(2, "run-2"));
    before.executions().remove("run-2");
    Files.writeString(databaseDir.resolve(LabVcoDatabase.RUNS), "{\"run\":{\"seq\":3,\"id\":\"torn",
        java.nio.file.StandardOpenOption.APPEND); // the lab died while writing

    LabVcoDatabase after = LabVcoDatabase.at(databaseDir, false);

    assertThat(after.settings()).isEqualTo(ClusterSettings.cluster(1, Duration.ofSeconds(5), 12));
    assertThat(after.members()).containsExactly(Map.entry("vcvco1", NodeState.RUNNING),
        Map.entry("vcvco2", NodeState.STANDBY));
    assertThat(after.sitePackage()).isTrue();
    assertThat(after.executions().values()).containsExactly(kept);
    assertThat(after.claimActive("vcvco2")).as("the kept active node still holds the only place").isFalse();
  }

  private static void run(ConfigurationWorkflows workflows, ConfigurationWorkflows.Workflow workflow,
      Map<String, String> inputs) {
    Map<String, Parameter> parameters = new java.util.LinkedHashMap<>();
    inputs.forEach((name, value) -> parameters.put(name, string(name, value)));
    assertThat(workflows.run(workflow, parameters).error()).as(workflow.name()).isNull();
  }

  private static Execution execution(long seq, String id) {
    return new Execution(seq, id, ConfigurationWorkflows.CONFIGURE_SSO, Instant.parse("2026-12-07T10:00:00Z"),
        Duration.ZERO, List.of(string("ssoAdminUser", LabSsoDirectory.ADMINISTRATOR),
            new Parameter("ssoAdminPassword", "SecureString", null)), null, "vcoadmin", Map.of());
  }

  private static Parameter string(String name, String value) {
    return new Parameter(name, "string", JsonNodeFactory.instance.textNode(value));
  }

  private static List<Path> filesContaining(Path dir, String text) throws IOException {
    byte[] needle = text.getBytes(StandardCharsets.UTF_8);
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).filter(file -> {
        try {
          return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)
              .contains(new String(needle, StandardCharsets.ISO_8859_1));
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }).toList();
    }
  }

  private static X509Certificate issue(LabCertificates.Issued issuer, PublicKey key) throws Exception {
    Instant now = Instant.now();
    return new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(
        issuer.certificate().getSubjectX500Principal(), BigInteger.valueOf(now.toEpochMilli()),
        Date.from(now.minusSeconds(60)), Date.from(now.plus(Duration.ofDays(30))),
        new X500Principal("CN=vcvco.lab.local"), key)
        .build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuer.keys().getPrivate())));
  }
}
