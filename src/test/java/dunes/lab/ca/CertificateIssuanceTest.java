package dunes.lab.ca;

import static dunes.lab.ca.CertsrvTestClient.ISSUED;
import static dunes.lab.ca.CertsrvTestClient.find;
import static org.assertj.core.api.Assertions.assertThat;

import dunes.lab.LabJournal;
import dunes.pki.Fingerprints;
import java.io.StringReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.openssl.PEMParser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The issued path through certsrv, read by an independent client (JDK HttpClient, Bouncy Castle). */
class CertificateIssuanceTest {

  @Nested
  class WithRootOnly {

    private final LabCaFixture lab = LabCaFixture.start("127.0.1.1");

    @AfterEach
    void stop() {
      lab.close();
    }

    @Test
    void shouldIssueAWebServerCertificateWithTheRequestedNames() throws Exception {
      TestCsr csr = TestCsr.vcoCluster();

      HttpResponse<String> page = lab.client.submit(csr.pem(), "WebServer");

      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
      String id = find(ISSUED, page.body()).orElseThrow(() -> new AssertionError("no issued link in " + page.body()));
      HttpResponse<byte[]> download = lab.client.get("/certsrv/certnew.cer?ReqID=" + id + "&Enc=b64");
      assertThat(download.headers().firstValue("Content-Type")).hasValue("application/pkix-cert");
      assertThat(new String(download.body(), StandardCharsets.US_ASCII)).startsWith("-----BEGIN CERTIFICATE-----");
      X509Certificate leaf = CertsrvTestClient.certificate(download.body());
      assertThat(leaf.getSubjectX500Principal().getName()).contains("CN=vcvco.lab.local");
      assertThat(leaf.getPublicKey()).isEqualTo(csr.keys().getPublic());
      assertThat(names(leaf)).containsExactlyInAnyOrder(
          List.of(2, "vcvco.lab.local"), List.of(2, "vcvco1.lab.local"), List.of(2, "vcvco2.lab.local"),
          List.of(7, "127.0.0.10"), List.of(7, "127.0.0.11"));
      assertThat(leaf.getExtendedKeyUsage()).containsExactly(KeyPurposeId.id_kp_serverAuth.getId());
      boolean[] usage = leaf.getKeyUsage();
      assertThat(usage[0]).as("digitalSignature").isTrue();
      assertThat(usage[2]).as("keyEncipherment").isTrue();
      assertThat(usage[5]).as("keyCertSign").isFalse();
      assertThat(leaf.getBasicConstraints()).isEqualTo(-1);
      assertChainsTo(List.of(leaf), lab.ca.rootCertificate());
    }

    @Test
    void shouldIssueForAnEcKeyAsTheDocsSay() throws Exception {
      TestCsr csr = TestCsr.of(new javax.security.auth.x500.X500Principal("CN=ec.lab.local"), List.of("ec.lab.local"),
          List.of(), "EC");

      HttpResponse<String> page = lab.client.submit(csr.pem(), "WebServer");

      String id = find(ISSUED, page.body()).orElseThrow(() -> new AssertionError("not issued: " + page.body()));
      X509Certificate leaf = CertsrvTestClient.certificate(
          lab.client.get("/certsrv/certnew.cer?ReqID=" + id + "&Enc=b64").body());
      assertThat(leaf.getPublicKey()).isEqualTo(csr.keys().getPublic());
    }

    @Test
    void shouldServeTheSameCertificateDerEncoded() {
      String id = issue(TestCsr.vcoCluster());

      byte[] pem = lab.client.get("/certsrv/certnew.cer?ReqID=" + id + "&Enc=b64").body();
      HttpResponse<byte[]> der = lab.client.get("/certsrv/certnew.cer?ReqID=" + id + "&Enc=bin");

      assertThat(der.headers().firstValue("Content-Type")).hasValue("application/pkix-cert");
      assertThat(der.body()[0]).as("DER SEQUENCE tag").isEqualTo((byte) 0x30);
      assertThat(CertsrvTestClient.certificate(der.body())).isEqualTo(CertsrvTestClient.certificate(pem));
    }

