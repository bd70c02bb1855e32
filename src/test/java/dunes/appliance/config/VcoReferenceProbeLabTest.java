package dunes.appliance.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dunes.build.BuildRequestReader;
import dunes.build.BuildSpec;
import dunes.build.FieldError;
import dunes.build.probe.ProbeTrust;
import dunes.build.probe.ProductProbe.ProbeReport;
import dunes.lab.LabJournal;
import dunes.lab.node.LabNode;
import dunes.lab.node.NodeState;
import dunes.support.ExampleRequest;
import dunes.vsphere.OvfSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * vCO probed before any change through a reference appliance (a lab node running from the OVF):
 * version and configured workflows, against a node with and without the lab's site package.
 * 127.0.34.10–.19, the ports of {@link VcoConfigLab}.
 */
class VcoReferenceProbeLabTest {

  static final String ADDRESS = "127.0.34.10";

  @TempDir Path dir;
  VcoConfigLab lab;

  @AfterEach
  void close() {
    lab.close();
  }

  @Test
  void shouldFindEveryConfiguredWorkflowOnAReferenceWithTheSitePackage() {
    LabNode reference = reference(true);
    long before = journalSize();

    ProbeReport report = probe(VcoConfigLab.SITE).probe(request(null, "vco-admin"), trust(reference));

    assertThat(report.findings()).isEmpty();
    assertThat(report.product()).isEqualTo("vco");
    assertThat(report.version()).isEqualTo("5.5.2 (reference https://" + ADDRESS + ":41281)");
    assertThat(lab.journal.entries()).as("the probe only reads").hasSize((int) before);
  }

  @Test
  void shouldNameEveryConfiguredWorkflowTheReferenceLacks() {
    LabNode reference = reference(false);

    ProbeReport report = probe(VcoConfigLab.SITE).probe(request(null, "vco-admin"), trust(reference));

    assertThat(report.findings()).extracting(FieldError::field).containsExactly(
        "dunes.appliance.config.workflows.create-tables", "dunes.appliance.config.workflows.create-package-signing",
        "dunes.appliance.config.workflows.export-package-signing-csr",
        "dunes.appliance.config.workflows.import-trusted-certificate",
        "dunes.appliance.config.workflows.import-package-signing-certificate", "dunes.appliance.config.workflows.cluster",
        "dunes.appliance.config.workflows.cluster-status");
    assertThat(report.findings().get(0).message()).contains("vCO 5.5.2 at https://" + ADDRESS + ":41281 has no "
        + "workflow 'Create database tables'");
    assertThat(lab.journal.entries("node")).extracting(LabJournal.Entry::operation).doesNotContain("workflow-run");
  }

  @Test
  void shouldPassTheDocumentedDefaultsOnAReferenceWithoutTheSitePackage() {
    LabNode reference = reference(false);

    assertThat(probe(VcoConfigProperties.defaults()).probe(request(null, "vco-admin"), trust(reference)).findings())
        .isEmpty();
  }

  @Test
  void shouldRefuseAReferenceOfAnotherVersionThanTheOvf() throws IOException {
    LabNode reference = reference(true);
    Path ovf = Files.createDirectories(dir.resolve("ovf")).resolve("vco-appliance.ovf");
    Files.writeString(ovf, Files.readString(Path.of("src/test/resources/ovf/vco-appliance.ovf"))
        .replace("<Version>5.5.2</Version>", "<Version>5.5.1</Version>"));
    Files.copy(Path.of("src/test/resources/ovf/vco-appliance-disk.vmdk"), ovf.resolveSibling("vco-appliance-disk.vmdk"));

    ProbeReport report = probe(VcoConfigLab.SITE).probe(request(ovf.toUri().toString(), "vco-admin"), trust(reference));

    assertThat(report.findings()).extracting(FieldError::field).containsExactly("ovf.reference.url");
    assertThat(report.findings().get(0).message()).contains("is version 5.5.2", "deploys 5.5.1");
  }

  @Test
  void shouldReportARefusedLoginOnTheReferenceUser() {
    LabNode reference = reference(true);

    ProbeReport report = new VcoReferenceProbe(lab.client("not-the-password", null), VcoConfigLab.SITE, ovfSource())
        .probe(request(null, "vco-admin"), trust(reference));

    assertThat(report.findings()).extracting(FieldError::field).containsExactly("ovf.reference.username");
    assertThat(report.findings().get(0).message()).contains("vcoadmin").doesNotContain("not-the-password");
  }

  private VcoReferenceProbe probe(VcoConfigProperties workflows) {
    return new VcoReferenceProbe(lab.client(), workflows, ovfSource());
  }

  private OvfSource ovfSource() {
    return new OvfSource(dir.resolve("cache"), dunes.vsphere.OvfDirectory.of(dir), null, Duration.ofSeconds(5));
  }

  private LabNode reference(boolean sitePackage) {
    lab = new VcoConfigLab(dir, sitePackage);
    LabNode node = lab.poweredOn("vcoref", ADDRESS, Duration.ofMillis(50));
    await().atMost(Duration.ofSeconds(5)).until(node::state, NodeState.RUNNING::equals);
    return node;
  }

  private static ProbeTrust trust(LabNode reference) {
    return new ProbeTrust(Map.of(ProbeTrust.VCO_REFERENCE, reference.servedCertificateFingerprint().orElseThrow()));
  }

  private long journalSize() {
    return lab.journal.entries().size();
  }

  private static BuildSpec request(String ovfUrl, String passwordRef) {
    return BuildRequestReader.parseTrusted(ExampleRequest.changed("CHG-REF", r -> {
      if (ovfUrl != null) {
        ExampleRequest.node(r, "ovf").put("url", ovfUrl);
      }
      ExampleRequest.node(r, "ovf/reference").put("url", "https://" + ADDRESS + ":" + VcoConfigLab.PORTS.server())
          .put("passwordRef", passwordRef);
    }));
  }
}
