package dunes.appliance.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dunes.build.BuildRequestReader;
import dunes.build.BuildSpec;
import dunes.support.ExampleRequest;
import dunes.pki.Fingerprints;
import dunes.pki.keys.CertificateChains;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

/**
 * The cluster keys: Server Availability for all nodes, for one (authoring), and the read of its
 * status; the package-signing imports with the certificate they are given.
 */
class NodeConfigurationTest {

  final BuildSpec spec = BuildRequestReader.parseTrusted(ExampleRequest.withTicket("CHG-1").toString());

  @Test
  void shouldMakeEveryRequestNodeActiveWithTheConfiguratorsDefaultHeartbeats() {
    NodeConfiguration cluster = NodeConfiguration.of("cluster", spec, spec.firstNode(), VcoConfigLab.SITE);

    assertThat(cluster.workflow()).isEqualTo(new WorkflowRef("Configure cluster", "dunes-lab-configure-cluster"));
    assertThat(cluster.match()).isEqualTo(Match.NEWEST_COMPLETED);
    assertThat(cluster.inputs()).containsExactly(Input.bool("clusterMode", true), Input.number("activeNodes", 2),
        Input.number("heartbeatInterval", 5000), Input.number("failoverHeartbeats", 12));
  }

  @Test
  void shouldTakeTheRequestsHeartbeatsAndOneActiveNodeForTheAuthoringWindow() {
    BuildSpec custom = BuildRequestReader.parseTrusted(ExampleRequest.changed("CHG-1", r -> ExampleRequest.node(r,
        "cluster").put("heartbeatIntervalMs", 2000).put("failoverHeartbeats", 30)));

    NodeConfiguration single = NodeConfiguration.of("clusterSingleActive", custom, custom.firstNode(), VcoConfigLab.SITE);

    assertThat(single.workflow()).isEqualTo(new WorkflowRef("Configure cluster", "dunes-lab-configure-cluster"));
    assertThat(single.match()).isEqualTo(Match.NEWEST_COMPLETED);
    assertThat(single.inputs()).containsExactly(Input.bool("clusterMode", true), Input.number("activeNodes", 1),
        Input.number("heartbeatInterval", 2000), Input.number("failoverHeartbeats", 30));
  }

  @Test
  void shouldReadTheStatusWithoutInputsAtEveryCall() {
    NodeConfiguration status = NodeConfiguration.of("clusterStatus", spec, spec.node("vcvco2"), VcoConfigLab.SITE);

    assertThat(status.workflow()).isEqualTo(new WorkflowRef("Get cluster status", "dunes-lab-cluster-status"));
    assertThat(status.inputs()).isEmpty();
    assertThat(status.match()).isEqualTo(Match.NEVER);
  }

  @Test
  void shouldTakeTheDocumentedWorkflowsByDefaultAndLeaveTheOthersToAnOperator() {
    VcoConfigProperties defaults = VcoConfigProperties.defaults();

    NodeConfiguration sso = NodeConfiguration.of("sso", spec, spec.firstNode(), defaults);
    NodeConfiguration tables = NodeConfiguration.of("createTables", spec, spec.firstNode(), defaults);

    assertThat(sso.workflow()).isEqualTo(new WorkflowRef("Configure SSO", "9ff67fbc-411c-47c7-af80-c81b1215b516"));
    assertThat(sso.automated()).isTrue();
    assertThat(tables.automated()).isFalse();
    assertThat(tables.byHand()).contains("https://vcvco1.lab.local:8283").contains("Create the database tables");
  }

  @Test
  void shouldImportACaCertificateAsAKnownCertificateAndShowWhatTheOperatorChecks() throws Exception {
    X509Certificate root = selfSigned("CN=Unit Root CA");
    String pem = CertificateChains.pem(root);

    NodeConfiguration trusted = NodeConfiguration.of("importTrustedCertificate", spec, spec.firstNode(),
        VcoConfigLab.SITE, pem);
    NodeConfiguration byHand = NodeConfiguration.of("importTrustedCertificate", spec, spec.firstNode(),
        VcoConfigProperties.defaults(), pem);

    assertThat(trusted.workflow()).isEqualTo(new WorkflowRef("Import trusted certificate",
        "dunes-lab-import-trusted-certificate"));
    assertThat(trusted.inputs()).containsExactly(Input.string("pem", pem));
    assertThat(trusted.match()).as("each run adds a certificate").isEqualTo(Match.ANY_COMPLETED);
    assertThat(byHand.automated()).isFalse();
    assertThat(byHand.step()).isEqualTo("import-trusted-certificate");
    assertThat(byHand.byHand()).contains("https://vcvco1.lab.local:8281/vco/client/client.jnlp")
        .contains("'vsphere.local\\vCO Admins'")
        .contains("Tools > Certificate Manager > Known Certificates > Import Certificate").contains("root CA certificate")
        .contains("CN=Unit Root CA").contains(Fingerprints.sha256(root)).endsWith(pem);
  }

  @Test
  void shouldImportTheSignedChainAndShowTheSignedCertificateByHand() throws Exception {
    X509Certificate signed = selfSigned("CN=vcvco.lab.local");
    String chain = CertificateChains.pem(List.of(signed, selfSigned("CN=Unit Root CA")));

    NodeConfiguration configuration = NodeConfiguration.of("importPackageSigningCertificate", spec, spec.firstNode(),
        VcoConfigLab.SITE, chain);

    assertThat(configuration.inputs()).containsExactly(Input.string("pem", chain));
    assertThat(configuration.match()).isEqualTo(Match.NEWEST_COMPLETED);
    assertThat(configuration.byHand()).contains("https://vcvco1.lab.local:8283").contains("page Server Certificate")
        .contains("\"Import a certificate signing request signed by a certificate authority\"")
        .contains(Fingerprints.sha256(signed)).endsWith(CertificateChains.pem(signed));
  }

  @Test
  void shouldAskForThePastedCsrWhenTheExportIsDoneByHand() {
    NodeConfiguration export = NodeConfiguration.of("exportPackageSigningCsr", spec, spec.firstNode(),
        VcoConfigProperties.defaults());

    assertThat(export.automated()).isFalse();
    assertThat(export.byHand()).contains("Export a certificate signing request").contains("vCO_SigningRequest.csr")
        .contains("CN vcvco.lab.local").contains("Never paste a private key");
  }

  @Test
  void shouldRefuseAnImportWithoutItsCertificate() {
    assertThatThrownBy(() -> NodeConfiguration.of("importTrustedCertificate", spec, spec.firstNode(), VcoConfigLab.SITE))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("certificatePem");
  }

  private static X509Certificate selfSigned(String subject) throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    KeyPair keys = generator.generateKeyPair();
    Instant now = Instant.now();
    return new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(new X500Name(subject),
        BigInteger.valueOf(now.toEpochMilli()), Date.from(now), Date.from(now.plus(1, ChronoUnit.DAYS)),
        new X500Name(subject), keys.getPublic()).build(new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate())));
  }
}
