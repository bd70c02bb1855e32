package dunes.pki.certsrv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dunes.lab.LabFaults;
import dunes.lab.LabJournal;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** What the client says when the CA refuses, is not there, is not the pinned one, or answers the unexpected (127.0.13.30–.49). */
@ExtendWith(OutputCaptureExtension.class)
class HttpCertsrvClientFailureTest {

  static final String OTHER_FINGERPRINT = "AB:".repeat(31) + "AB";

  private CertsrvLab lab;
  private UnexpectedCertsrv unexpected;

  @AfterEach
  void stop() {
    if (lab != null) {
      lab.close();
    }
    if (unexpected != null) {
      unexpected.close();
    }
  }

  @Test
  void shouldSayTheLoginWasRefusedWithoutShowingAPassword(CapturedOutput output) {
    lab = new CertsrvLab("127.0.13.30");
    String wrong = "wrong-" + lab.password;
    HttpCertsrvClient client = CertsrvLab.clientWith(wrong, CertsrvProperties.defaults());

    assertThatThrownBy(() -> client.submit(lab.target(), TestCsr.vcoCluster().pem()))
        .isInstanceOf(CertsrvAuthenticationException.class)
        .hasMessageContaining("(POST certfnsh.asp) refused the Basic login of 'LAB\\enroll' with the password from "
            + "secret 'ca-enroll' (HTTP 401; the server offers Basic)")
        .message().doesNotContain(wrong).doesNotContain(lab.password);
    assertThatThrownBy(() -> client.status(lab.target(), 1)).isInstanceOf(CertsrvAuthenticationException.class);
    assertThat(lab.journal.entries("ca")).isEmpty();
    assertThat(output).doesNotContain(wrong).doesNotContain(lab.password);
  }

  @Test
  void shouldReportA503AsRetryableAndIssueOnTheRetry() {
    lab = new CertsrvLab("127.0.13.31");
    lab.faults.inject("ca:certfnsh", LabFaults.Kind.HTTP_503, 1);
    String csr = TestCsr.vcoCluster().pem();

    assertThatThrownBy(() -> lab.client().submit(lab.target(), csr))
        .isInstanceOfSatisfying(CertsrvUnavailableException.class, e -> assertThat(e.answered()).isTrue())
        .hasMessageContaining("(POST certfnsh.asp) answered HTTP 503 (\"lab fault injected at ca:certfnsh: service "
            + "starting\"); retry later");
    Submission retried = lab.client().submit(lab.target(), csr);

    assertThat(retried.disposition()).isEqualTo(Disposition.ISSUED);
    assertThat(lab.journal.entries("ca")).extracting(LabJournal.Entry::operation).containsExactly("submit", "issue");
  }

  @Test
  void shouldReportACaThatIsNotListeningAsRetryable() {
    lab = new CertsrvLab("127.0.13.32");
    CertsrvPort.Target target = lab.target();
    lab.close();

    assertThatThrownBy(() -> lab.client().status(target, 1))
        .isInstanceOfSatisfying(CertsrvUnavailableException.class, e -> assertThat(e.answered()).isFalse())
        .hasMessageContaining("refused the connection");
  }

  @Test
  void shouldReportASilentCaAsRetryable() {
    lab = new CertsrvLab("127.0.13.33");
    lab.faults.inject("ca:certnew", LabFaults.Kind.TIMEOUT, 1);
    HttpCertsrvClient impatient = CertsrvLab.clientWith(lab.password,
        new CertsrvProperties(Duration.ofSeconds(2), Duration.ofMillis(500)));

    assertThatThrownBy(() -> impatient.fetch(lab.target(), 1))
        .isInstanceOfSatisfying(CertsrvUnavailableException.class, e -> assertThat(e.answered()).isFalse())
        .hasMessageContaining("(GET certnew.p7b?ReqID=1&Enc=b64) gave no answer: SocketTimeoutException");
  }

