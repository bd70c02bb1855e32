package dunes.pki.certsrv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dunes.lab.LabJournal;
import dunes.lab.ca.LabCertificateAuthority.Mode;
import dunes.secrets.TestSecrets;
import java.net.InetAddress;
import java.net.URI;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.hc.client5.http.impl.InMemoryDnsResolver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The client against a real lab CA (HTTPS pinned to its certificate, Basic): issued, pending, denied (127.0.13.10–.29). */
class HttpCertsrvClientTest {

  private CertsrvLab lab;

  @AfterEach
  void stop() {
    if (lab != null) {
      lab.close();
    }
  }

  @Test
  void shouldIssueAtOnceAndFetchTheLeafWithItsChain() {
    lab = new CertsrvLab("127.0.13.10", s -> s.withIntermediate(true));
    TestCsr csr = TestCsr.vcoCluster();

    Submission submission = lab.client().submit(lab.target(), csr.pem());
    long id = submission.requestId().orElseThrow();
    Status status = lab.client().status(lab.target(), id);
    Issued issued = lab.client().fetch(lab.target(), id);

    assertThat(submission.disposition()).isEqualTo(Disposition.ISSUED);
    assertThat(submission.message()).isEmpty();
    assertThat(status).isEqualTo(new Status(id, Disposition.ISSUED, ""));
    assertThat(issued.leaf().getPublicKey()).isEqualTo(csr.keys().getPublic());
    assertThat(issued.leaf().getSubjectX500Principal().getName()).startsWith("CN=vcvco.lab.local");
    assertThat(issued.chain()).as("leaf, issuing CA, root, as the lab's PKCS#7 holds them")
        .containsExactly(issued.leaf(), lab.ca.chain().get(0), lab.ca.rootCertificate());
    assertThat(issued.root()).hasValue(lab.ca.rootCertificate());
    assertThat(lab.ca.request((int) id)).hasValueSatisfying(r -> assertThat(r.certificate()).isEqualTo(issued.leaf()));
    assertThat(lab.journal.entries("ca")).extracting(LabJournal.Entry::operation).containsExactly("submit", "issue");
  }

  @Test
  void shouldHoldARequestPendingUntilTheManagerApprovesIt() {
    lab = new CertsrvLab("127.0.13.11", s -> s.withMode(Mode.PENDING));
    TestCsr csr = TestCsr.vcoCluster();

    Submission submission = lab.client().submit(lab.target(), csr.pem());
    long id = submission.requestId().orElseThrow();
    Status waiting = lab.client().status(lab.target(), id);
    lab.approve(id);
    Status approved = lab.client().status(lab.target(), id);
    Issued issued = lab.client().fetch(lab.target(), id);

    assertThat(submission).isEqualTo(new Submission(Disposition.PENDING, OptionalLong.of(id), ""));
    assertThat(waiting).isEqualTo(new Status(id, Disposition.PENDING, "Taken Under Submission"));
    assertThat(approved).isEqualTo(new Status(id, Disposition.ISSUED, ""));
    assertThat(issued.leaf().getPublicKey()).isEqualTo(csr.keys().getPublic());
    assertThat(issued.chain()).containsExactly(issued.leaf(), lab.ca.rootCertificate());
    assertThat(lab.journal.entries("ca")).extracting(LabJournal.Entry::operation)
        .containsExactly("submit", "pend", "approve", "issue");
  }

  @Test
  void shouldReportAPendingRequestTheManagerDeniedWithTheManagersMessage() {
    lab = new CertsrvLab("127.0.13.12", s -> s.withMode(Mode.PENDING));
    long id = lab.client().submit(lab.target(), TestCsr.vcoCluster().pem()).requestId().orElseThrow();

    lab.deny(id, "Names outside the \"lab\" zone & no change ticket");
    Status status = lab.client().status(lab.target(), id);

    assertThat(status).isEqualTo(new Status(id, Disposition.DENIED, "Names outside the \"lab\" zone & no change ticket"));
    assertThatThrownBy(() -> lab.client().fetch(lab.target(), id))
        .isInstanceOf(CertsrvProtocolException.class)
        .hasMessageContaining("holds no certificate for request " + id + ", it is DENIED")
        .hasMessageContaining("Names outside the \"lab\" zone");
  }

  @Test
  void shouldRefuseToFetchARequestThatIsStillPending() {
    lab = new CertsrvLab("127.0.13.13", s -> s.withMode(Mode.PENDING));
    long id = lab.client().submit(lab.target(), TestCsr.vcoCluster().pem()).requestId().orElseThrow();

    assertThatThrownBy(() -> lab.client().fetch(lab.target(), id))
        .isInstanceOf(CertsrvProtocolException.class)
        .hasMessageContaining("(GET certnew.p7b?ReqID=" + id + "&Enc=b64) holds no certificate for request " + id
            + ", it is PENDING (\"Taken Under Submission\"); expected an issued request");
  }

