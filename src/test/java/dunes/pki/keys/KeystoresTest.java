package dunes.pki.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dunes.lab.LabCertificates;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.X509KeyManager;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Edits of a keystore shaped like a fresh appliance's jssecacerts: alias "dunes" self-signed, one trusted certificate. */
class KeystoresTest {

  static final char[] PASS = "dunesdunes".toCharArray();
  static final String PENDING = "dunes-pending";
  static final String TARGET = "dunes";
  static final SubjectName SUBJECT = new SubjectName("vcvco.lab.local", "Dunes Lab", "Automation", "DE");
  static final SubjectAlternativeNames NAMES = SubjectAlternativeNames.forCluster("vcvco.lab.local",
      List.of("vcvco1.lab.local", "vcvco2.lab.local"), List.of("10.0.0.11"));
  static final TestCa CA = TestCa.create("Dunes Test");
  static final byte[] FRESH = applianceKeystore();

  @Test
  void shouldGenerateThePendingKeyOnceWhateverTheRetries() {
    byte[] once = Keystores.generatePending(FRESH, PASS, PENDING, KeyParameters.rsa(SUBJECT, 3072));
    byte[] twice = Keystores.generatePending(once, PASS, PENDING, KeyParameters.rsa(SUBJECT, 3072));

    assertThat(twice).isEqualTo(once);
    assertThat(aliases(twice)).containsExactlyInAnyOrder("dunes", "vcenter", PENDING);
    X509Certificate placeholder = Keystores.entryCertificate(twice, PASS, PENDING);
    assertThat(placeholder.getSubjectX500Principal()).isEqualTo(SUBJECT.principal());
    assertThat(placeholder.getIssuerX500Principal()).isEqualTo(SUBJECT.principal());
    assertThat(((RSAPublicKey) placeholder.getPublicKey()).getModulus().bitLength()).isEqualTo(3072);
    assertThat(Keystores.entryCertificate(twice, PASS, TARGET)).isEqualTo(Keystores.entryCertificate(FRESH, PASS, TARGET));
  }

  @Test
  void shouldSignTheRequestWithThePendingKey() throws Exception {
    byte[] pending = Keystores.generatePending(FRESH, PASS, PENDING, KeyParameters.rsa(SUBJECT, 2048));
    PublicKey pendingKey = Keystores.entryCertificate(pending, PASS, PENDING).getPublicKey();

    String pem = Keystores.csrFor(pending, PASS, PENDING, SUBJECT, NAMES);

    PKCS10CertificationRequest request = CertificateRequests.parse(pem);
    assertThat(request.isSignatureValid(new JcaContentVerifierProviderBuilder().build(pendingKey))).isTrue();
    assertThat(new JcaPKCS10CertificationRequest(request).getPublicKey()).isEqualTo(pendingKey);
    assertThat(CertificateRequests.summarize(pem)).isEqualTo(new CsrSummary(
        "CN=vcvco.lab.local,OU=Automation,O=Dunes Lab,C=DE",
        List.of("vcvco.lab.local", "vcvco1.lab.local", "vcvco2.lab.local"), List.of("10.0.0.11"), 2048));
  }

  @Test
  void shouldInstallTheChainUnderDunesForTheServerToLoad() throws Exception {
    byte[] pending = Keystores.generatePending(FRESH, PASS, PENDING, KeyParameters.rsa(SUBJECT, 2048));
    X509Certificate leaf = issueFor(pending);

    byte[] installed = Keystores.installChain(pending, PASS, PENDING, TARGET, "dunesdunes".toCharArray(),
        List.of(CA.root, leaf, CA.intermediate));

    assertThat(aliases(installed)).containsExactlyInAnyOrder("dunes", "vcenter");
    assertThat(java.util.Arrays.copyOf(installed, 4)).as("still a JKS (magic 0xFEEDFEED)")
        .containsExactly(0xFE, 0xED, 0xFE, 0xED);
    assertThat(Keystores.entryChain(installed, PASS, TARGET)).containsExactly(leaf, CA.intermediate, CA.root);
    KeyStore store = load(installed);
    KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    factory.init(store, "dunesdunes".toCharArray());
    X509KeyManager keyManager = (X509KeyManager) factory.getKeyManagers()[0];
    assertThat(keyManager.chooseServerAlias("RSA", null, null)).isEqualTo(TARGET);
    assertThat(keyManager.getCertificateChain(TARGET)).containsExactly(leaf, CA.intermediate, CA.root);
    PrivateKey key = keyManager.getPrivateKey(TARGET);
    assertThat(key.getAlgorithm()).isEqualTo("RSA");
    assertThat(Keystores.entryCertificate(installed, PASS, "vcenter"))
        .isEqualTo(Keystores.entryCertificate(FRESH, PASS, "vcenter"));
  }

  @Test
  void shouldLeaveTheKeystoreAsItIsWhenTheChainIsAlreadyInstalled() {
    byte[] pending = Keystores.generatePending(FRESH, PASS, PENDING, KeyParameters.rsa(SUBJECT, 2048));
    List<X509Certificate> chain = CA.chainOf(issueFor(pending));
    byte[] installed = Keystores.installChain(pending, PASS, PENDING, TARGET, PASS, chain);

    byte[] again = Keystores.installChain(installed, PASS, PENDING, TARGET, PASS, chain);

    assertThat(again).isSameAs(installed);
  }

