package dunes.pki.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dunes.appliance.config.ConfigurationTargets;
import dunes.appliance.shell.ShellTargets;
import dunes.build.BuildVariables;
import dunes.lab.LabJournal;
import dunes.lab.ca.CertificateRequest;
import dunes.lab.ca.LabCertificateAuthority;
import dunes.lab.node.LabNode;
import dunes.lab.node.NodeState;
import dunes.pki.Fingerprints;
import dunes.pki.certsrv.CertsrvAuthentication;
import dunes.pki.certsrv.CertsrvPort;
import dunes.pki.keys.CertificateRequests;
import dunes.pki.keys.KeyParameters;
import dunes.pki.keys.Keystores;
import dunes.pki.keys.SubjectAlternativeNames;
import dunes.pki.keys.SubjectName;
import dunes.secrets.SecretRef;
import dunes.support.CrashHooks;
import dunes.support.ExampleRequest;
import dunes.support.LabBuildTest;
import dunes.support.LabNodes;
import dunes.support.StageCaller;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The certificates stage and its client SSL request when Dunes "dies" between an effect and its
 * commit (CrashHooks: the call goes through, then the job throws and rolls back, and the engine
 * runs it again): the lab CA's journal shows one submission per certificate, the node's keystore
 * holds the issued chain, and a TLS handshake (openssl s_client, an independent peer) gets the
 * issued leaf from the node. Lab node 1 at 127.0.52.11, named o1, o11, o21, … (a name of its own
 * per test: Dunes records vCO's workflow runs per node name), with the lab's site package (the
 * package-signing workflows); the lab's CA.
 */
class CertificateExactlyOnceProcessTest extends LabBuildTest {

  static final LabNode.Ports PORTS = new LabNode.Ports(45281, 45286, 45287, 45480, 45222);
  static final String KEYSTORE = ClientCertificates.KEYSTORE;
  static final char[] PASSWORD = ClientCertificates.STORE_PASSWORD;
  /** each test's node 1: o1, o11, o21, … */
  static final java.util.concurrent.atomic.AtomicInteger TESTS = new java.util.concurrent.atomic.AtomicInteger();
  /** longer than the job's retry delay (PT1S in the lab): a rerun after a restart finds it STARTING */
  static final Duration STARTING = Duration.ofSeconds(3);

  @Autowired CertsrvPort certsrv;
  @Autowired dunes.build.TicketRegistry tickets;
  @Autowired SubmittedRequests submitted;
  @TempDir Path dir;
  LabNodes nodes;
  LabNode node;
  /** The CA journal's last entry before this test: other suites share the lab's CA and its journal. */
  long journalBefore;
  /** node 1's name in this test; node 2's ends in 2 instead */
  String first;

  @BeforeEach
  void nodeWithItsOwnCertificate() {
    journalBefore = journal.entries("ca").stream().mapToLong(LabJournal.Entry::seq).max().orElse(0);
    nodes = new LabNodes(dir, PORTS, true);
    first = "o" + (1 + 10 * TESTS.getAndIncrement());
    // root's password as the build's secret names it, so Dunes's SSH login works
    node = nodes.closedAfterTest(LabNode.create(new LabNode.Settings(first, first + ".lab.local", "127.0.52.11", PORTS,
        secrets.resolve(new SecretRef("appliance-root")).revealAsString(), nodes.configPassword, dir.resolve(first), STARTING),
        nodes.database, nodes.journal, nodes.faults));
    node.powerOn();
    await().atMost(Duration.ofSeconds(15)).until(node::state, NodeState.RUNNING::equals);
  }

  @AfterEach
  void closeNode() {
    ca.setMode(LabCertificateAuthority.Mode.AUTO_ISSUE);
    nodes.close();
  }

  @Test
  void shouldSubmitOnceAndServeTheIssuedCertificateWhenEveryStepDiesAfterItsEffect() throws Exception {
    List<String> points = List.of("step:backupKeystoreStep", "step:preparePendingKeyStep",
        "step:submitCertificateRequestStep", "step:submitPackageSigningRequestStep", "step:installCertificateStep",
        "step:restartToServeStep");
    points.forEach(CrashHooks::arm);
    CrashHooks.arm("shell:upload:" + KEYSTORE); // the pending key's upload: the job dies with the file on the node
    CrashHooks.arm("shell:upload:" + KEYSTORE); // the install's upload, before anything decided on a restart
    byte[] original = Files.readAllBytes(node.keystoreFile());

    ProcessInstance stage = StageCaller.call(engine, "Certificates", ExampleRequest.newTicket(), variables("i"));

    assertThat(awaitEnd(stage).getEndActivityId()).isEqualTo("EndEvent_Certificates");
    points.forEach(point -> assertThat(CrashHooks.crashed(point)).as(point).isEqualTo(1));
    assertThat(CrashHooks.crashed("shell:upload:" + KEYSTORE)).isEqualTo(2);
    assertThat(submissions("vcvcoi.lab.local")).as("one CSR per certificate, though each submit died after it")
        .hasSize(2);
    Map<CertificateKind, Long> recorded = submitted.ofCaller(stage.getId());
    assertThat(recorded).containsOnlyKeys(CertificateKind.values());
    assertThat(submissions("vcvcoi.lab.local")).extracting(e -> Long.parseLong(e.target()))
        .containsExactlyInAnyOrderElementsOf(recorded.values());
    assertServes(ca.request(recorded.get(CertificateKind.CLIENT_SSL).intValue()).orElseThrow().certificate());
    assertThat(nodeJournal("restart")).as("one restart, though the install's job died after its upload").hasSize(1);
    assertThat(nodeJournal("sftp-write")).filteredOn(e -> e.detail().endsWith("jssecacerts.dunes-tmp"))
        .as("the pending key and the install, each uploaded once").hasSize(2);
    assertThat(Files.readAllBytes(node.keystoreFile().resolveSibling("jssecacerts.backup")))
        .as("the backup is the keystore as it was").isEqualTo(original);
    assertThat(nodeJournal("sftp-rename")).extracting(LabJournal.Entry::detail)
        .anyMatch(d -> d.contains("jssecacerts.backup.dunes-tmp") && d.endsWith("jssecacerts.backup"));
    assertThat(engine.getHistoryService().createHistoricTaskInstanceQuery()
        .processInstanceBusinessKey(stage.getBusinessKey()).count()).as("no person asked").isZero();
  }

  @Test
  void shouldAskAPersonInsteadOfSubmittingAgainWhenTheCasAnswerIsLost() throws Exception {
    CrashHooks.arm("certsrv:submit"); // the CA accepted the CSR; Dunes died before it read the answer
    ProcessInstance stage = StageCaller.call(engine, "ClientCertificateRequest", ExampleRequest.newTicket(),
        variables("j"));

    Task find = awaitTask(stage, "Task_FindSubmittedRequest");
    CertificateRequest submitted = onlySubmission("vcvcoj.lab.local");
    String pendingKey = Fingerprints.publicKeySha256(Keystores.entryCertificate(
        Files.readAllBytes(node.keystoreFile()), PASSWORD, ClientCertificates.PENDING_ALIAS).getPublicKey());
    assertThat(engine.getTaskService().getVariable(find.getId(), CertificateRequestsAtCa.KEY_SHA256)).isEqualTo(pendingKey);
    assertThat((String) engine.getTaskService().getVariable(find.getId(), "certificateSubject"))
        .contains("CN=vcvcoj.lab.local");

    long other = otherRequestAtTheCa();
    assertThatThrownBy(() -> engine.getTaskService().complete(find.getId(), Map.of(
        FoundRequestListener.FINDING, "found", FoundRequestListener.FOUND_ID, other)))
        .isInstanceOf(ProcessEngineException.class).hasMessageContaining("foundRequestId")
        .hasMessageContaining("request " + other).hasMessageContaining("not the submitted one");
    engine.getTaskService().complete(find.getId(), Map.of(FoundRequestListener.FINDING, "found",
        FoundRequestListener.FOUND_ID, (long) submitted.id()));

    assertThat(awaitEnd(stage).getEndActivityId()).isEqualTo("EndEvent_Submitted");
    assertThat(onlySubmission("vcvcoj.lab.local").id()).isEqualTo(submitted.id());
    assertThat(this.submitted.find(stage.getId())).as("what the approval and the install use")
        .hasValue((long) submitted.id());
  }

  @Test
  void shouldSubmitAgainOnlyWhenAPersonConfirmsTheCaHoldsNoRequest() throws Exception {
    CrashHooks.arm("certsrv:submit");
    ProcessInstance stage = StageCaller.call(engine, "ClientCertificateRequest", ExampleRequest.newTicket(),
        variables("k"));
    Task find = awaitTask(stage, "Task_FindSubmittedRequest");
    assertThat(submissions("vcvcok.lab.local")).hasSize(1);

    engine.getTaskService().complete(find.getId(), Map.of(FoundRequestListener.FINDING, "none"));

    assertThat(awaitEnd(stage).getEndActivityId()).isEqualTo("EndEvent_Submitted");
    List<LabJournal.Entry> submits = submissions("vcvcok.lab.local");
    assertThat(submits).as("the second by a person's decision").hasSize(2);
    assertThat(submitted.find(stage.getId())).hasValue(Long.parseLong(submits.get(1).target()));
  }

  @Test
  void shouldPutTheKeystoreBackOnceWithoutARestartTheNodeDoesNotNeedWhenTheUndoDies() throws Exception {
    ca.setMode(LabCertificateAuthority.Mode.PENDING);
    String served = node.servedCertificateFingerprint().orElseThrow();
    String ticket = ExampleRequest.newTicket();
    ProcessInstance stage = StageCaller.call(engine, "Certificates", ticket, variables("l"));
    tickets.claim(ticket, stage.getRootProcessInstanceId(), "operator"); // whom four eyes keep from deciding
    Task approval = awaitTask(stage, "Task_ApproveCertificateRequest");
    assertThat(submissions("vcvcol.lab.local")).as("both requests at the CA before anyone decides").hasSize(2);
    byte[] backup = Files.readAllBytes(node.keystoreFile().resolveSibling("jssecacerts.backup"));
    assertThat(Files.readAllBytes(node.keystoreFile())).as("the pending key is in").isNotEqualTo(backup);
    CrashHooks.arm("shell:upload:" + KEYSTORE); // the restore's upload
    CrashHooks.arm("step:restoreKeystoreStep");

    engine.getIdentityService().setAuthentication("approver", List.of("pki-approvers"));
    try {
      engine.getTaskService().complete(approval.getId(), Map.of("certificateApproval", "reject"));
    } finally {
      engine.getIdentityService().clearAuthentication();
    }

    await().atMost(BUILD).until(() -> CrashHooks.crashed("step:restoreKeystoreStep") == 1
        && engine.getRuntimeService().createProcessInstanceQuery().processInstanceId(stage.getId()).count() == 0);
    assertThat(CrashHooks.crashed("shell:upload:" + KEYSTORE)).isEqualTo(1);
    assertThat(Files.readAllBytes(node.keystoreFile())).isEqualTo(backup);
    assertThat(nodeJournal("sftp-write")).filteredOn(e -> e.detail().endsWith("jssecacerts.dunes-tmp"))
        .as("the pending key, then the restore once").hasSize(2);
    assertThat(nodeJournal("restart")).as("the node never served the pending key: nothing to restart").isEmpty();
    assertThat(servedByOpenSsl()).isEqualTo(served);
  }

  @Test
  void shouldNotRestartAgainWhenRestartNodeDiesAfterIssuingTheRestart() {
    CrashHooks.arm("step:restartNodeStep");

    ProcessInstance stage = StageCaller.call(engine, "RestartNode", ExampleRequest.newTicket(), variables("m"));

    assertThat(awaitEnd(stage).getEndActivityId()).isEqualTo("EndEvent_Restarted");
    assertThat(CrashHooks.crashed("step:restartNodeStep")).isEqualTo(1);
    assertThat(nodeJournal("restart")).as("the rerun found vco-server STARTING").hasSize(1);
  }

  // ---------------------------------------------------------------------------------------------

  /** The stage's variables as VcoHaBuild passes them, node 1 = o1, cluster vcvco{letter}. */
  private Map<String, Object> variables(String letter) {
    String spec = ExampleRequest.changed(ExampleRequest.newTicket(), labDns(), r -> {
      ExampleRequest.node(r, "cluster").put("name", "vcvco" + letter).put("fqdn", "vcvco" + letter + ".lab.local")
          .put("virtualIp", "127.0.52.10");
      ExampleRequest.node(r, "nodes/0").put("name", first).put("fqdn", first + ".lab.local").put("ip", "127.0.52.11")
          .put("gateway", "127.0.52.1");
      String second = first.substring(0, first.length() - 1) + "2";
      ExampleRequest.node(r, "nodes/1").put("name", second).put("fqdn", second + ".lab.local").put("ip", "127.0.52.12")
          .put("gateway", "127.0.52.1");
      ExampleRequest.node(r, "appliance").put("serverPort", PORTS.server()).put("sshPort", PORTS.ssh());
      ExampleRequest.node(r, "ca").put("url", "https://ca.lab.local:" + ca.port() + "/certsrv")
          .put("fingerprint", ca.tlsFingerprint());
    });
    Map<String, Object> variables = new HashMap<>();
    variables.put(BuildVariables.BUILD_SPEC, spec);
    variables.put(BuildVariables.NODE_NAME, first);
    variables.put(ConfigurationTargets.SERVER_FINGERPRINT, node.servedCertificateFingerprint().orElseThrow());
    variables.put(ShellTargets.SSH_FINGERPRINT, node.sshHostKeyFingerprint());
    variables.put(BuildVariables.REQUESTER, "operator");
    variables.put("caFingerprint", ca.tlsFingerprint());
    variables.put(CaRoot.FINGERPRINT, Fingerprints.sha256(ca.rootCertificate()));
    return variables;
  }

  private List<LabJournal.Entry> submissions(String commonName) {
    return journal.entries("ca").stream().filter(e -> e.seq() > journalBefore && e.operation().equals("submit")
        && e.detail().contains("CN=" + commonName)).toList();
  }

  /** The one request the CA's journal shows for {@code commonName}. */
  private CertificateRequest onlySubmission(String commonName) {
    List<LabJournal.Entry> submits = submissions(commonName);
    assertThat(submits).as("submissions of CN=%s", commonName).hasSize(1);
    return ca.request(Integer.parseInt(submits.get(0).target())).orElseThrow();
  }

  private List<LabJournal.Entry> nodeJournal(String operation) {
    return nodes.journal.entries("node").stream().filter(e -> e.operation().equals(operation)).toList();
  }

  /** The node's keystore holds {@code issued} as the served entry, and a TLS handshake presents it. */
  private void assertServes(X509Certificate issued) throws Exception {
    byte[] keystore = Files.readAllBytes(node.keystoreFile());
    assertThat(Keystores.entryChain(keystore, PASSWORD, ClientCertificates.ALIAS).get(0)).isEqualTo(issued);
    assertThat(Keystores.contains(keystore, PASSWORD, ClientCertificates.PENDING_ALIAS)).isFalse();
    assertThat(servedByOpenSsl()).isEqualTo(Fingerprints.sha256(issued));
  }

  /** The SHA-256 fingerprint of the leaf o1 presents on its HTTPS port, as openssl s_client reads it. */
  private String servedByOpenSsl() throws Exception {
    Process openssl = new ProcessBuilder("bash", "-c", "openssl s_client -connect 127.0.52.11:" + PORTS.server()
        + " </dev/null 2>/dev/null | openssl x509 -noout -fingerprint -sha256").redirectErrorStream(true).start();
    String out = new String(openssl.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
    assertThat(openssl.waitFor()).as(out).isZero();
    return Fingerprints.normalize(out.substring(out.indexOf('=') + 1));
  }

  /** A request of another key, issued by the same CA: what a person might enter by mistake. */
  private long otherRequestAtTheCa() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(KeyParameters.DEFAULT_RSA_BITS);
    String csr = CertificateRequests.pem(generator.generateKeyPair(),
        new SubjectName("other.lab.local", "Dunes Lab", "Automation", "DE"),
        SubjectAlternativeNames.forCluster("other.lab.local", List.of(first + ".lab.local"), List.of("127.0.52.11")));
    CertsrvPort.Target target = CertsrvPort.Target.https(URI.create("https://ca.lab.local:" + ca.port() + "/certsrv"),
        ca.tlsFingerprint(), "LAB\\enroll", new SecretRef("ca-enroll"), "WebServer", CertsrvAuthentication.BASIC);
    return certsrv.submit(target, csr).requestId().orElseThrow();
  }
}
