package dunes.lab.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A node's disk as on a fresh appliance, and kept as it is when the lab opens the node again. */
class LabNodeFilesTest {

  @TempDir Path dir;
  TestNodes nodes;

  @AfterEach
  void close() {
    nodes.close();
  }

  @Test
  void shouldCreateJksKeystoreWithSelfSignedDunesEntryForTheNodeName() throws Exception {
    nodes = new TestNodes(dir);
    LabNode node = nodes.create("vcvco1", "127.0.3.1");

    Path keystore = dir.resolve("vcvco1/etc/vco/app-server/security/jssecacerts");
    assertThat(node.keystoreFile()).isEqualTo(keystore.toRealPath());
    try (DataInputStream in = new DataInputStream(Files.newInputStream(keystore))) {
      assertThat(in.readInt()).as("JKS magic").isEqualTo(0xFEEDFEED);
    }
    KeyStore store = KeyStore.getInstance("JKS");
    try (InputStream in = Files.newInputStream(keystore)) {
      store.load(in, "dunesdunes".toCharArray());
    }
    assertThat(store.isKeyEntry("dunes")).isTrue();
    assertThat(store.getKey("dunes", "dunesdunes".toCharArray())).isInstanceOf(PrivateKey.class);
    X509Certificate certificate = (X509Certificate) store.getCertificate("dunes");
    assertThat(certificate.getSubjectX500Principal().getName()).contains("CN=vcvco1.lab.local");
    assertThat(certificate.getIssuerX500Principal()).isEqualTo(certificate.getSubjectX500Principal());
    certificate.verify(certificate.getPublicKey());
    assertThat(certificate.getSubjectAlternativeNames())
        .contains(List.of(2, "vcvco1.lab.local"), List.of(7, "127.0.3.1"));
  }

  @Test
  void shouldKeepKeystoreAndHostKeyWhenTheNodeIsOpenedAgain() throws Exception {
    nodes = new TestNodes(dir);
    LabNode first = nodes.create("vcvco1", "127.0.3.1");
    byte[] keystore = Files.readAllBytes(first.keystoreFile());
    String hostKey = first.sshHostKeyFingerprint();
    first.close();

    LabNode again = nodes.create("vcvco1", "127.0.3.1");

    assertThat(Files.readAllBytes(again.keystoreFile())).isEqualTo(keystore);
    assertThat(again.sshHostKeyFingerprint()).isEqualTo(hostKey).startsWith("SHA256:");
    assertThat(again.sshKnownHostsLine()).startsWith("[127.0.3.1]:12222 ecdsa-sha2-nistp256 AAAA");
  }

  @Test
  void shouldGiveEachNodeItsOwnCertificateAndHostKey() throws Exception {
    nodes = new TestNodes(dir);
    LabNode one = nodes.create("vcvco1", "127.0.3.1");
    LabNode two = nodes.create("vcvco2", "127.0.3.2");

    assertThat(TestNodes.dunesCertificate(one.keystoreFile()))
        .isNotEqualTo(TestNodes.dunesCertificate(two.keystoreFile()));
    assertThat(one.sshHostKeyFingerprint()).isNotEqualTo(two.sshHostKeyFingerprint());
  }
}
