package dunes.appliance.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dunes.appliance.config.ExecutionState.Status;
import dunes.appliance.config.WorkflowResult.Outcome;
import dunes.lab.LabJournal;
import dunes.lab.node.LabNode;
import dunes.lab.node.NodeState;
import dunes.pki.keys.CertificateRequests;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.hc.client5.http.impl.InMemoryDnsResolver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** The configuration client against a lab node: find, run, poll, and converge (127.0.11.10–.29). */
@ExtendWith(OutputCaptureExtension.class)
class HttpVcoConfigClientTest {

  static final List<Input> LICENCE = List.of(Input.string("vcenterHost", "vcenter.lab.local"),
      Input.string("vcenterUser", "administrator@vsphere.local"), Input.secure("vcenterPassword", VcoConfigLab.VCENTER, VcoConfigLab.VCENTER_SDK));

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
  void shouldFindRunAndPollAWorkflowToCompleted() {
    LabNode node = running("vcvco1", "127.0.11.10");

    WorkflowResult started = lab.client().converge(lab.target(node), "Install plug-in",
        List.of(Input.string("pluginName", "vCAC")));
    ExecutionState state = lab.client().state(lab.target(node), started.executionHref());

    assertThat(started.outcome()).isEqualTo(Outcome.STARTED);
    assertThat(started.workflowId()).isEqualTo("dunes-lab-install-plugin");
    assertThat(started.mustPoll()).isTrue();
    assertThat(started.executionHref()).startsWith("https://127.0.11.10:41281/vco/api/workflows/dunes-lab-install-plugin/executions/");
    assertThat(state.status()).isEqualTo(Status.COMPLETED);
    assertThat(state.workflowName()).isEqualTo("Install plug-in");
    assertThat(state.requireSucceeded()).isSameAs(state);
    assertThat(node.configurationInputs().get("Install plug-in")).containsEntry("pluginName", "vCAC");
  }

  @Test
  void shouldRunEachWorkflowOnceWhenConvergedTwice() {
    LabNode node = running("vcvco1", "127.0.11.11");
    List<Step> steps = List.of(
        new Step("Import trusted certificate from URL", List.of(Input.string("url", "https://sso.lab.local:7444")), Match.ANY_COMPLETED),
        new Step("Import trusted certificate from URL", List.of(Input.string("url", "https://vcenter.lab.local")), Match.ANY_COMPLETED),
        new Step("Create database tables", List.of(), Match.NEWEST_COMPLETED),
        new Step("Use vCenter Server license", LICENCE, Match.NEWEST_COMPLETED),
        new Step("Install plug-in", List.of(Input.string("pluginName", "vCAC")), Match.ANY_COMPLETED),
        new Step("Install plug-in", List.of(Input.string("pluginName", "PowerShell")), Match.ANY_COMPLETED),
        new Step("Configure cluster", List.of(Input.bool("clusterMode", true), Input.number("activeNodes", 2),
            Input.number("heartbeatInterval", 5000), Input.number("failoverHeartbeats", 12)), Match.NEWEST_COMPLETED));

    List<WorkflowResult> first = steps.stream().map(step -> converge(node, step)).toList();
    List<WorkflowResult> again = steps.stream().map(step -> converge(node, step)).toList();

    assertThat(first).extracting(WorkflowResult::outcome).containsOnly(Outcome.STARTED);
    assertThat(again).extracting(WorkflowResult::outcome).containsOnly(Outcome.ALREADY_CONFIGURED);
    assertThat(again).noneMatch(WorkflowResult::mustPoll);
    assertThat(again).extracting(WorkflowResult::executionHref)
        .containsExactlyElementsOf(first.stream().map(WorkflowResult::executionHref).toList());
    assertThat(lab.runs("Import trusted certificate from URL")).isEqualTo(2);
    assertThat(lab.runs("Create database tables")).isEqualTo(1);
    assertThat(lab.runs("Use vCenter Server license")).isEqualTo(1);
    assertThat(lab.runs("Install plug-in")).isEqualTo(2);
    assertThat(lab.runs("Configure cluster")).isEqualTo(1);
  }

  @Test
  void shouldRunASettingAgainWhenAnotherRunCameAfterIt() {
    LabNode node = running("vcvco1", "127.0.11.18");
    List<Input> sso = List.of(Input.string("url", "https://sso.lab.local:7444"));
    List<Input> vcenter = List.of(Input.string("url", "https://vcenter.lab.local"));
    lab.client().converge(lab.target(node), "Import trusted certificate from URL", sso);
    lab.client().converge(lab.target(node), "Import trusted certificate from URL", vcenter);

    WorkflowResult asASetting = lab.client().converge(lab.target(node), "Import trusted certificate from URL", sso);
    WorkflowResult asAnAddition = lab.client().converge(lab.target(node), "Import trusted certificate from URL", vcenter,
        Match.ANY_COMPLETED);

    assertThat(asASetting.outcome()).as("only the newest completed run counts").isEqualTo(Outcome.STARTED);
    assertThat(asAnAddition.outcome()).isEqualTo(Outcome.ALREADY_CONFIGURED);
    assertThat(lab.runs("Import trusted certificate from URL")).isEqualTo(3);
  }

