package dunes.lab.ca;

import static dunes.lab.ca.CertsrvTestClient.DENIED;
import static dunes.lab.ca.CertsrvTestClient.DOWNLOAD_DISPOSITION;
import static dunes.lab.ca.CertsrvTestClient.ISSUED;
import static dunes.lab.ca.CertsrvTestClient.PENDING_ID;
import static dunes.lab.ca.CertsrvTestClient.find;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dunes.lab.LabJournal;
import dunes.lab.ca.LabCertificateAuthority.Mode;
import java.net.http.HttpResponse;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A CA manager in the loop: requests wait until approved or denied, through Java or /lab/. */
class PendingApprovalTest {

  private final LabCaFixture lab = LabCaFixture.start("127.0.1.3", s -> s.withMode(Mode.PENDING));

  @AfterEach
  void stop() {
    lab.close();
  }

  @Test
  void shouldHoldTheRequestPendingWithItsId() {
    HttpResponse<String> page = lab.client.submit(TestCsr.vcoCluster().pem(), "WebServer");

    assertThat(page.body()).contains("Certificate Pending");
    assertThat(find(ISSUED, page.body())).isEmpty();
    String id = find(PENDING_ID, page.body()).orElseThrow();
    HttpResponse<String> download = lab.client.getText("/certsrv/certnew.cer?ReqID=" + id + "&Enc=b64");
    assertThat(download.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
    assertThat(find(DOWNLOAD_DISPOSITION, download.body())).hasValue("Taken Under Submission");
    assertThat(find(DOWNLOAD_DISPOSITION, lab.client.getText("/certsrv/certnew.p7b?ReqID=" + id + "&Enc=b64").body()))
        .hasValue("Taken Under Submission");
  }

  @Test
  void shouldIssueOnceApprovedSoThePollingClientGetsTheCertificate() {
    TestCsr csr = TestCsr.vcoCluster();
    int id = Integer.parseInt(find(PENDING_ID, lab.client.submit(csr.pem(), "WebServer").body()).orElseThrow());

    CompletableFuture.runAsync(() -> lab.ca.approve(id)); // the approver acts while the client polls
    HttpResponse<byte[]> issued = await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
        .until(() -> lab.client.get("/certsrv/certnew.cer?ReqID=" + id + "&Enc=bin"),
            r -> r.headers().firstValue("Content-Type").orElse("").equals("application/pkix-cert"));

    X509Certificate leaf = CertsrvTestClient.certificate(issued.body());
    assertThat(leaf.getPublicKey()).isEqualTo(csr.keys().getPublic());
    assertThat(lab.journal.entries("ca")).extracting(LabJournal.Entry::operation)
        .containsExactly("submit", "pend", "approve", "issue");
    assertThat(lab.journal.entries("ca")).extracting(LabJournal.Entry::target).containsOnly(String.valueOf(id));
  }

  @Test
  void shouldShowTheManagersMessageOnceDenied() {
    int id = Integer.parseInt(find(PENDING_ID, lab.client.submit(TestCsr.vcoCluster().pem(), "WebServer").body())
        .orElseThrow());

    CertificateRequest denied = lab.ca.deny(id, "Names outside the \"lab\" zone");

    assertThat(denied.status()).isEqualTo(CertificateRequest.Status.DENIED);
    HttpResponse<String> download = lab.client.getText("/certsrv/certnew.cer?ReqID=" + id + "&Enc=b64");
    assertThat(find(DOWNLOAD_DISPOSITION, download.body())).hasValue("Names outside the &quot;lab&quot; zone");
    assertThat(lab.journal.entries("ca")).extracting(LabJournal.Entry::operation)
        .containsExactly("submit", "pend", "deny");
    assertThatThrownBy(() -> lab.ca.approve(id)).isInstanceOf(IllegalStateException.class).hasMessageContaining("DENIED");
  }

  @Test
  void shouldRefuseToDecideARequestTwiceOrOneThatDoesNotExist() {
    int id = Integer.parseInt(find(PENDING_ID, lab.client.submit(TestCsr.vcoCluster().pem(), "WebServer").body())
        .orElseThrow());
    lab.ca.approve(id);

    assertThatThrownBy(() -> lab.ca.approve(id)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> lab.ca.deny(id, "too late")).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> lab.ca.approve(999)).isInstanceOf(IllegalArgumentException.class);
    assertThat(lab.journal.count("ca", "issue")).isEqualTo(1);
  }

  @Test
  void shouldBeDecidedThroughTheLabPages() {
    int approved = Integer.parseInt(find(PENDING_ID, lab.client.submit(TestCsr.vcoCluster().pem(), "WebServer").body())
        .orElseThrow());
    int denied = Integer.parseInt(find(PENDING_ID, lab.client.submit(TestCsr.vcoCluster().pem(), "WebServer").body())
        .orElseThrow());

    HttpResponse<String> approve = lab.client.post("/lab/requests/" + approved + "/approve", Map.of());
    HttpResponse<String> deny = lab.client.post("/lab/requests/" + denied + "/deny", Map.of("message", "Not today"));
    HttpResponse<String> again = lab.client.post("/lab/requests/" + approved + "/approve", Map.of());
    HttpResponse<String> list = lab.client.getText("/lab/requests");

    assertThat(approve.statusCode()).isEqualTo(200);
    assertThat(deny.statusCode()).isEqualTo(200);
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(lab.client.get("/certsrv/certnew.cer?ReqID=" + approved + "&Enc=b64").headers()
        .firstValue("Content-Type")).hasValue("application/pkix-cert");
    assertThat(find(DOWNLOAD_DISPOSITION, lab.client.getText("/certsrv/certnew.cer?ReqID=" + denied).body()))
        .hasValue("Not today");
    assertThat(list.body()).contains(approved + "\tISSUED\t").contains(denied + "\tDENIED\t");
  }

  @Test
  void shouldSwitchModeThroughTheLabPagesForLaterRequestsOnly() {
    int held = Integer.parseInt(find(PENDING_ID, lab.client.submit(TestCsr.vcoCluster().pem(), "WebServer").body())
        .orElseThrow());

    HttpResponse<String> switched = lab.client.post("/lab/mode", Map.of("mode", "auto_issue"));
    HttpResponse<String> page = lab.client.submit(TestCsr.vcoCluster().pem(), "WebServer");
    HttpResponse<String> bad = lab.client.post("/lab/mode", Map.of("mode", "sometimes"));

    assertThat(switched.statusCode()).isEqualTo(200);
    assertThat(lab.ca.mode()).isEqualTo(Mode.AUTO_ISSUE);
    assertThat(find(ISSUED, page.body())).isPresent();
    assertThat(lab.ca.request(held)).hasValueSatisfying(
        r -> assertThat(r.status()).isEqualTo(CertificateRequest.Status.PENDING));
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(find(DENIED, page.body())).isEmpty();
  }
}