  @Test
  void shouldReportAConnectionCutOffAsRetryable() {
    lab = new CertsrvLab("127.0.13.34");
    lab.faults.inject("ca:certfnsh", LabFaults.Kind.RESET, 1);

    assertThatThrownBy(() -> lab.client().submit(lab.target(), TestCsr.vcoCluster().pem()))
        .isInstanceOfSatisfying(CertsrvUnavailableException.class, e -> assertThat(e.answered()).isFalse())
        .hasMessageContaining("(POST certfnsh.asp) gave no answer");
  }

  @Test
  void shouldRefuseACaWhoseCertificateIsNotThePinnedOneBeforeAnyRequest() {
    lab = new CertsrvLab("127.0.13.35");
    lab.faults.inject("ca", LabFaults.Kind.HTTP_500, 1); // a request that reached the CA would use this up

    assertThatThrownBy(() -> lab.client().submit(lab.target(OTHER_FINGERPRINT), TestCsr.vcoCluster().pem()))
        .isInstanceOf(CertsrvTrustException.class)
        .hasMessageContaining("TLS refused before any request")
        .hasMessageContaining("not the pinned " + OTHER_FINGERPRINT)
        .hasMessageContaining(lab.ca.tlsFingerprint())
        .message().doesNotContain(lab.password);
    assertThat(lab.faults.next("ca:certfnsh")).as("no request reached the CA").hasValue(LabFaults.Kind.HTTP_500);
    assertThat(lab.journal.entries("ca")).isEmpty();
  }

  @Test
  void shouldNameWhatWasExpectedAndQuoteAShortExcerptOfAnUnexpectedPage() {
    String tail = "THE-END-OF-THE-PAGE";
    unexpected = new UnexpectedCertsrv("127.0.13.36", 200, "text/html; charset=utf-8", "<html><head>"
        + "<title>Sign in</title><script>var secretToken = 'abc';</script><style>p { color: red }</style></head>"
        + "<body><h1>Corporate&nbsp;Proxy</h1><p>Your session expired. Please <b>sign in</b> again.</p>"
        + "<p>" + "Lorem ipsum dolor sit amet. ".repeat(40) + tail + "</p></body></html>");
    HttpCertsrvClient client = CertsrvLab.clientWith("pw-36", CertsrvProperties.defaults());

    assertThatThrownBy(() -> client.submit(unexpected.target(), TestCsr.vcoCluster().pem()))
        .isInstanceOf(CertsrvProtocolException.class)
        .hasMessageContaining("(POST certfnsh.asp) answered a page without a link certnew.cer?ReqID=N (issued), "
            + "\"Certificate Pending\" with \"Your Request Id is N\" (pending) or 'The disposition message is \"…\"' "
            + "(denied): \"Sign in Corporate Proxy Your session expired. Please sign in again. Lorem ipsum")
        .message().doesNotContain(tail).doesNotContain("<").doesNotContain("secretToken").doesNotContain("color")
        .hasSizeLessThan(600);
    assertThat(unexpected.requests).hasValue(1);
  }

  @Test
  void shouldMaskThePasswordShouldAPageEchoIt(CapturedOutput output) {
    String password = "pw-echoed-37";
    unexpected = new UnexpectedCertsrv("127.0.13.37", 500, "text/html",
        "<html><body><p>Login for LAB\\enroll with " + password + " failed in the backend</p></body></html>");
    HttpCertsrvClient client = CertsrvLab.clientWith(password, CertsrvProperties.defaults());

    assertThatThrownBy(() -> client.status(unexpected.target(), 4))
        .isInstanceOf(CertsrvProtocolException.class)
        .hasMessageContaining("(GET certnew.cer?ReqID=4&Enc=bin) answered HTTP 500, expected 200: "
            + "\"Login for LAB\\enroll with **** failed in the backend\"")
        .message().doesNotContain(password);
    assertThat(output).doesNotContain(password);
  }

