package dunes.pki.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dunes.appliance.config.ConfigurationTargets;
import dunes.appliance.config.VcoConfigProperties;
import dunes.build.BuildVariables;
import dunes.lab.LabJournal;
import dunes.lab.ca.CertificateRequest;
import dunes.lab.ca.LabCertificateAuthority;
import dunes.lab.node.LabNode;
import dunes.lab.node.NodeState;
import dunes.pki.Fingerprints;
import dunes.pki.keys.CertificateChains;
import dunes.pki.keys.CertificateRequests;
import dunes.secrets.SecretRef;
import dunes.secrets.SecretStore;
import dunes.security.DunesGroups;
import dunes.support.DunesIntegrationTest;
import dunes.support.EngineTables;
import dunes.support.ExampleRequest;
import dunes.support.LabNodes;
import dunes.support.StageCaller;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The package-signing stage on a node without the lab's site package and with the product's
 * defaults (no workflow for any of its four configurator steps): each step comes to an operator in
 * the field guide's order, the CSR the operator exported (made here by openssl, as vCO's export
 * would be an independent tool's) is pasted and checked, submitted once to a lab CA with an issuing
 * intermediate, and both imports show what to import. Lab node 127.0.31.11, CA 127.0.31.20.
 */
class PackageSigningByHandProcessTest extends DunesIntegrationTest {

  static final LabNode.Ports PORTS = new LabNode.Ports(43281, 43286, 43287, 43480, 43222);
  static final String CLUSTER = "vcvco.lab.local";

  @TempDir Path dir;
  @Autowired DataSource dataSource;
  @Autowired SecretStore secrets;
  @Autowired VcoConfigProperties workflows;
  LabNodes lab;
  LabNode node;
  LabCertificateAuthority ca;
  String ticket;

  @BeforeEach
  void labWithoutSitePackage() throws IOException {
    assertThat(List.of("create-package-signing", "export-package-signing-csr", "import-trusted-certificate",
        "import-package-signing-certificate")).as("the product's defaults: no workflow for these steps")
        .noneMatch(step -> workflows.workflow(step).configured());
    lab = new LabNodes(dir, PORTS, false);
    // the test profile's vco-admin secret: the site changed the embedded LDAP administrator's password
    Path settings = dir.resolve("vcvco1").resolve("etc/vco/app-server/dunes-lab-server.properties");
    Files.createDirectories(settings.getParent());
    Files.writeString(settings, "ldap.vcoadmin.password=Vcoadmin-Secret-Gc18\n");
    node = lab.poweredOn("vcvco1", "127.0.31.11", Duration.ofMillis(100), // root as the build's SSH secret holds it
        secrets.resolve(new SecretRef("appliance-root")).revealAsString());
    await().atMost(Duration.ofSeconds(5)).until(node::state, NodeState.RUNNING::equals);
    ca = LabCertificateAuthority.start(LabCertificateAuthority.Settings.defaults("LAB\\enroll",
        secrets.resolve(new SecretRef("ca-enroll")).revealAsString()).withAddress("127.0.31.20", 0)
        .withIntermediate(true), lab.journal, lab.faults);
    ticket = ExampleRequest.newTicket();
  }

  @AfterEach
  void close() {
    ca.close();
    lab.close();
  }

