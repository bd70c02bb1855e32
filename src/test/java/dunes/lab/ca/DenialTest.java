package dunes.lab.ca;

import static dunes.lab.ca.CertsrvTestClient.DENIED;
import static dunes.lab.ca.CertsrvTestClient.DOWNLOAD_DISPOSITION;
import static dunes.lab.ca.CertsrvTestClient.ISSUED;
import static dunes.lab.ca.CertsrvTestClient.PENDING_ID;
import static dunes.lab.ca.CertsrvTestClient.find;
import static org.assertj.core.api.Assertions.assertThat;

import dunes.lab.LabJournal;
import dunes.lab.ca.LabCertificateAuthority.Mode;
import java.io.StringWriter;
import java.net.http.HttpResponse;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Requests the CA turns down: by mode, by template, and requests it cannot read at all. */
class DenialTest {

  @Nested
  class InDenyMode {

    private final LabCaFixture lab = LabCaFixture.start("127.0.1.4", s -> s.withMode(Mode.DENY));

    @AfterEach
    void stop() {
      lab.close();
    }

    @Test
    void shouldDenyWithADispositionMessageAndKeepTheRequestId() {
      HttpResponse<String> page = lab.client.submit(TestCsr.vcoCluster().pem(), "WebServer");

      assertThat(find(ISSUED, page.body())).isEmpty();
      assertThat(page.body()).doesNotContain("Certificate Pending");
      assertThat(find(DENIED, page.body())).hasValue("Denied by Policy Module");
      String id = find(PENDING_ID, page.body()).orElseThrow();
      assertThat(find(DOWNLOAD_DISPOSITION, lab.client.getText("/certsrv/certnew.cer?ReqID=" + id + "&Enc=b64").body()))
          .hasValue("Denied by Policy Module");
      assertThat(lab.journal.entries("ca")).extracting(LabJournal.Entry::operation).containsExactly("submit", "deny");
    }
  }

  @Nested
  class ByPolicy {

    private final LabCaFixture lab = LabCaFixture.start("127.0.1.5");

    @AfterEach
    void stop() {
      lab.close();
    }

    @Test
    void shouldDenyATemplateItDoesNotKnow() {
      HttpResponse<String> page = lab.client.submit(TestCsr.vcoCluster().pem(), "User");

      assertThat(find(ISSUED, page.body())).isEmpty();
      assertThat(find(DENIED, page.body())).hasValueSatisfying(m -> assertThat(m)
          .contains("0x80094800").contains("not supported").endsWith("policy: User."));
      assertThat(lab.journal.entries("ca")).extracting(LabJournal.Entry::operation).containsExactly("submit", "deny");
    }

    @Test
    void shouldDenyARequestThatNamesNoTemplate() {
      HttpResponse<String> page = lab.client.post("/certsrv/certfnsh.asp", Map.of(
          "Mode", "newreq", "CertRequest", TestCsr.vcoCluster().pem(), "CertAttrib", "", "SaveCert", "yes"));

      assertThat(find(DENIED, page.body())).hasValueSatisfying(m -> assertThat(m).contains("0x80094801"));
      assertThat(lab.journal.count("ca", "deny")).isEqualTo(1);
    }

    @Test
    void shouldAnswerAnErrorPageWithoutRequestIdForGarbage() {
      HttpResponse<String> page = lab.client.submit("this is no certificate request", "WebServer");

      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(find(ISSUED, page.body())).isEmpty();
      assertThat(find(PENDING_ID, page.body())).isEmpty();
      assertThat(find(DENIED, page.body())).hasValueSatisfying(m -> assertThat(m).startsWith("Error Parsing Request"));
      assertThat(lab.journal.entries("ca")).isEmpty();
    }

    @Test
    void shouldRejectPemWhoseContentIsNoRequest() {
      String notBase64Der = "-----BEGIN CERTIFICATE REQUEST-----\nAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n-----END CERTIFICATE REQUEST-----\n";

      HttpResponse<String> page = lab.client.submit(notBase64Der, "WebServer");

      assertThat(find(DENIED, page.body())).hasValueSatisfying(m -> assertThat(m).startsWith("Error Parsing Request"));
      assertThat(lab.journal.entries("ca")).isEmpty();
    }

    @Test
    void shouldRejectARequestWhoseSignatureDoesNotVerify() throws Exception {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      var claimed = generator.generateKeyPair();
      var signer = generator.generateKeyPair();
      var csr = new JcaPKCS10CertificationRequestBuilder(new X500Principal("CN=impostor.lab.local"), claimed.getPublic())
          .build(new JcaContentSignerBuilder("SHA256withRSA").build(signer.getPrivate()));
      StringWriter pem = new StringWriter();
      try (JcaPEMWriter writer = new JcaPEMWriter(pem)) {
        writer.writeObject(csr);
      }

      HttpResponse<String> page = lab.client.submit(pem.toString(), "WebServer");

      assertThat(find(DENIED, page.body())).hasValueSatisfying(m -> assertThat(m).contains("signature"));
      assertThat(lab.journal.entries("ca")).isEmpty();
    }

    @Test
    void shouldDenyARequestThatNamesNobody() {
      TestCsr nameless = TestCsr.of(new X500Principal(""), List.of(), List.of());

      HttpResponse<String> page = lab.client.submit(nameless.pem(), "WebServer");

      assertThat(find(DENIED, page.body())).hasValueSatisfying(m -> assertThat(m).contains("0x80094001"));
      assertThat(lab.journal.entries("ca")).extracting(LabJournal.Entry::operation).containsExactly("submit", "deny");
    }

    @Test
    void shouldIssueForAnEmptySubjectWhenTheNamesAreInTheSan() throws Exception {
      TestCsr sanOnly = TestCsr.of(new X500Principal(""), List.of("vcvco.lab.local"), List.of());

      HttpResponse<String> page = lab.client.submit(sanOnly.pem(), "WebServer");

      String id = find(ISSUED, page.body()).orElseThrow(() -> new AssertionError(page.body()));

      X509Certificate leaf = CertsrvTestClient.certificate(
          lab.client.get("/certsrv/certnew.cer?ReqID=" + id + "&Enc=bin").body());
      assertThat(CertificateIssuanceTest.names(leaf)).containsExactly(List.of(2, "vcvco.lab.local"));
      assertThat(leaf.getCriticalExtensionOIDs()).as("RFC 5280: SAN critical when the subject is empty")
          .contains("2.5.29.17");
    }

    @Test
    void shouldSaySoForARequestIdItNeverGave() {
      HttpResponse<String> page = lab.client.getText("/certsrv/certnew.cer?ReqID=4711&Enc=b64");

      assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
      assertThat(find(DOWNLOAD_DISPOSITION, page.body())).hasValueSatisfying(m -> assertThat(m).contains("4711"));
    }

    @Test
    void shouldAcceptTheRequestAsBareBase64AsCertsrvDoes() {
      String bare = TestCsr.vcoCluster().pem().replaceAll("-----[A-Z ]+-----", "").trim();

      HttpResponse<String> page = lab.client.submit(bare, "WebServer");

      assertThat(find(ISSUED, page.body())).isPresent();
    }
  }
}