  @Test
  void shouldRunAgainWhenANonSecretInputChanged() {
    LabNode node = running("vcvco1", "127.0.11.12");
    String ssoPage = "Configure network settings";

    WorkflowResult first = lab.client().converge(lab.target(node), ssoPage, sso("sso.lab.local", 7444));
    WorkflowResult samePortWrittenOtherwise = lab.client().converge(lab.target(node), ssoPage,
        List.of(Input.secure("ssoAdminPassword", VcoConfigLab.VCENTER, VcoConfigLab.SSO_ADMIN), Input.number("ssoPort", new BigDecimal("7444.0")),
            Input.string("ssoHost", "sso.lab.local")));
    WorkflowResult otherHost = lab.client().converge(lab.target(node), ssoPage, sso("sso2.lab.local", 7444));
    WorkflowResult backToTheFirst = lab.client().converge(lab.target(node), ssoPage, sso("sso.lab.local", 7444));

    assertThat(first.outcome()).isEqualTo(Outcome.STARTED);
    assertThat(samePortWrittenOtherwise.outcome()).isEqualTo(Outcome.ALREADY_CONFIGURED);
    assertThat(otherHost.outcome()).isEqualTo(Outcome.STARTED);
    assertThat(backToTheFirst.outcome()).as("the newest completed run is the node's configuration")
        .isEqualTo(Outcome.STARTED);
    assertThat(lab.runs(ssoPage)).isEqualTo(3);
    assertThat(node.configurationInputs().get(ssoPage)).containsEntry("ssoHost", "sso.lab.local");
  }

  @Test
  void shouldNotRunAgainWhenOnlyASecretChanged() {
    LabNode node = running("vcvco1", "127.0.11.13");
    lab.client().converge(lab.target(node), "Use vCenter Server license", LICENCE);

    WorkflowResult newPassword = lab.client(VcoConfigLab.VCOADMIN_PASSWORD, "a-new-vcenter-password", null)
        .converge(lab.target(node), "Use vCenter Server license", LICENCE);

    assertThat(newPassword.outcome()).as("SecureStrings compare by presence only").isEqualTo(Outcome.ALREADY_CONFIGURED);
    assertThat(lab.runs("Use vCenter Server license")).isEqualTo(1);
  }

  @Test
  void shouldAdoptARunningExecutionWithTheSameInputs() {
    LabNode node = running("vcvco1", "127.0.11.14");
    List<Input> aMinute = List.of(Input.number("sleepTime", 60));

    WorkflowResult started = lab.client().converge(lab.target(node), "Sleep", aMinute);
    WorkflowResult replayed = lab.client().converge(lab.target(node), "Sleep", aMinute);
    WorkflowResult otherInputs = lab.client().converge(lab.target(node), "Sleep", List.of(Input.number("sleepTime", 0)));

    assertThat(started.outcome()).isEqualTo(Outcome.STARTED);
    assertThat(replayed.outcome()).isEqualTo(Outcome.ADOPTED);
    assertThat(replayed.executionHref()).isEqualTo(started.executionHref());
    assertThat(replayed.mustPoll()).isTrue();
    assertThat(otherInputs.outcome()).isEqualTo(Outcome.STARTED);
    assertThat(lab.client().state(lab.target(node), replayed.executionHref()).status()).isEqualTo(Status.RUNNING);
    assertThat(lab.runs("Sleep")).isEqualTo(2);
  }

  @Test
  void shouldPollARunningExecutionUntilItCompletes() {
    LabNode node = running("vcvco1", "127.0.11.15");
    WorkflowResult started = lab.client().converge(lab.target(node), "Sleep", List.of(Input.number("sleepTime", 1)));

    await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
        .until(() -> lab.client().state(lab.target(node), started.executionHref()).ended());

    assertThat(lab.client().state(lab.target(node), started.executionHref()).status()).isEqualTo(Status.COMPLETED);
    assertThat(lab.client().converge(lab.target(node), "Sleep", List.of(Input.number("sleepTime", 1))).outcome())
        .isEqualTo(Outcome.ALREADY_CONFIGURED);
  }

  @Test
  void shouldKeepSecureStringsOutOfTheJournalAndTheLogs(CapturedOutput output) {
    LabNode node = running("vcvco1", "127.0.11.16");

    WorkflowResult licence = lab.client().converge(lab.target(node), "Use vCenter Server license", LICENCE);
    lab.client().converge(lab.target(node), "Use vCenter Server license", LICENCE);

    assertThat(licence.outcome()).isEqualTo(Outcome.STARTED);
    assertThat(node.configurationInputs().get("Use vCenter Server license")).containsEntry("vcenterPassword", "****");
    assertThat(lab.journal.entries()).extracting(LabJournal.Entry::detail)
        .noneMatch(detail -> detail.contains(lab.vcenterPassword) || detail.contains(lab.configPassword));
    assertThat(output).contains("'Use vCenter Server license' already configured")
        .contains("vcenterPassword=secretRef:vcenter-admin")
        .doesNotContain(lab.vcenterPassword).doesNotContain(lab.configPassword);
  }

