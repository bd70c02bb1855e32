package dunes.appliance.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dunes.build.BuildVariables;
import dunes.lab.LabJournal;
import dunes.lab.node.LabNode;
import dunes.lab.node.NodeState;
import dunes.support.DunesIntegrationTest;
import dunes.support.ExampleRequest;
import dunes.support.LabNodes;
import dunes.support.StageCaller;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RunConfigurationWorkflow with the lab's site package off (a node with only the documented
 * workflows) and the product's defaults (no workflow for the undocumented steps): the step goes to
 * an operator, and Dunes verifies it. Lab node at 127.0.11.70–.79, the ports of {@link VcoConfigLab}.
 */
class ConfigurationByHandProcessTest extends DunesIntegrationTest {

  @TempDir Path dir;
  LabNodes lab;
  LabNode node;

  @BeforeEach
  void node() throws IOException {
    lab = new LabNodes(dir, VcoConfigLab.PORTS, false);
    // the test profile's vco-admin secret: the site changed the embedded LDAP administrator's password
    Path settings = dir.resolve("vcvco1").resolve("etc/vco/app-server/dunes-lab-server.properties");
    Files.createDirectories(settings.getParent());
    Files.writeString(settings, "ldap.vcoadmin.password=Vcoadmin-Secret-Gc18\n");
    node = lab.poweredOn("vcvco1", "127.0.11.70", Duration.ofMillis(100));
    await().atMost(Duration.ofSeconds(5)).until(node::state, NodeState.RUNNING::equals);
  }

  @AfterEach
  void close() {
    lab.close();
  }

  @Test
  void shouldHandAnUndocumentedPluginInstallToAnOperatorAndCheckThePluginList() {
    ProcessInstance run = start("plugin:Powershell");

    Task task = openTask(run);
    assertThat(task.getTaskDefinitionKey()).isEqualTo("Task_PerformByHand");
    assertThat((String) engine.getRuntimeService().getVariable(run.getId(), "configurationInstructions"))
        .contains("https://vcvco1.lab.local:8283").contains("page Plug-ins").contains("'Powershell'")
        .contains("no workflow is configured for this step (dunes.appliance.config.workflows.plugin)");
    confirm(task);

    // the server does not list it: the task comes back with what Dunes saw
    Task again = openTask(run);
    assertThat(again.getTaskDefinitionKey()).isEqualTo("Task_PerformByHand");
    assertThat((String) engine.getRuntimeService().getVariable(run.getId(), "configurationVerification"))
        .contains("GET /vco/api/plugins on vcvco1 does not list 'Powershell'");
    confirm(again); // a task handed back can be confirmed again (and comes back while the plug-in is missing)
    assertThat(openTask(run).getTaskDefinitionKey()).isEqualTo("Task_PerformByHand");
    assertThat(workflowRuns()).as("no configuration workflow ran").isZero();
  }

  @Test
  void shouldEndOnceThePluginListShowsThePlugin() {
    ProcessInstance run = start("plugin:VC"); // one the appliance has

    confirm(openTask(run));

    assertThat(engine.getRuntimeService().createProcessInstanceQuery().processInstanceId(run.getId()).count()).isZero();
    assertThat(historic(run, "configurationVerification")).isEqualTo("GET /vco/api/plugins on vcvco1 lists 'VC' "
        + "(confirmed by " + OPERATOR + ")");
  }

  @Test
  void shouldRecordWhoConfirmedAStepThatHasNoDocumentedRead() {
    ProcessInstance run = start("createTables");

    Task task = openTask(run);
    assertThat((String) engine.getRuntimeService().getVariable(run.getId(), "configurationInstructions"))
        .contains("page Database").contains("Create the database tables");
    confirm(task);

    assertThat(historic(run, "configurationConfirmedBy")).isEqualTo(OPERATOR);
    assertThat(historic(run, "configurationVerification")).isEqualTo("confirmed by " + OPERATOR
        + " (no documented read of this setting)");
    assertThat(workflowRuns()).isZero();
  }

  private ProcessInstance start(String configuration) {
    String spec = ExampleRequest.changed(ExampleRequest.newTicket(), r -> {
      ExampleRequest.node(r, "nodes/0").put("ip", "127.0.11.70");
      ExampleRequest.node(r, "appliance").put("serverPort", VcoConfigLab.PORTS.server());
    });
    ProcessInstance run = StageCaller.call(engine, "RunConfigurationWorkflow", null,
        Map.of(BuildVariables.BUILD_SPEC, spec, BuildVariables.NODE_NAME, "vcvco1", "configuration", configuration,
            ConfigurationTargets.SERVER_FINGERPRINT, node.servedCertificateFingerprint().orElseThrow()));
    runJobs(run.getId());
    return run;
  }

  private Task openTask(ProcessInstance run) {
    return engine.getTaskService().createTaskQuery().processInstanceId(run.getId()).singleResult();
  }

  private void confirm(Task task) {
    engine.getIdentityService().setAuthentication(OPERATOR, java.util.List.of(dunes.security.DunesGroups.OPERATORS));
    try {
      engine.getTaskService().complete(task.getId());
    } finally {
      engine.getIdentityService().clearAuthentication();
    }
    runJobs(task.getProcessInstanceId());
  }

  private Object historic(ProcessInstance run, String name) {
    return engine.getHistoryService().createHistoricVariableInstanceQuery().processInstanceId(run.getId())
        .variableName(name).singleResult().getValue();
  }

  private long workflowRuns() {
    return lab.journal.entries("node").stream().map(LabJournal.Entry::operation).filter("workflow-run"::equals).count();
  }
}