  @Test
  void shouldWriteAPkcs12KeystoreBackAsPkcs12() throws Exception {
    KeyStore pkcs12 = KeyStore.getInstance("PKCS12");
    pkcs12.load(null, null);
    pkcs12.setCertificateEntry("vcenter", CA.root);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    pkcs12.store(out, PASS);

    byte[] pending = Keystores.generatePending(out.toByteArray(), PASS, PENDING, KeyParameters.rsa(SUBJECT, 2048));

    KeyStore reread = KeyStore.getInstance("PKCS12");
    reread.load(new ByteArrayInputStream(pending), PASS);
    assertThat(reread.isKeyEntry(PENDING)).isTrue();
    assertThat(pending[0]).as("not the JKS magic 0xFEEDFEED").isEqualTo((byte) 0x30);
  }

  @Test
  void shouldReadBackWhatItHolds() {
    assertThat(Keystores.contains(FRESH, PASS, TARGET)).isTrue();
    assertThat(Keystores.contains(FRESH, PASS, PENDING)).isFalse();
    assertThat(Keystores.entryCertificate(FRESH, PASS, TARGET).getSubjectX500Principal().getName())
        .contains("CN=vcvco1.lab.local"); // LabCertificates encodes O before CN
  }

  @Nested
  class Refusals {

    @Test
    void shouldRefuseAChainIssuedForAnotherKey() {
      byte[] pending = Keystores.generatePending(FRESH, PASS, PENDING, KeyParameters.rsa(SUBJECT, 2048));
      X509Certificate foreign = CA.issue(TestCa.rsaKeys(2048).getPublic(),
          TestCa.Leaf.webServer("vcvco.lab.local", NAMES.dnsNames(), NAMES.ipAddresses()));

      assertThatThrownBy(() -> Keystores.installChain(pending, PASS, PENDING, TARGET, PASS, CA.chainOf(foreign)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContainingAll("the certificate 'CN=vcvco.lab.local,O=Dunes Test' (SHA-256 ",
              ") is not for the pending key 'dunes-pending': it was issued for another request");
    }

    @Test
    void shouldRefuseToInstallWithoutAPendingKey() {
      X509Certificate leaf = CA.issue(TestCa.rsaKeys(2048).getPublic(),
          TestCa.Leaf.webServer("vcvco.lab.local", NAMES.dnsNames(), NAMES.ipAddresses()));

      assertThatThrownBy(() -> Keystores.installChain(FRESH, PASS, PENDING, TARGET, PASS, CA.chainOf(leaf)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("the keystore has no pending key 'dunes-pending': generate it first (generatePending)");
      assertThatThrownBy(() -> Keystores.csrFor(FRESH, PASS, PENDING, SUBJECT, NAMES))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("no pending key 'dunes-pending'");
    }

    @Test
    void shouldRefuseThePendingAliasAsTarget() {
      assertThatThrownBy(() -> Keystores.installChain(FRESH, PASS, "DUNES", TARGET, PASS, List.of(CA.root)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("the pending key needs an alias of its own");
    }

    @Test
    void shouldRefuseAPendingAliasThatHoldsATrustedCertificate() {
      assertThatThrownBy(() -> Keystores.generatePending(FRESH, PASS, "vcenter", KeyParameters.rsa(SUBJECT, 2048)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("alias 'vcenter' holds a trusted certificate, not a key");
    }

    @Test
    void shouldRefuseAWrongStorePassword() {
      assertThatThrownBy(() -> Keystores.contains(FRESH, "changeit".toCharArray(), TARGET))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageStartingWith("cannot open the keystore: wrong store password, or not a JKS/PKCS#12 keystore");
    }

    @Test
    void shouldRefuseAnUnknownAlias() {
      assertThatThrownBy(() -> Keystores.entryCertificate(FRESH, PASS, "nothing"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("the keystore has no certificate under alias 'nothing'");
    }
  }

  /** What the CA would issue for the request made from this keystore. */
  static X509Certificate issueFor(byte[] pending) {
    try {
      PKCS10CertificationRequest request = CertificateRequests.parse(Keystores.csrFor(pending, PASS, PENDING, SUBJECT,
          NAMES));
      return CA.issue(new JcaPKCS10CertificationRequest(request).getPublicKey(),
          TestCa.Leaf.webServer("vcvco.lab.local", NAMES.dnsNames(), NAMES.ipAddresses()));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A JKS like NodeFiles writes: alias "dunes" (self-signed, EC) with key password dunesdunes, plus a trusted certificate. */
  static byte[] applianceKeystore() {
    try {
      LabCertificates.Issued selfSigned = LabCertificates.selfSigned("vcvco1.lab.local", List.of("vcvco1.lab.local"),
          List.of("10.0.0.11"));
      KeyStore store = KeyStore.getInstance("JKS");
      store.load(null, null);
      store.setKeyEntry(TARGET, selfSigned.keys().getPrivate(), PASS, new Certificate[] {selfSigned.certificate()});
      store.setCertificateEntry("vcenter", TestCa.create("vCenter").root);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      store.store(out, PASS);
      return out.toByteArray();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static KeyStore load(byte[] jks) {
    try {
      KeyStore store = KeyStore.getInstance("JKS");
      store.load(new ByteArrayInputStream(jks), PASS);
      return store;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static List<String> aliases(byte[] jks) {
    try {
      return java.util.Collections.list(load(jks).aliases());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
