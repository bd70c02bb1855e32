package dunes.lab.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dunes.lab.LabCertificates;
import dunes.lab.node.ConfigurationWorkflows.Outcome;
import dunes.lab.node.ConfigurationWorkflows.Parameter;
import dunes.pki.keys.CertificateChains;
import dunes.pki.keys.CertificateRequests;
import java.math.BigInteger;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;
import org.junit.jupiter.api.Test;

/** The lab's package-signing certificate workflows (field guide, "Create Package Signing Certificate"). */
class PackageSigningWorkflowsTest {

  static final String SUBJECT = "CN=vcvco.domain.local,OU=IT,O=Domain,C=US";

  final ConfigurationWorkflows workflows = new ConfigurationWorkflows(new LabVcoDatabase());

  @Test
  void shouldCreateTheSelfSignedCertificateOnceForOneSubject() {
    Outcome first = create("vcvco.domain.local", "us");
    X509Certificate created = workflows.packageSigningChain().get(0);
    Outcome again = create("vcvco.domain.local", "US");
    Outcome otherSubject = create("vcvco2.domain.local", "US");

    assertThat(first).isEqualTo(Outcome.DONE);
    assertThat(again).isEqualTo(Outcome.DONE);
    assertThat(otherSubject.error()).isEqualTo("A package signing certificate for '" + SUBJECT + "' already exists;"
        + " it cannot be created again for 'CN=vcvco2.domain.local,OU=IT,O=Domain,C=US'");
    assertThat(workflows.packageSigningChain()).containsExactly(created);
    assertThat(created.getSubjectX500Principal().getName()).isEqualTo(SUBJECT);
    assertThat(created.getIssuerX500Principal()).isEqualTo(created.getSubjectX500Principal());
    assertThat(((RSAPublicKey) created.getPublicKey()).getModulus().bitLength()).isEqualTo(2048);
  }

  @Test
  void shouldExportARequestSignedByThePackageSigningKey() throws Exception {
    Outcome none = workflows.run(ConfigurationWorkflows.EXPORT_SIGNING_CSR, Map.of());
    create("vcvco.domain.local", "US");

    Outcome exported = workflows.run(ConfigurationWorkflows.EXPORT_SIGNING_CSR, Map.of());

    assertThat(none.error()).isEqualTo("There is no package signing certificate: run 'Create package signing"
        + " certificate' first");
    assertThat(none.outputs()).isEmpty();
    assertThat(exported.error()).isNull();
    assertThat(exported.outputs()).containsOnlyKeys("csr");
    PKCS10CertificationRequest request = CertificateRequests.parse(exported.outputs().get("csr"));
    assertThat(new X500Principal(request.getSubject().getEncoded()).getName()).isEqualTo(SUBJECT);
    assertThat(new JcaPKCS10CertificationRequest(request).getPublicKey())
        .isEqualTo(workflows.packageSigningChain().get(0).getPublicKey());
  }

  @Test
  void shouldKnowEachTrustedCertificateOnce() {
    X509Certificate root = LabCertificates.selfSigned("Lab Root CA", List.of(), List.of()).certificate();
    X509Certificate other = LabCertificates.selfSigned("Other CA", List.of(), List.of()).certificate();

    trust(CertificateChains.pem(root));
    trust(CertificateChains.pem(root));
    trust(CertificateChains.pem(other));
    Outcome two = trust(CertificateChains.pem(List.of(root, other)));
    Outcome garbage = trust("not a certificate");

    assertThat(workflows.knownCertificates()).containsExactly(root, other);
    assertThat(two.error()).isEqualTo("Expected one certificate, found 2");
    assertThat(garbage.error()).startsWith("Invalid PEM certificate: ");
  }

  @Test
  void shouldRefuseAChainForAnotherKey() {
    create("vcvco.domain.local", "US");
    X509Certificate selfSigned = workflows.packageSigningChain().get(0);
    LabCertificates.Issued root = LabCertificates.selfSigned("Lab Root CA", List.of(), List.of());
    trust(CertificateChains.pem(root.certificate()));
    X509Certificate otherKey = issue(root, SUBJECT,
        LabCertificates.selfSigned("vcvco.domain.local", List.of(), List.of()).keys().getPublic());

    Outcome refused = install(CertificateChains.pem(List.of(otherKey, root.certificate())));

    assertThat(refused.error()).startsWith("The certificate '" + SUBJECT + "' (SHA-256 ")
        .endsWith(") is not for the package signing key of '" + SUBJECT
            + "': it was issued for another certificate signing request");
    assertThat(workflows.packageSigningChain()).containsExactly(selfSigned);
  }

  @Test
  void shouldReplaceTheSelfSignedCertificateByTheChainOnceItsRootIsKnown() throws Exception {
    create("vcvco.domain.local", "US");
    String csr = workflows.run(ConfigurationWorkflows.EXPORT_SIGNING_CSR, Map.of()).outputs().get("csr");
    LabCertificates.Issued root = LabCertificates.selfSigned("Lab Root CA", List.of(), List.of());
    X509Certificate leaf = issue(root, SUBJECT,
        new JcaPKCS10CertificationRequest(CertificateRequests.parse(csr)).getPublicKey());

    Outcome untrusted = install(CertificateChains.pem(leaf));
    trust(CertificateChains.pem(root.certificate()));
    Outcome leafOnly = install(CertificateChains.pem(leaf));
    Outcome withRoot = install(CertificateChains.pem(List.of(leaf, root.certificate())));
    Outcome again = install(CertificateChains.pem(List.of(leaf, root.certificate())));

    assertThat(untrusted.error()).isEqualTo("The certificate '" + SUBJECT + "' is not trusted: import the"
        + " certificate of its issuer 'O=Dunes Lab,CN=Lab Root CA' as a trusted certificate first");
    assertThat(leafOnly).isEqualTo(Outcome.DONE);
    assertThat(withRoot).isEqualTo(Outcome.DONE);
    assertThat(again).isEqualTo(Outcome.DONE);
    assertThat(workflows.packageSigningChain()).containsExactly(leaf, root.certificate());
    assertThat(workflows.run(ConfigurationWorkflows.EXPORT_SIGNING_CSR, Map.of()).error())
        .as("the key stays: a new request can still be exported").isNull();
  }

  private Outcome create(String commonName, String country) {
    return workflows.run(ConfigurationWorkflows.CREATE_SIGNING_CERTIFICATE, Map.of(
        "commonName", string("commonName", commonName), "organization", string("organization", "Domain"),
        "organizationalUnit", string("organizationalUnit", "IT"), "country", string("country", country)));
  }

  private Outcome trust(String pem) {
    return workflows.run(ConfigurationWorkflows.IMPORT_TRUSTED_CERTIFICATE, Map.of("pem", string("pem", pem)));
  }

  private Outcome install(String pem) {
    return workflows.run(ConfigurationWorkflows.IMPORT_SIGNING_CERTIFICATE, Map.of("pem", string("pem", pem)));
  }

  /** What the CA's "Web Server" template would hand back, minus the extensions: a certificate for {@code key}. */
  private static X509Certificate issue(LabCertificates.Issued issuer, String subject, PublicKey key) {
    try {
      Instant now = Instant.now();
      return new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(issuer.certificate(),
          BigInteger.valueOf(now.toEpochMilli()), Date.from(now.minus(Duration.ofMinutes(5))),
          Date.from(now.plus(Duration.ofDays(365))), new X500Principal(subject), key)
          .build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuer.keys().getPrivate())));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static Parameter string(String name, String value) {
    return new Parameter(name, "string", JsonNodeFactory.instance.textNode(value));
  }
}
