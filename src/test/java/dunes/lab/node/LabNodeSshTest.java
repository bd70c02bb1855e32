package dunes.lab.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import dunes.lab.LabCertificates;
import dunes.lab.LabJournal;
import dunes.pki.Fingerprints;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The node's sshd driven by the OpenSSH client programs, as the field guide's operator does. */
class LabNodeSshTest {

  static final String KEYSTORE = "/etc/vco/app-server/security/jssecacerts";

  @TempDir Path dir;
  @TempDir Path client;
  TestNodes nodes;
  LabNode node;
  OpenSshClient openSsh;

  @BeforeEach
  void setUp() throws Exception {
    nodes = new TestNodes(dir);
    node = nodes.create("vcvco1", "127.0.3.40");
    node.powerOn();
    await().atMost(Duration.ofSeconds(5)).until(node::state, NodeState.RUNNING::equals);
    openSsh = new OpenSshClient(client, node.sshKnownHostsLine(), nodes.rootPassword);
  }

  @AfterEach
  void close() {
    nodes.close();
  }

  @Test
  void shouldReportServiceStatusOverSsh() throws Exception {
    OpenSshClient.Result status = ssh("service vco-server status");

    assertThat(status.exitCode()).as(status.err()).isZero();
    assertThat(status.out()).contains("RUNNING");
  }

  @Test
  void shouldAnswerUnknownCommandWithExit127() throws Exception {
    OpenSshClient.Result result = ssh("keytool -list");

    assertThat(result.exitCode()).isEqualTo(127);
    assertThat(result.err()).contains("keytool: command not found");
  }

  @Test
  void shouldBackUpKeystoreWithCpAsTheFieldGuideDoes() throws Exception {
    assertThat(ssh("test -e " + KEYSTORE + ".backup").exitCode()).isEqualTo(1);

    OpenSshClient.Result copy = ssh("cd /etc/vco/app-server/security && cp ./jssecacerts ./jssecacerts.backup");

    assertThat(copy.exitCode()).as(copy.err()).isZero();
    assertThat(ssh("test -e " + KEYSTORE + ".backup").exitCode()).isZero();
    assertThat(node.file(KEYSTORE + ".backup")).hasSameBinaryContentAs(node.keystoreFile());
    assertThat(nodes.journal.entries("node")).extracting(LabJournal.Entry::operation, LabJournal.Entry::detail)
        .contains(tuple("file-copy", KEYSTORE + " -> " + KEYSTORE + ".backup"));
  }

  @Test
  void shouldKeepCopiesInsideTheNodeTreeAsSlashDotDotIsSlash() throws Exception {
    OpenSshClient.Result copy = ssh("cp " + KEYSTORE + " /../../escaped");

    assertThat(copy.exitCode()).as(copy.err()).isZero();
    assertThat(node.file("/escaped")).hasSameBinaryContentAs(node.keystoreFile());
    assertThat(dir.resolve("escaped")).doesNotExist();
  }

  @Test
  void shouldServeNewCertificateAfterKeystoreUploadAndServiceRestart() throws Exception {
    Path downloaded = client.resolve("jssecacerts");
    sftp("get " + KEYSTORE + " " + downloaded);
    X509Certificate original = TestNodes.dunesCertificate(downloaded);
    assertThat(Fingerprints.sha256(original)).isEqualTo(node.servedCertificateFingerprint().orElseThrow());
    LabCertificates.Issued replacement = LabCertificates.selfSigned("vcvco.lab.local",
        List.of("vcvco.lab.local", "vcvco1.lab.local"), List.of("127.0.3.40"));
    replaceDunesEntry(downloaded, replacement);

    sftp("put " + downloaded + " " + KEYSTORE);
    OpenSshClient.Result restart = ssh("service vco-server restart");

    assertThat(restart.exitCode()).as(restart.err()).isZero();
    await().atMost(Duration.ofSeconds(5)).until(node::state, NodeState.RUNNING::equals);
    assertThat(handshake(replacement.certificate())).isEqualTo(replacement.certificate());
    assertThat(node.servedCertificate()).hasValue(replacement.certificate());
    assertThat(nodes.journal.entries("node")).extracting(LabJournal.Entry::operation, LabJournal.Entry::detail)
        .contains(tuple("sftp-write", KEYSTORE),
            tuple("keystore-reload",
                "alias dunes " + Fingerprints.sha256(replacement.certificate())));
  }

  @Test
  void shouldRejectWrongPassword() throws Exception {
    OpenSshClient wrong = new OpenSshClient(Files.createTempDirectory(client, "wrong"),
        node.sshKnownHostsLine(), "not-the-password");

    OpenSshClient.Result result = wrong.ssh("127.0.3.40", TestNodes.PORTS.ssh(), "service vco-server status");

    assertThat(result.exitCode()).isEqualTo(255);
    assertThat(result.err()).contains("Permission denied");
  }

  @Test
  void shouldFailHostKeyCheckAgainstAnotherNodesKey() throws Exception {
    LabNode other = nodes.create("vcvco2", "127.0.3.41");
    String otherKeyUnderThisAddress = other.sshKnownHostsLine().replace("127.0.3.41", "127.0.3.40");
    OpenSshClient pinnedWrong = new OpenSshClient(Files.createTempDirectory(client, "pin"),
        otherKeyUnderThisAddress, nodes.rootPassword);

    OpenSshClient.Result result = pinnedWrong.ssh("127.0.3.40", TestNodes.PORTS.ssh(), "service vco-server status");

    assertThat(result.exitCode()).isEqualTo(255);
    assertThat(result.err()).contains("HOST IDENTIFICATION HAS CHANGED");
  }

  private OpenSshClient.Result ssh(String command) throws Exception {
    return openSsh.ssh("127.0.3.40", TestNodes.PORTS.ssh(), command);
  }

  private void sftp(String batchLine) throws Exception {
    Path batch = Files.writeString(Files.createTempFile(client, "batch", ".txt"), batchLine + "\n");
    OpenSshClient.Result result = openSsh.sftp("127.0.3.40", TestNodes.PORTS.ssh(), batch);
    assertThat(result.exitCode()).as("sftp %s: %s", batchLine, result.err()).isZero();
  }

  /** What keytool -delete then -importcert does in the field guide, done with the JDK. */
  private static void replaceDunesEntry(Path keystore, LabCertificates.Issued issued) throws Exception {
    char[] password = "dunesdunes".toCharArray();
    KeyStore store = KeyStore.getInstance("JKS");
    try (InputStream in = Files.newInputStream(keystore)) {
      store.load(in, password);
    }
    store.deleteEntry("dunes");
    store.setKeyEntry("dunes", issued.keys().getPrivate(), password, new Certificate[] {issued.certificate()});
    try (OutputStream out = Files.newOutputStream(keystore)) {
      store.store(out, password);
    }
  }

  /** A bare TLS handshake trusting only {@code expected}: answers the leaf the node presented. */
  private X509Certificate handshake(X509Certificate expected) throws Exception {
    try (SSLSocket socket = (SSLSocket) TestNodes.trusting(expected).getSocketFactory()
        .createSocket("127.0.3.40", TestNodes.PORTS.server())) {
      socket.startHandshake();
      return (X509Certificate) socket.getSession().getPeerCertificates()[0];
    }
  }
}