  @Test
  void shouldHandEveryStepToAnOperatorInOrderAndSubmitThePastedCsrOnce() throws Exception {
    Csr csr = openSslCsr("CN=" + CLUSTER + ",O=Dunes Lab,C=DE");
    ProcessInstance stage = start("Certificates");
    List<String> steps = new ArrayList<>();

    Task create = openTask();
    steps.add(step(create));
    assertThat(form(create)).isEqualTo("perform-configuration");
    assertThat(create.getTaskDefinitionKey()).isEqualTo("Task_PerformByHand");
    assertThat(instructions(create)).contains("Create a certificate database and self-signed server certificate")
        .contains("common name " + CLUSTER);
    complete(create, Map.of());

    Task export = openTask();
    steps.add(step(export));
    assertThat(form(export)).isEqualTo("export-signing-request");
    assertThat(export.getTaskDefinitionKey()).isEqualTo("Task_PasteSigningRequest");
    assertThat(instructions(export)).contains("Export a certificate signing request").contains("vCO_SigningRequest.csr");
    complete(export, Map.of("packageSigningCsr", csr.pem()));

    X509Certificate root = ca.rootCertificate();
    X509Certificate intermediate = ca.chain().get(0);
    Task trustRoot = openTask();
    steps.add(step(trustRoot));
    assertThat(instructions(trustRoot)).contains("/vco/client/client.jnlp")
        .contains("Tools > Certificate Manager > Known Certificates > Import Certificate")
        .contains("root CA certificate").contains(root.getSubjectX500Principal().getName())
        .contains(Fingerprints.sha256(root)).contains(CertificateChains.pem(root).strip());
    complete(trustRoot, Map.of());

    Task trustIntermediate = openTask();
    steps.add(step(trustIntermediate));
    assertThat(instructions(trustIntermediate)).contains("intermediate CA certificate")
        .contains(Fingerprints.sha256(intermediate)).contains(CertificateChains.pem(intermediate).strip());
    complete(trustIntermediate, Map.of());

    Task importSigned = openTask();
    steps.add(step(importSigned));
    String text = instructions(importSigned);
    assertThat(text).contains("page Server Certificate")
        .contains("Import a certificate signing request signed by a certificate authority");
    X509Certificate shown = CertificateChains.certificates(text.substring(text.indexOf("-----BEGIN CERTIFICATE-----"))
        .getBytes(StandardCharsets.US_ASCII)).get(0);
    assertThat(shown.getPublicKey().getEncoded()).as("the signed certificate is for the key whose CSR was pasted")
        .isEqualTo(csr.publicKey());
    assertThat(text).contains(Fingerprints.sha256(shown));
    complete(importSigned, Map.of());
    runUntilEnded(stage); // the client SSL certificate's install and restart follow the imports

    assertThat(steps).containsExactly("create-package-signing", "export-package-signing-csr",
        "import-trusted-certificate", "import-trusted-certificate", "import-package-signing-certificate");
    HistoricProcessInstance ended = engine.getHistoryService().createHistoricProcessInstanceQuery()
        .processInstanceId(stage.getId()).singleResult();
    assertThat(ended.getEndActivityId()).isEqualTo("EndEvent_Certificates");
    assertThat(lab.journal.entries("ca")).as("one request per certificate")
        .filteredOn(e -> e.operation().equals("submit")).hasSize(2);
    assertThat(ca.requests()).filteredOn(r -> r.subject().equals("CN=" + CLUSTER + ",O=Dunes Lab,C=DE"))
        .extracting(CertificateRequest::certificate).containsExactly(shown);
    assertThat(historic("configurationConfirmedBy")).as("each of the five tasks").hasSize(5).containsOnly(OPERATOR);
    assertThat(historic("packageSigningCsrPastedBy")).containsExactly(OPERATOR);
    assertThat(workflowRuns()).as("the node ran no workflow").isZero();
  }

  @Test
  void shouldHandTheExportBackWhenThePastedCsrIsForAnotherNameOrNotSignedByItsKey() throws Exception {
    start("PackageSigningRequest");
    complete(openTask(), Map.of()); // created by hand

    Task export = openTask();
    complete(export, Map.of("packageSigningCsr", openSslCsr("CN=other.lab.local,O=Dunes Lab,C=DE").pem()));
    Task again = openTask();
    assertThat(step(again)).isEqualTo("export-package-signing-csr");
    assertThat(verification(again)).contains("CN=other.lab.local").contains("not for CN=" + CLUSTER);

    complete(again, Map.of("packageSigningCsr", brokenSignature(openSslCsr("CN=" + CLUSTER).pem())));
    Task third = openTask();
    assertThat(step(third)).isEqualTo("export-package-signing-csr");
    assertThat(verification(third)).contains("not signed by its own key");
    assertThat(lab.journal.entries("ca")).as("nothing reached the CA").isEmpty();
  }

  @Test
  void shouldRefuseAPastedPrivateKeyAndStoreItNowhere() throws Exception {
    start("PackageSigningRequest");
    complete(openTask(), Map.of());
    Task export = openTask();
    Csr csr = openSslCsr("CN=" + CLUSTER);

    assertThatThrownBy(() -> complete(export, Map.of("packageSigningCsr", csr.pem() + csr.privateKeyPem())))
        .isInstanceOf(ProcessEngineException.class).hasMessageContaining("private key")
        .hasMessageContaining("not stored").hasMessageNotContaining(csr.privateKeyBody());

    assertThat(openTask().getId()).as("the task stays open").isEqualTo(export.getId());
    assertThat(EngineTables.hits(dataSource, List.of(csr.privateKeyBody()))).isEmpty();
    assertThat(lab.journal.entries("ca")).isEmpty();
  }

  // ---------------------------------------------------------------------------------------------

  /** Starts {@code stageKey}: Certificates (both certificates) or only its PackageSigningRequest. */
  private ProcessInstance start(String stageKey) {
    String spec = ExampleRequest.changed(ticket, r -> {
      ExampleRequest.node(r, "nodes/0").put("ip", "127.0.31.11");
      ExampleRequest.node(r, "appliance").put("serverPort", PORTS.server()).put("sshPort", PORTS.ssh());
      ExampleRequest.node(r, "ca").put("url", ca.url().toString()).put("fingerprint", ca.tlsFingerprint());
    });
    Map<String, Object> variables = new HashMap<>();
    variables.put(BuildVariables.BUILD_SPEC, spec);
    variables.put(BuildVariables.NODE_NAME, "vcvco1");
    variables.put(ConfigurationTargets.SERVER_FINGERPRINT, node.servedCertificateFingerprint().orElseThrow());
    variables.put(dunes.appliance.shell.ShellTargets.SSH_FINGERPRINT, node.sshHostKeyFingerprint());
    variables.put(BuildVariables.REQUESTER, "operator");
    variables.put("caFingerprint", ca.tlsFingerprint());
    variables.put(CaRoot.FINGERPRINT, dunes.pki.Fingerprints.sha256(ca.rootCertificate())); // as ProbeProducts pins it
    ProcessInstance stage = StageCaller.call(engine, stageKey, ticket, variables);
    runStageJobs();
    return stage;
  }

