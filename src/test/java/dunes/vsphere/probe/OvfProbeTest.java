package dunes.vsphere.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dunes.build.BuildSpec;
import dunes.build.FieldError;
import dunes.build.probe.ProbeTrust;
import dunes.build.probe.ProductProbe.ProbeReport;
import dunes.vsphere.OvfSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The OVF probe on copies of the lab's appliance OVF, each changed the way a wrong OVF would be. */
class OvfProbeTest {

  static final Path FIXTURES = Path.of("src/test/resources/ovf");
  static final String OVF = "vco-appliance.ovf";
  static final String DISK = "vco-appliance-disk.vmdk";

  @TempDir Path dir;

  @Test
  void shouldPassTheLabsApplianceOvfAndStateItsVersion() throws IOException {
    ProbeReport report = probe(ovf(text -> text));

    assertThat(report.findings()).isEmpty();
    assertThat(report.product()).isEqualTo("ovf");
    assertThat(report.version()).startsWith("vCenter Orchestrator Appliance (lab stand-in) 5.5.2");
  }

  @Test
  void shouldRefuseAnApplianceOfAnotherVersionThanDunesConfigures() throws IOException {
    ProbeReport report = probe(ovf(text -> text.replace("<Version>5.5.2</Version>", "<Version>7.0.1</Version>")));

    assertThat(report.findings()).extracting(FieldError::field).containsExactly("ovf.url");
    assertThat(report.findings().get(0).message()).contains("deploys vCenter Orchestrator Appliance (lab stand-in) 7.0.1",
        "5.5.x", "dunes.appliance.probe.min-version");
  }

  @Test
  void shouldAcceptAnotherVersionOnlyWhereTheRangeIsWidened() throws IOException {
    String url = ovf(text -> text.replace("<Version>5.5.2</Version>", "<Version>6.0.1</Version>"));

    assertThat(new OvfProbe(source(), "5.5", "6.0").probe(request(url), new ProbeTrust(Map.of())).findings()).isEmpty();
  }

  @Test
  void shouldRefuseAnOvfWithoutTheFirstBootNetworkProperties() throws IOException {
    ProbeReport report = probe(ovf(text -> text.replace("ovf:key=\"ip0\"", "ovf:key=\"address\"")
        .replace("ovf:key=\"gateway\"", "ovf:key=\"router\"")));

    assertThat(report.findings()).extracting(FieldError::message)
        .anySatisfy(m -> assertThat(m).contains("no OVF property vami.ip0.<VirtualSystem id>"))
        .anySatisfy(m -> assertThat(m).contains("no OVF property vami.gateway.<VirtualSystem id>"))
        .hasSize(2);
  }

  @Test
  void shouldRefuseAMultiVmOvf() throws IOException {
    ProbeReport report = probe(ovf(text -> text.replace("<VirtualSystem ovf:id=\"vCO_Appliance\">",
        "<VirtualSystemCollection ovf:id=\"vApp\"><Info>two</Info><VirtualSystem ovf:id=\"vCO_Appliance\">")
        .replace("</VirtualSystem>", "</VirtualSystem><VirtualSystem ovf:id=\"second\"><Info>x</Info></VirtualSystem>"
            + "</VirtualSystemCollection>")));

    assertThat(report.findings()).extracting(FieldError::message).singleElement().asString()
        .contains("describes 2 virtual systems in a VirtualSystemCollection");
  }

  @Test
  void shouldReportAnOvfThatIsNotThereOnTheRequestField() {
    ProbeReport report = probe("file:" + dir.resolve("missing.ovf"));

    assertThat(report.findings()).extracting(FieldError::field).containsExactly("ovf.url");
    assertThat(report.findings().get(0).message()).contains("missing.ovf is missing");
    assertThat(report.version()).isEqualTo("unreadable");
  }

  private ProbeReport probe(String url) {
    return new OvfProbe(source(), "5.5", "5.5").probe(request(url), new ProbeTrust(Map.of()));
  }

  private OvfSource source() {
    return new OvfSource(dir.resolve("cache"), dunes.vsphere.OvfDirectory.of(dir), null, Duration.ofSeconds(5));
  }

  private String ovf(UnaryOperator<String> change) throws IOException {
    Path folder = Files.createDirectories(dir.resolve("ovf"));
    Files.writeString(folder.resolve(OVF), change.apply(Files.readString(FIXTURES.resolve(OVF))));
    Files.copy(FIXTURES.resolve(DISK), folder.resolve(DISK));
    return folder.resolve(OVF).toUri().toString();
  }

  private static BuildSpec request(String url) {
    return new BuildSpec("CHG-OVF", "alice", null, null, null, null, new BuildSpec.Ovf(url), null, null, null, null,
        null, null, null);
  }
}