    @Test
    void shouldOfferItsRootAsCaCertAndAnnounceNoRenewals() throws Exception {
      HttpResponse<String> caPage = lab.client.getText("/certsrv/certcarc.asp");
      assertThat(caPage.body()).contains("var nRenewals=0;");

      HttpResponse<byte[]> b64 = lab.client.get("/certsrv/certnew.cer?ReqID=CACert&Renewal=0&Enc=b64");
      HttpResponse<byte[]> bin = lab.client.get("/certsrv/certnew.cer?ReqID=CACert&Enc=bin");
      HttpResponse<byte[]> chain = lab.client.get("/certsrv/certnew.p7b?ReqID=CACert&Renewal=0&Enc=b64");

      assertThat(b64.headers().firstValue("Content-Type")).hasValue("application/pkix-cert");
      assertThat(CertsrvTestClient.certificate(b64.body())).isEqualTo(lab.ca.rootCertificate());
      assertThat(CertsrvTestClient.certificate(bin.body())).isEqualTo(lab.ca.rootCertificate());
      assertThat(chain.headers().firstValue("Content-Type")).hasValue("application/x-pkcs7-certificates");
      assertThat(pkcs7Pem(chain.body())).containsExactly(lab.ca.rootCertificate());
      X509Certificate root = lab.ca.rootCertificate();
      assertThat(root.getSubjectX500Principal()).isEqualTo(root.getIssuerX500Principal());
      assertThat(root.getBasicConstraints()).isGreaterThanOrEqualTo(0);
    }

    @Test
    void shouldAnswerNoRenewalThatDoesNotExist() {
      HttpResponse<String> page = lab.client.getText("/certsrv/certnew.cer?ReqID=CACert&Renewal=3&Enc=b64");

      assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
      assertThat(find(CertsrvTestClient.DOWNLOAD_DISPOSITION, page.body())).hasValueSatisfying(
          m -> assertThat(m).contains("renewal 3"));
    }

    @Test
    void shouldServeHttpsWithACertificateForItsNameIssuedByItself() throws Exception {
      HttpResponse<String> home = lab.client.getText("/certsrv/");

      assertThat(home.statusCode()).isEqualTo(200);
      X509Certificate served = (X509Certificate) home.sslSession().orElseThrow().getPeerCertificates()[0];
      assertThat(Fingerprints.sha256(served)).isEqualTo(lab.ca.tlsFingerprint());
      assertThat(names(served)).contains(List.of(2, "ca.lab.local"), List.of(7, "127.0.1.1"));
      assertThat(served.getIssuerX500Principal()).isEqualTo(lab.ca.rootCertificate().getSubjectX500Principal());
      assertThat(lab.ca.url().toString()).isEqualTo("https://127.0.1.1:" + lab.ca.port() + "/certsrv");
    }

    @Test
    void shouldMakeANewRequestWhenTheSameCsrIsSubmittedAgain() {
      TestCsr csr = TestCsr.vcoCluster();

      String first = issue(csr);
      String second = issue(csr);

      assertThat(second).isNotEqualTo(first);
      assertThat(lab.journal.count("ca", "submit")).isEqualTo(2);
      assertThat(lab.journal.count("ca", "issue")).isEqualTo(2);
    }

    @Test
    void shouldJournalTheSubmissionAndTheIssueUnderTheRequestId() {
      String id = issue(TestCsr.vcoCluster());

      List<LabJournal.Entry> entries = lab.journal.entries("ca");
      assertThat(entries).extracting(LabJournal.Entry::operation).containsExactly("submit", "issue");
      assertThat(entries).extracting(LabJournal.Entry::target).containsOnly(id);
      assertThat(entries.get(0).detail()).contains("CN=vcvco.lab.local").contains("template=WebServer");
      assertThat(lab.ca.request(Integer.parseInt(id))).hasValueSatisfying(r -> {
        assertThat(r.status()).isEqualTo(CertificateRequest.Status.ISSUED);
        assertThat(r.issued()).isPresent();
      });
    }

    @Test
    void shouldGiveConcurrentSubmissionsDistinctIdsAndOneCertificateEach() {
      TestCsr csr = TestCsr.vcoCluster();

      List<String> ids = IntStream.range(0, 16).parallel().mapToObj(i -> issue(csr)).toList();

      assertThat(ids).doesNotHaveDuplicates().hasSize(16);
      assertThat(lab.journal.count("ca", "issue")).isEqualTo(16);
      assertThat(lab.ca.requests()).extracting(CertificateRequest::certificate)
          .extracting(X509Certificate::getSerialNumber).doesNotHaveDuplicates();
    }

    private String issue(TestCsr csr) {
      return find(ISSUED, lab.client.submit(csr.pem(), "WebServer").body()).orElseThrow();
    }
  }

  @Nested
  class WithIntermediate {

    private final LabCaFixture lab = LabCaFixture.start("127.0.1.2", s -> s.withIntermediate(true));

    @AfterEach
    void stop() {
      lab.close();
    }