  @Test
  void shouldNameWhatWasExpectedWhenTheCertificateIsNone() {
    unexpected = new UnexpectedCertsrv("127.0.13.38", 200, "application/pkix-cert", "this is no certificate");

    assertThatThrownBy(() -> CertsrvLab.clientWith("pw-38", CertsrvProperties.defaults()).status(unexpected.target(), 3))
        .isInstanceOf(CertsrvProtocolException.class)
        .hasMessageContaining("(GET certnew.cer?ReqID=3&Enc=bin) answered not an X.509 certificate")
        .hasMessageContaining("expected a certificate (application/pkix-cert) or a page with \"Disposition message:\" "
            + "(pending or denied): \"this is no certificate\"");
  }

  @Test
  void shouldNameWhatWasExpectedWhenTheChainIsNone() {
    unexpected = new UnexpectedCertsrv("127.0.13.39", 200, "application/x-pkcs7-certificates",
        "-----BEGIN PKCS7-----\r\nnot base64 at all!\r\n-----END PKCS7-----\r\n");

    assertThatThrownBy(() -> CertsrvLab.clientWith("pw-39", CertsrvProperties.defaults()).fetch(unexpected.target(), 3))
        .isInstanceOf(CertsrvProtocolException.class)
        .hasMessageContaining("(GET certnew.p7b?ReqID=3&Enc=b64) answered neither base64 nor DER")
        .hasMessageContaining("expected a base64 PKCS#7 (application/x-pkcs7-certificates) with the certificate and "
            + "its CA chain");
  }

  @Test
  void shouldReportTheLabsGarbageKnobOnADownloadAsAProtocolFault() {
    lab = new CertsrvLab("127.0.13.42");
    long id = lab.client().submit(lab.target(), TestCsr.vcoCluster().pem()).requestId().orElseThrow();
    lab.faults.inject("ca:certnew", LabFaults.Kind.GARBAGE, 2);

    // random bytes: whether they read as a broken certificate or a broken page, nothing is taken from them
    assertThatThrownBy(() -> lab.client().status(lab.target(), id))
        .isInstanceOf(CertsrvProtocolException.class)
        .hasMessageContaining("(GET certnew.cer?ReqID=" + id + "&Enc=bin) answered ")
        .hasMessageContaining("expected");
    assertThatThrownBy(() -> lab.client().fetch(lab.target(), id))
        .isInstanceOf(CertsrvProtocolException.class)
        .hasMessageContaining("(GET certnew.p7b?ReqID=" + id + "&Enc=b64) ")
        .hasMessageContaining("expected");
    assertThat(lab.client().fetch(lab.target(), id).leaf()).isEqualTo(lab.ca.request((int) id).orElseThrow().certificate());
  }

  @Test
  void shouldReportAnotherStatusAsAProtocolFault() {
    lab = new CertsrvLab("127.0.13.40");
    lab.faults.inject("ca:certfnsh", LabFaults.Kind.HTTP_500, 1);

    assertThatThrownBy(() -> lab.client().submit(lab.target(), TestCsr.vcoCluster().pem()))
        .isInstanceOf(CertsrvProtocolException.class)
        .hasMessageContaining("(POST certfnsh.asp) answered HTTP 500, expected 200: \"lab fault injected at ca:certfnsh\"");
  }

  @Test
  void shouldKeepThePasswordOutOfTheLogThroughAWholeEnrolment(CapturedOutput output) {
    lab = new CertsrvLab("127.0.13.41", s -> s.withMode(dunes.lab.ca.LabCertificateAuthority.Mode.PENDING));

    long id = lab.client().submit(lab.target(), TestCsr.vcoCluster().pem()).requestId().orElseThrow();
    lab.client().status(lab.target(), id);
    lab.approve(id);
    lab.client().status(lab.target(), id);
    lab.client().fetch(lab.target(), id);

    assertThat(output).contains("certsrv at " + lab.target() + ": template WebServer PENDING request " + id)
        .contains("fetched request " + id).doesNotContain(lab.password);
  }
}
