package dunes.appliance.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dunes.appliance.config.ExecutionState.Status;
import dunes.appliance.config.WorkflowResult.Outcome;
import dunes.lab.LabFaults;
import dunes.lab.node.LabNode;
import dunes.lab.node.NodeState;
import dunes.secrets.TestSecrets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** What the configuration client says when vCO refuses, is not ready, is not the pinned one, or fails (127.0.11.30–.49). */
@ExtendWith(OutputCaptureExtension.class)
class HttpVcoConfigClientFailureTest {

  static final String OTHER_FINGERPRINT = "AB:".repeat(31) + "AB";
  static final List<Input> TABLES = List.of();

  @TempDir Path dir;
  VcoConfigLab lab;

  @BeforeEach
  void setUp() {
    lab = new VcoConfigLab(dir);
  }

  @AfterEach
  void close() {
    lab.close();
  }

  @Test
  void shouldSayTheLoginWasRefusedWithoutShowingAPassword(CapturedOutput output) {
    LabNode node = running("vcvco1", "127.0.11.30");
    String wrong = "wrong-" + lab.configPassword;

    assertThatThrownBy(() -> lab.client(wrong, null).converge(lab.target(node), "Use vCenter Server license",
        HttpVcoConfigClientTest.LICENCE))
        .isInstanceOf(VcoAuthenticationException.class)
        .hasMessageContaining("refused every login Dunes has for it (HTTP 401): vcoadmin (secret vco-admin), "
            + "administrator@vsphere.local (secret sso-admin)")
        .message().doesNotContain(wrong).doesNotContain(lab.vcenterPassword);
    assertThat(lab.runs("Use vCenter Server license")).isZero();
    assertThat(output).doesNotContain(wrong).doesNotContain(lab.configPassword).doesNotContain(lab.vcenterPassword);
  }

  @Test
  void shouldReportAStartingServerAsRetryableThenConvergeOnceItRuns() {
    LabNode node = lab.poweredOn("vcvco1", "127.0.11.31", Duration.ofSeconds(2));
    assertThat(node.state()).isEqualTo(NodeState.STARTING);

    assertThatThrownBy(() -> lab.client().converge(lab.target(node), "Create database tables", TABLES))
        .isInstanceOfSatisfying(VcoUnavailableException.class, e -> assertThat(e.answered()).isTrue())
        .hasMessageContaining("503")
        .hasMessageContaining("is STARTING");
    await().atMost(Duration.ofSeconds(5)).until(node::state, NodeState.RUNNING::equals);
    WorkflowResult result = lab.client().converge(lab.target(node), "Create database tables", TABLES);

    assertThat(result.outcome()).isEqualTo(Outcome.STARTED);
    assertThat(lab.runs("Create database tables")).isEqualTo(1);
  }

  @Test
  void shouldReportAStoppedServerAsRetryable() {
    LabNode node = running("vcvco1", "127.0.11.32");
    VcoConfigPort.Target target = lab.target(node);
    node.stopService();

    assertThatThrownBy(() -> lab.client().converge(target, "Create database tables", TABLES))
        .isInstanceOfSatisfying(VcoUnavailableException.class, e -> assertThat(e.answered()).isFalse())
        .hasMessageContaining("refused the connection");
  }

  @Test
  void shouldRefuseANodeWhoseCertificateIsNotThePinnedOneBeforeAnyRequest() {
    LabNode node = running("vcvco1", "127.0.11.33");
    // a request that reached the server would use up this fault
    lab.faults.inject("node:vcvco1", LabFaults.Kind.HTTP_500, 1);
    VcoConfigPort.Target pinnedElsewhere = new VcoConfigPort.Target(node.address(), VcoConfigLab.PORTS.server(),
        OTHER_FINGERPRINT, new VcoConfigPort.Login("vcoadmin", VcoConfigLab.CONFIG));

    assertThatThrownBy(() -> lab.client().converge(pinnedElsewhere, "Create database tables", TABLES))
        .isInstanceOf(VcoTrustException.class)
        .hasMessageContaining("before any request")
        .hasMessageContaining(OTHER_FINGERPRINT)
        .message().doesNotContain(lab.configPassword);
    assertThat(lab.faults.next("node:vcvco1:config")).as("no request reached vCO").hasValue(LabFaults.Kind.HTTP_500);
    assertThat(lab.runs("Create database tables")).isZero();
  }