  @Test
  void shouldReportADenialByPolicyAtSubmitWithItsRequestIdAndMessage() {
    lab = new CertsrvLab("127.0.13.14", s -> s.withMode(Mode.DENY));

    Submission submission = lab.client().submit(lab.target(), TestCsr.vcoCluster().pem());

    assertThat(submission).isEqualTo(new Submission(Disposition.DENIED, OptionalLong.of(1), "Denied by Policy Module"));
    assertThat(lab.client().status(lab.target(), 1)).isEqualTo(new Status(1, Disposition.DENIED, "Denied by Policy Module"));
    assertThat(lab.journal.entries("ca")).extracting(LabJournal.Entry::operation).containsExactly("submit", "deny");
  }

  @Test
  void shouldReportATemplateTheCaDoesNotOfferAsDenied() {
    lab = new CertsrvLab("127.0.13.15");
    CertsrvPort.Target codeSigning = CertsrvPort.Target.https(lab.ca.url(), lab.ca.tlsFingerprint(), CertsrvLab.USER,
        CertsrvLab.PASSWORD, "CodeSigning", CertsrvAuthentication.BASIC);

    Submission submission = lab.client().submit(codeSigning, TestCsr.vcoCluster().pem());

    assertThat(submission.disposition()).isEqualTo(Disposition.DENIED);
    assertThat(submission.requestId()).hasValue(1);
    assertThat(submission.message()).startsWith("Denied by Policy Module 0x80094800, The request was for a certificate "
        + "template that is not supported").endsWith("policy: CodeSigning.");
  }

  @Test
  void shouldReportARequestTheCaCannotReadAsDeniedWithoutARequestId() {
    lab = new CertsrvLab("127.0.13.16");

    Submission submission = lab.client().submit(lab.target(),
        "-----BEGIN CERTIFICATE REQUEST-----\nTm90IGEgQ1NS\n-----END CERTIFICATE REQUEST-----\n");

    assertThat(submission.disposition()).isEqualTo(Disposition.DENIED);
    assertThat(submission.requestId()).isEmpty();
    assertThat(submission.message()).startsWith("Error Parsing Request");
    assertThat(lab.journal.entries("ca")).isEmpty();
  }

  @Test
  void shouldReportARequestTheCaDoesNotKnowAsDeniedWithTheCasMessage() {
    lab = new CertsrvLab("127.0.13.17");

    Status status = lab.client().status(lab.target(), 99);

    assertThat(status).isEqualTo(new Status(99, Disposition.DENIED, "The lab CA has no request '99'."));
  }

  @Test
  void shouldMakeANewRequestForEachSubmissionSoTheCallerKeepsTheId() {
    lab = new CertsrvLab("127.0.13.18");
    TestCsr csr = TestCsr.vcoCluster();

    long first = lab.client().submit(lab.target(), csr.pem()).requestId().orElseThrow();
    long second = lab.client().submit(lab.target(), csr.pem()).requestId().orElseThrow();

    assertThat(second).isEqualTo(first + 1);
    assertThat(lab.journal.count("ca", "issue")).isEqualTo(2);
  }

  @Test
  void shouldRefuseInputsThatMustNotReachTheCa() {
    lab = new CertsrvLab("127.0.13.19");
    String withKey = TestCsr.vcoCluster().pem() + "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n";

    assertThatThrownBy(() -> lab.client().submit(lab.target(), withKey))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("refusing to send a private key");
    assertThatThrownBy(() -> CertsrvPort.Target.https(lab.ca.url(), lab.ca.tlsFingerprint(), CertsrvLab.USER,
        CertsrvLab.PASSWORD, "WebServer\r\nSAN:dns=evil.example", CertsrvAuthentication.BASIC))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("template name");
    assertThatThrownBy(() -> lab.client().status(lab.target(), 0)).isInstanceOf(IllegalArgumentException.class);
    assertThat(lab.journal.entries("ca")).isEmpty();
  }

  @Test
  void shouldReachTheCaByNameThroughTheConfiguredResolver() throws Exception {
    lab = new CertsrvLab("127.0.13.20");
    InMemoryDnsResolver names = new InMemoryDnsResolver();
    names.add("ca.lab.local", InetAddress.getByName("127.0.13.20"));
    HttpCertsrvClient client = new HttpCertsrvClient(CertsrvProperties.defaults(),
        TestSecrets.onLoopback(Map.of(CertsrvLab.PASSWORD.name(), lab.password)), names);
    CertsrvPort.Target byName = CertsrvPort.Target.https(
        URI.create("https://ca.lab.local:" + lab.ca.port() + "/certsrv/"),
        lab.ca.tlsFingerprint().replace(":", "").toLowerCase(), CertsrvLab.USER, CertsrvLab.PASSWORD, " WebServer ",
        CertsrvAuthentication.BASIC);

    Submission submission = client.submit(byName, TestCsr.vcoCluster().pem());

    assertThat(submission.disposition()).isEqualTo(Disposition.ISSUED);
    assertThat(byName).hasToString("https://ca.lab.local:" + lab.ca.port() + "/certsrv");
    assertThat(byName.fingerprint()).isEqualTo(lab.ca.tlsFingerprint());
    assertThat(lab.ca.request(1)).hasValueSatisfying(r -> assertThat(r.template()).isEqualTo("WebServer"));
  }
}