  @Test
  void shouldReadTheCsrOutputOfACompletedRunAndOfTheSameRunWhenConvergedAgain() throws Exception {
    LabNode node = running("vcvco1", "127.0.11.19");
    List<Input> subject = List.of(Input.string("commonName", "vcvco.domain.local"), Input.string("organization", "Domain"),
        Input.string("organizationalUnit", "IT"), Input.string("country", "US"));
    WorkflowResult created = lab.client().converge(lab.target(node), "Create package signing certificate", subject);
    await().atMost(Duration.ofSeconds(5)).until(() -> lab.client().state(lab.target(node), created.executionHref()).ended());
    assertThat(lab.client().state(lab.target(node), created.executionHref()).requireSucceeded().outputs()).isEmpty();

    WorkflowResult exported = lab.client().converge(lab.target(node), "Export package signing CSR", List.of());
    await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
        .until(() -> lab.client().state(lab.target(node), exported.executionHref()).ended());
    ExecutionState completed = lab.client().state(lab.target(node), exported.executionHref()).requireSucceeded();
    Map<String, String> outputs = lab.client().outputs(lab.target(node), exported.executionHref());
    WorkflowResult again = lab.client().converge(lab.target(node), "Export package signing CSR", List.of());

    assertThat(exported.outcome()).isEqualTo(Outcome.STARTED);
    assertThat(completed.status()).isEqualTo(Status.COMPLETED);
    assertThat(completed.outputs()).containsOnlyKeys("csr").isEqualTo(outputs);
    assertThat(CertificateRequests.summarize(outputs.get("csr")).subject())
        .isEqualTo("CN=vcvco.domain.local,OU=IT,O=Domain,C=US");
    assertThat(again.outcome()).isEqualTo(Outcome.ALREADY_CONFIGURED);
    assertThat(again.executionHref()).isEqualTo(exported.executionHref());
    assertThat(lab.client().outputs(lab.target(node), again.executionHref())).isEqualTo(outputs);
    assertThat(lab.runs("Export package signing CSR")).isEqualTo(1);
  }

  @Test
  void shouldFailToReadTheOutputsOfAFailedRun() {
    LabNode node = running("vcvco1", "127.0.11.20");
    WorkflowResult noCertificate = lab.client().converge(lab.target(node), "Export package signing CSR", List.of());

    assertThatThrownBy(() -> lab.client().outputs(lab.target(node), noCertificate.executionHref()))
        .isInstanceOf(VcoExecutionFailedException.class)
        .hasMessageContaining("There is no package signing certificate");
  }

  @Test
  void shouldReachTheNodeByItsNameThroughTheGivenResolver() throws Exception {
    LabNode node = running("vcvco1", "127.0.11.17");
    InMemoryDnsResolver names = new InMemoryDnsResolver();
    names.add("vcvco1.lab.local", InetAddress.getByAddress("vcvco1.lab.local", new byte[] {127, 0, 11, 17}));
    VcoConfigPort.Target byName = new VcoConfigPort.Target("vcvco1.lab.local", VcoConfigLab.PORTS.server(),
        node.servedCertificateFingerprint().orElseThrow(), new VcoConfigPort.Login("vcoadmin", VcoConfigLab.CONFIG));

    WorkflowResult result = lab.client(VcoConfigLab.VCOADMIN_PASSWORD, names).converge(byName, "Create database tables", List.of());

    assertThat(result.executionHref()).startsWith("https://vcvco1.lab.local:41281/");
    assertThat(lab.client(VcoConfigLab.VCOADMIN_PASSWORD, names).state(byName, result.executionHref()).status())
        .isEqualTo(Status.COMPLETED);
  }

  private record Step(String workflow, List<Input> inputs, Match match) {}

  private WorkflowResult converge(LabNode node, Step step) {
    return lab.client().converge(lab.target(node), step.workflow(), step.inputs(), step.match());
  }

  /** inputs of a setting (the lab's "Configure network settings" takes any): a host, a port, a secret */
  private static List<Input> sso(String host, long port) {
    return List.of(Input.string("ssoHost", host), Input.number("ssoPort", port),
        Input.secure("ssoAdminPassword", VcoConfigLab.VCENTER, VcoConfigLab.SSO_ADMIN));
  }

  private LabNode running(String name, String address) {
    LabNode node = lab.poweredOn(name, address, Duration.ofMillis(100));
    await().atMost(Duration.ofSeconds(5)).until(node::state, NodeState.RUNNING::equals);
    return node;
  }
}