  /** Runs the stage's jobs, its poll timers as they fall due, until it ended. */
  private void runUntilEnded(ProcessInstance stage) {
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
      runStageJobs();
      return engine.getHistoryService().createHistoricProcessInstanceQuery().processInstanceId(stage.getId())
          .singleResult().getEndTime() != null;
    });
  }

  /** Every due job of the stage and of the processes it called, as the job executor would run them. */
  private void runStageJobs() {
    Job job;
    while ((job = nextJob()) != null) {
      engine.getManagementService().executeJob(job.getId());
    }
  }

  private Job nextJob() {
    for (ProcessInstance instance : engine.getRuntimeService().createProcessInstanceQuery()
        .processInstanceBusinessKey(ticket).list()) {
      List<Job> jobs = engine.getManagementService().createJobQuery().processInstanceId(instance.getId()).executable()
          .list();
      if (!jobs.isEmpty()) {
        return jobs.get(0);
      }
    }
    return null;
  }

  private Task openTask() {
    Task task = engine.getTaskService().createTaskQuery().processInstanceBusinessKey(ticket).initializeFormKeys()
        .singleResult();
    assertThat(task).as("an open task of the stage").isNotNull();
    assertThat(task.getTaskDefinitionKey()).isIn("Task_PerformByHand", "Task_PasteSigningRequest");
    return task;
  }

  private void complete(Task task, Map<String, Object> variables) {
    engine.getIdentityService().setAuthentication(OPERATOR, List.of(DunesGroups.OPERATORS));
    try {
      engine.getTaskService().complete(task.getId(), variables);
    } finally {
      engine.getIdentityService().clearAuthentication();
    }
    runStageJobs();
  }

  private String step(Task task) {
    return (String) engine.getTaskService().getVariable(task.getId(), "configurationStep");
  }

  private String instructions(Task task) {
    return (String) engine.getTaskService().getVariable(task.getId(), "configurationInstructions");
  }

  private String verification(Task task) {
    return (String) engine.getTaskService().getVariable(task.getId(), "configurationVerification");
  }

  private static String form(Task task) {
    return task.getCamundaFormRef().getKey();
  }

  /** The values a variable had in every instance of this stage (called processes too). */
  private List<Object> historic(String name) {
    String[] ids = engine.getHistoryService().createHistoricProcessInstanceQuery().processInstanceBusinessKey(ticket)
        .list().stream().map(HistoricProcessInstance::getId).toArray(String[]::new);
    return engine.getHistoryService().createHistoricVariableInstanceQuery().processInstanceIdIn(ids).variableName(name)
        .list().stream().map(v -> v.getValue()).toList();
  }

  private long workflowRuns() {
    return lab.journal.entries("node").stream().map(LabJournal.Entry::operation).filter("workflow-run"::equals).count();
  }

  /** A CSR and its key as an operator's tool makes them: {@code openssl req -new -newkey rsa:2048 -nodes}. */
  private record Csr(String pem, String privateKeyPem, byte[] publicKey) {

    /** A line of the key's base64 body: what a leak would show. */
    String privateKeyBody() {
      return privateKeyPem.lines().filter(l -> !l.startsWith("-----")).findFirst().orElseThrow();
    }
  }

  /** @param subject in RFC 2253 form, as the CA lists it */
  private Csr openSslCsr(String subject) throws Exception {
    Path work = Files.createTempDirectory(dir, "openssl-");
    Path key = work.resolve("key.pem");
    Path request = work.resolve("request.csr");
    List<String> names = new ArrayList<>(List.of(subject.split(",")));
    java.util.Collections.reverse(names); // RFC 2253 names the last RDN first; openssl's -subj goes in DER order
    String slashed = "/" + String.join("/", names);
    Process openssl = new ProcessBuilder("openssl", "req", "-new", "-newkey", "rsa:2048", "-nodes", "-keyout",
        key.toString(), "-out", request.toString(), "-subj", slashed).redirectErrorStream(true).start();
    assertThat(openssl.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(openssl.exitValue()).as(new String(openssl.getInputStream().readAllBytes())).isZero();
    String pem = Files.readString(request);
    return new Csr(pem, Files.readString(key), CertificateRequests.parse(pem).getSubjectPublicKeyInfo().getEncoded());
  }

  /** The same request with the last byte of its signature changed. */
  private static String brokenSignature(String pem) {
    byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
    der[der.length - 1] ^= 0x01;
    return "-----BEGIN CERTIFICATE REQUEST-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
        .encodeToString(der) + "\n-----END CERTIFICATE REQUEST-----\n";
  }
}