  @Test
  void shouldNameAWorkflowThatDoesNotExist() {
    LabNode node = running("vcvco1", "127.0.11.34");

    assertThatThrownBy(() -> lab.client().converge(lab.target(node), "Configure the moon", TABLES))
        .isInstanceOfSatisfying(VcoWorkflowNotFoundException.class,
            e -> assertThat(e.workflowName()).isEqualTo("Configure the moon"))
        .hasMessage("vCO has no workflow named 'Configure the moon'; install the plug-in or package that provides it, "
            + "configure its name and id (dunes.appliance.config.workflows), or leave it unconfigured so that an "
            + "operator performs the step");
  }

  @Test
  void shouldCarryVcosErrorTextWhenTheExecutionFailed() {
    LabNode node = running("vcvco1", "127.0.11.35");
    List<Input> notHttps = List.of(Input.string("url", "ftp://sso.lab.local"));

    WorkflowResult started = lab.client().converge(lab.target(node), "Import trusted certificate from URL", notHttps);
    ExecutionState state = lab.client().state(lab.target(node), started.executionHref());
    WorkflowResult retried = lab.client().converge(lab.target(node), "Import trusted certificate from URL", notHttps);

    assertThat(state.status()).isEqualTo(Status.FAILED);
    assertThat(state.error()).contains("Invalid URL 'ftp://sso.lab.local'");
    assertThatThrownBy(state::requireSucceeded)
        .isInstanceOfSatisfying(VcoExecutionFailedException.class,
            e -> assertThat(e.vcoError()).isEqualTo(state.error()))
        .hasMessageStartingWith("workflow 'Import trusted certificate from URL' failed on vCO (execution " + started.executionHref())
        .hasMessageContaining("expected https://<host>[:<port>]");
    assertThat(retried.outcome()).as("a failed run configured nothing").isEqualTo(Outcome.STARTED);
  }

  @Test
  void shouldNameTheExpectedJsonWhenTheAnswerIsGarbage() {
    LabNode node = running("vcvco1", "127.0.11.36");
    lab.faults.inject("node:vcvco1:config", LabFaults.Kind.GARBAGE, 1);

    assertThatThrownBy(() -> lab.client().converge(lab.target(node), "Create database tables", TABLES))
        .isInstanceOf(VcoProtocolException.class)
        .hasMessageContaining("GET /vco/api/workflows?conditions=")
        .hasMessageContaining("expected JSON " + VcoJson.WORKFLOWS_SHAPE);
    assertThat(lab.runs("Create database tables")).isZero();
  }

  @Test
  void shouldReportASilentServerAsRetryable() {
    LabNode node = running("vcvco1", "127.0.11.37");
    lab.faults.inject("node:vcvco1:config", LabFaults.Kind.TIMEOUT, 1);
    HttpVcoConfigClient impatient = new HttpVcoConfigClient(
        new VcoConfigProperties(Duration.ofSeconds(2), Duration.ofMillis(500), null),
        TestSecrets.onLoopback(Map.of("vco-admin", VcoConfigLab.VCOADMIN_PASSWORD)), null, lab.runs,
        null);

    assertThatThrownBy(() -> impatient.converge(lab.target(node), "Create database tables", TABLES))
        .isInstanceOfSatisfying(VcoUnavailableException.class, e -> assertThat(e.answered()).isFalse())
        .hasMessageContaining("gave no answer");
  }

  private LabNode running(String name, String address) {
    LabNode node = lab.poweredOn(name, address, Duration.ofMillis(100));
    await().atMost(Duration.ofSeconds(5)).until(node::state, NodeState.RUNNING::equals);
    return node;
  }
}
