package dunes.pki.certsrv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dunes.build.BuildSpec;
import dunes.build.FieldError;
import dunes.build.probe.ProbeTrust;
import dunes.build.probe.ProductProbe.ProbeReport;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The CA probe against the lab CA: it logs in, reads certrqxt.asp's template list and submits
 * nothing (the lab's journal stays empty); a missing template is a finding on ca.template, a URL
 * where no certsrv answers one on ca.url, a refused login one on ca.username.
 */
class CaProbeTest {

  @Test
  void aCaOfferingTheTemplatePassesAndNothingIsSubmitted() {
    try (CertsrvLab lab = new CertsrvLab("127.0.13.50")) {
      ProbeReport report = new CaProbe(lab.client()).probe(spec(lab.ca.url(), "WebServer"), trust(lab));

      assertThat(report.product()).isEqualTo("ca");
      assertThat(report.passed()).isTrue();
      assertThat(report.version()).contains("WebServer");
      assertThat(lab.journal.entries()).isEmpty();
    }
  }

  @Test
  void aTemplateTheCaDoesNotOfferIsAFindingOnCaTemplate() {
    try (CertsrvLab lab = new CertsrvLab("127.0.13.51")) {
      ProbeReport report = new CaProbe(lab.client()).probe(spec(lab.ca.url(), "VMwareCertificate"), trust(lab));

      assertThat(report.findings()).singleElement().satisfies(finding -> {
        assertThat(finding.field()).isEqualTo("ca.template");
        assertThat(finding.message()).contains("'VMwareCertificate'", "[WebServer]");
      });
      assertThat(lab.journal.entries()).isEmpty();
    }
  }

  @Test
  void aUrlWhereNoCertsrvAnswersIsAFindingOnCaUrl() {
    try (CertsrvLab lab = new CertsrvLab("127.0.13.52")) {
      URI elsewhere = URI.create(lab.ca.url().toString().replace("/certsrv", "/enroll"));
      ProbeReport report = new CaProbe(lab.client()).probe(spec(elsewhere, "WebServer"), trust(lab));

      assertThat(report.findings()).extracting(FieldError::field).containsExactly("ca.url");
      assertThat(report.findings().get(0).message()).contains("no AD CS web enrolment (certsrv) answers", "404");
    }
  }

  @Test
  void aRefusedLoginIsAFindingOnCaUsername() {
    try (CertsrvLab lab = new CertsrvLab("127.0.13.53")) {
      ProbeReport report = new CaProbe(CertsrvLab.clientWith("wrong", CertsrvProperties.defaults()))
          .probe(spec(lab.ca.url(), "WebServer"), trust(lab));

      assertThat(report.findings()).extracting(FieldError::field).containsExactly("ca.username");
    }
  }

  @Test
  void aServerErrorIsRetriedNotAFinding() {
    try (CertsrvLab lab = new CertsrvLab("127.0.58.31")) {
      lab.faults.inject("ca:certrqxt", dunes.lab.LabFaults.Kind.HTTP_500, 1);

      assertThatThrownBy(() -> new CaProbe(lab.client()).probe(spec(lab.ca.url(), "WebServer"), trust(lab)))
          .isInstanceOf(CertsrvProtocolException.class).hasMessageContaining("HTTP 500");
      assertThat(new CaProbe(lab.client()).probe(spec(lab.ca.url(), "WebServer"), trust(lab)).passed())
          .as("the job's retry").isTrue();
    }
  }

  @Test
  void oneGarbledAnswerIsNoVerdictOnTheCa() {
    try (CertsrvLab lab = new CertsrvLab("127.0.58.32")) {
      lab.faults.inject("ca:certrqxt", dunes.lab.LabFaults.Kind.GARBAGE, 1);

      ProbeReport report = new CaProbe(lab.client()).probe(spec(lab.ca.url(), "WebServer"), trust(lab));

      assertThat(report.passed()).isTrue();
      assertThat(lab.faults.injected()).containsEntry("ca:certrqxt", Map.of("GARBAGE", 1L));
    }
  }

  @Test
  void aCaThatIsNotThePinnedOneIsNotProbed() {
    try (CertsrvLab lab = new CertsrvLab("127.0.13.54")) {
      ProbeTrust other = new ProbeTrust(Map.of(ProbeTrust.CA, "AB".repeat(32)));
      assertThatThrownBy(() -> new CaProbe(lab.client()).probe(spec(lab.ca.url(), "WebServer"), other))
          .isInstanceOf(CertsrvTrustException.class);
    }
  }

  @Test
  void theTemplateListIsReadAsPublicClientsReadIt() {
    String page = "<Select>\r\n\t<Option Value=\"E;WebServer;1;2\">Web Server</Option>\r\n"
        + "<option value=\"O;User;\">User</option>\r\n<Option Value=\"E;WebServer;x\">again</Option></Select>";
    assertThat(CertsrvAnswers.templates(page)).containsExactly("WebServer", "User");
    assertThat(CertsrvAnswers.templates("<HTML>no list</HTML>")).isEmpty();
  }

  /** A request whose CA is {@code url}, logging in with Basic as the lab CA's IIS offers it. */
  static BuildSpec spec(URI url, String template) {
    return spec(url, template, CertsrvLab.USER, "basic");
  }

  static BuildSpec spec(URI url, String template, String username, String authentication) {
    return new BuildSpec("CHG-PROBE", "alice", null, null, null, null, null, null, null, null,
        new BuildSpec.CertificateAuthority(url.toString(), template, username, CertsrvLab.PASSWORD.name(), null,
            url.getScheme().equals("http"), authentication, null),
        null, null, null);
  }

  private static ProbeTrust trust(CertsrvLab lab) {
    return new ProbeTrust(Map.of(ProbeTrust.CA, lab.ca.tlsFingerprint()));
  }
}
