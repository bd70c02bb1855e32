package dunes.lab.ca;

import static dunes.lab.ca.CertsrvTestClient.ISSUED;
import static dunes.lab.ca.CertsrvTestClient.find;
import static org.assertj.core.api.Assertions.assertThat;

import dunes.lab.LabFaults;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The lab's fault knobs reach every certsrv page by its endpoint name. */
class FaultInjectionTest {

  private final LabCaFixture lab = LabCaFixture.start("127.0.1.7");

  @AfterEach
  void stop() {
    lab.close();
  }

  @Test
  void shouldAnswer503OnEnrollmentOnceAndThenIssue() {
    lab.faults.inject("ca:certfnsh", LabFaults.Kind.HTTP_503, 1);
    TestCsr csr = TestCsr.vcoCluster();

    HttpResponse<String> first = lab.client.submit(csr.pem(), "WebServer");
    HttpResponse<String> retry = lab.client.submit(csr.pem(), "WebServer");

    assertThat(first.statusCode()).isEqualTo(503);
    assertThat(lab.journal.entries("ca")).extracting(e -> e.operation()).containsExactly("submit", "issue");
    assertThat(find(ISSUED, retry.body())).isPresent();
  }

  @Test
  void shouldApplyAKnobOnCertnewToBothDownloads() {
    String id = find(ISSUED, lab.client.submit(TestCsr.vcoCluster().pem(), "WebServer").body()).orElseThrow();
    lab.faults.inject("ca:certnew", LabFaults.Kind.HTTP_500, 2);

    HttpResponse<String> cer = lab.client.getText("/certsrv/certnew.cer?ReqID=" + id + "&Enc=b64");
    HttpResponse<String> p7b = lab.client.getText("/certsrv/certnew.p7b?ReqID=" + id + "&Enc=b64");
    HttpResponse<String> afterwards = lab.client.getText("/certsrv/certnew.cer?ReqID=" + id + "&Enc=b64");

    assertThat(cer.statusCode()).isEqualTo(500);
    assertThat(p7b.statusCode()).isEqualTo(500);
    assertThat(afterwards.statusCode()).isEqualTo(200);
    assertThat(afterwards.body()).startsWith("-----BEGIN CERTIFICATE-----");
  }

  @Test
  void shouldFaultTheCaPageWhereRenewalsAreRead() {
    lab.faults.inject("ca:certcarc", LabFaults.Kind.HTTP_503, 1);

    assertThat(lab.client.getText("/certsrv/certcarc.asp").statusCode()).isEqualTo(503);
    assertThat(lab.client.getText("/certsrv/certcarc.asp").body()).contains("var nRenewals=0;");
  }
}