    @Test
    void shouldServeTheChainLeafIntermediateRootAsPkcs7() throws Exception {
      String id = find(ISSUED, lab.client.submit(TestCsr.vcoCluster().pem(), "WebServer").body()).orElseThrow();

      HttpResponse<byte[]> p7b = lab.client.get("/certsrv/certnew.p7b?ReqID=" + id + "&Enc=b64");

      assertThat(p7b.headers().firstValue("Content-Type")).hasValue("application/x-pkcs7-certificates");
      List<X509Certificate> chain = pkcs7Pem(p7b.body());
      assertThat(chain).hasSize(3);
      X509Certificate leaf = chain.get(0);
      X509Certificate intermediate = chain.get(1);
      assertThat(leaf.getSubjectX500Principal().getName()).contains("CN=vcvco.lab.local");
      assertThat(leaf.getIssuerX500Principal()).isEqualTo(intermediate.getSubjectX500Principal());
      assertThat(intermediate.getBasicConstraints()).isEqualTo(0);
      assertThat(chain.get(2)).isEqualTo(lab.ca.rootCertificate());
      assertChainsTo(chain.subList(0, 2), lab.ca.rootCertificate());
      assertThat(bouncyCastleCertificates(p7b.body())).hasSize(3);
    }

    @Test
    void shouldServeTheDerChainInTheSameOrder() {
      String id = find(ISSUED, lab.client.submit(TestCsr.vcoCluster().pem(), "WebServer").body()).orElseThrow();

      byte[] der = lab.client.get("/certsrv/certnew.p7b?ReqID=" + id + "&Enc=bin").body();

      assertThat(CertsrvTestClient.pkcs7(der)).extracting(c -> c.getSubjectX500Principal().getName())
          .containsExactly("CN=vcvco.lab.local,OU=Automation,O=Dunes Lab,C=DE",
              "CN=Dunes Lab Issuing CA,O=Dunes Lab", "CN=Dunes Lab Root CA,O=Dunes Lab");
    }

    @Test
    void shouldServeItsChainWithTheIssuingCaAsCaCert() {
      byte[] caCert = lab.client.get("/certsrv/certnew.cer?ReqID=CACert&Enc=bin").body();
      byte[] caChain = lab.client.get("/certsrv/certnew.p7b?ReqID=CACert&Enc=bin").body();

      // as on a two-tier AD CS, certsrv runs on the issuing CA: CACert is that CA, not the root
      assertThat(CertsrvTestClient.certificate(caCert)).isEqualTo(lab.ca.chain().get(0));
      assertThat(CertsrvTestClient.pkcs7(caChain)).containsExactlyElementsOf(lab.ca.chain());
      assertThat(lab.ca.chain()).last().isEqualTo(lab.ca.rootCertificate());
    }

    @Test
    void shouldPresentItsIntermediateOverTls() throws Exception {
      HttpResponse<String> home = lab.client.getText("/certsrv/");

      var peer = home.sslSession().orElseThrow().getPeerCertificates();
      assertThat(peer).hasSize(2);
      assertThat(peer[1]).isEqualTo(lab.ca.chain().get(0));
    }
  }

  /** The PEM (b64) form: a PKCS7 block, read by Bouncy Castle, then its order checked by the JDK. */
  static List<X509Certificate> pkcs7Pem(byte[] body) throws Exception {
    String text = new String(body, StandardCharsets.US_ASCII);
    assertThat(text).startsWith("-----BEGIN PKCS7-----");
    try (PEMParser parser = new PEMParser(new StringReader(text))) {
      ContentInfo info = (ContentInfo) parser.readObject();
      return CertsrvTestClient.pkcs7(info.getEncoded());
    }
  }

  private static Collection<X509CertificateHolder> bouncyCastleCertificates(byte[] pem) throws Exception {
    try (PEMParser parser = new PEMParser(new StringReader(new String(pem, StandardCharsets.US_ASCII)))) {
      return new CMSSignedData((ContentInfo) parser.readObject()).getCertificates().getMatches(null);
    }
  }

  /** Every name as [type, value], types 2 = DNS and 7 = IP as in X509Certificate. */
  static List<List<?>> names(X509Certificate certificate) throws Exception {
    Collection<List<?>> names = certificate.getSubjectAlternativeNames();
    return names == null ? List.of() : new ArrayList<>(names);
  }

  static void assertChainsTo(List<X509Certificate> path, X509Certificate root) throws Exception {
    PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(root, null)));
    parameters.setRevocationEnabled(false); // the lab CA publishes no CRL
    CertPathValidator.getInstance("PKIX").validate(
        CertificateFactory.getInstance("X.509").generateCertPath(path), parameters);
  }
}
