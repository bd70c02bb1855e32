package dunes.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dunes.build.BuildRequestReader;
import dunes.build.BuildSpec;
import dunes.build.FieldError;
import dunes.build.probe.ProbeTrust;
import dunes.build.probe.ProductProbe.ProbeReport;
import dunes.support.ExampleRequest;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The edge probe against the lab manager: read-only, each missing thing a finding on its request field. */
class EdgeProbeTest {

  static final String API = "127.0.20.30";
  static final String VIP = "127.0.20.10";

  EdgeTestLab lab;

  @AfterEach
  void stop() {
    lab.close();
  }

  @Test
  void shouldFindEverythingOnAVShieldManager() {
    lab = new EdgeTestLab(API);

    ProbeReport report = probe(request -> {});

    assertThat(report.passed()).as(report.findings().toString()).isTrue();
    assertThat(report.product()).isEqualTo("edge");
    assertThat(report.version()).isEqualTo("vShield Manager 5.x (no version at /api/1.0/appliance-management/global/info)");
    assertThat(lab.journal.entries("edge")).isEmpty();
  }

  @Test
  void shouldAcceptAnNsxManagerThatStillHasTheEdgeApi3() {
    lab = new EdgeTestLab(API, "6.2.5.4818372");

    ProbeReport report = probe(request -> {});

    assertThat(report.passed()).as(report.findings().toString()).isTrue();
    assertThat(report.version()).isEqualTo("NSX Manager 6.2.5 (build 4818372)");
  }

  @Test
  void shouldStopAtAnNsxManagerWithoutTheEdgeApi3AndChangeNothing() {
    lab = new EdgeTestLab(API, "6.3.0.5007049");

    ProbeReport report = probe(request -> {});

    assertThat(report.version()).isEqualTo("NSX Manager 6.3.0 (build 5007049)");
    assertThat(report.findings()).singleElement().satisfies(f -> {
      assertThat(f.field()).isEqualTo("edge.managerUrl");
      assertThat(f.message()).contains("NSX Manager 6.3.0", "has no /api/3.0/edges",
          "an NSX /api/4.0 branch is not built");
    });
    assertThat(lab.journal.entries("edge")).as("no state-changing call").isEmpty();
  }

  @Test
  void shouldNameTheEdgeTheManagerLacks() {
    lab = new EdgeTestLab(API);

    ProbeReport report = probe(request -> ExampleRequest.node(request, "edge").put("edgeId", "edge-9"));

    assertThat(report.findings()).extracting(FieldError::field).containsExactly("edge.edgeId");
    assertThat(report.findings().get(0).message()).contains("no edge 'edge-9'", "edge-1");
  }

  @Test
  void shouldNameAnUnconnectedVnic() {
    lab = new EdgeTestLab(API);

    ProbeReport report = probe(request -> ExampleRequest.node(request, "edge").put("interfaceIndex", 3));

    assertThat(report.findings()).extracting(FieldError::field)
        .containsExactly("edge.interfaceIndex", "edge.interfaceIndex");
    assertThat(report.findings()).extracting(FieldError::message).anySatisfy(m -> assertThat(m).contains("not connected"))
        .anySatisfy(m -> assertThat(m).contains("no address group"));
  }

  @Test
  void shouldNameAVirtualIpOutsideTheVnicsSubnets() {
    lab = new EdgeTestLab(API);

    ProbeReport report = probe(request -> ExampleRequest.node(request, "cluster").put("virtualIp", "10.1.2.3"));

    assertThat(report.findings()).extracting(FieldError::field).containsExactly("cluster.virtualIp");
    assertThat(report.findings().get(0).message()).contains("10.1.2.3", "127.0.0.1/255.0.0.0");
  }

  @Test
  void shouldReportARefusedLoginOnThePasswordField() {
    lab = new EdgeTestLab(API);
    EdgeProbe probe = new EdgeProbe(lab.client("wrong-" + lab.password, null));

    ProbeReport report = probe.probe(spec(request -> {}), trust());

    assertThat(report.findings()).extracting(FieldError::field).containsExactly("edge.passwordRef");
  }

  @Test
  void shouldTrustOnlyThePinnedCertificate() {
    lab = new EdgeTestLab(API);
    EdgeProbe probe = new EdgeProbe(lab.client());

    assertThatThrownBy(() -> probe.probe(spec(request -> {}), new ProbeTrust(Map.of(ProbeTrust.EDGE, "AB:".repeat(31) + "AB"))))
        .isInstanceOf(EdgeTrustException.class);
    assertThatThrownBy(() -> probe.probe(spec(request -> {}), new ProbeTrust(Map.of())))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("edge");
  }

  private ProbeReport probe(Consumer<ObjectNode> change) {
    return new EdgeProbe(lab.client()).probe(spec(change), trust());
  }

  private ProbeTrust trust() {
    return new ProbeTrust(Map.of(ProbeTrust.EDGE, lab.edge.fingerprint()));
  }

  private BuildSpec spec(Consumer<ObjectNode> change) {
    ObjectNode request = ExampleRequest.withTicket("CHG-PROBE-1");
    ExampleRequest.node(request, "cluster").put("virtualIp", VIP);
    ExampleRequest.node(request, "edge").put("managerUrl", lab.edge.url().toString());
    change.accept(request);
    return BuildRequestReader.parseTrusted(request.toString());
  }
}
