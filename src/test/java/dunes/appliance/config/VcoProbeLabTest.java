package dunes.appliance.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dunes.build.BuildRequestReader;
import dunes.build.BuildSpec;
import dunes.build.BuildVariables;
import dunes.build.FieldError;
import dunes.build.probe.ProductProbe;
import dunes.lab.LabJournal;
import dunes.lab.node.LabNode;
import dunes.lab.node.NodeState;
import dunes.support.ExampleRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The read-only probe of node 1's vCO against a lab node with only the documented workflows
 * (no site package). 127.0.11.80–.89, the ports of {@link VcoConfigLab}.
 */
class VcoProbeLabTest {

  @TempDir Path dir;
  VcoConfigLab lab;
  final Map<String, Object> variables = new HashMap<>();
  final String spec = BuildRequestReader.write(BuildRequestReader.parseTrusted(ExampleRequest.changed("CHG-P", r -> {
    ExampleRequest.node(r, "nodes/0").put("ip", "127.0.11.80");
    ExampleRequest.node(r, "appliance").put("serverPort", VcoConfigLab.PORTS.server());
  })));

  @BeforeEach
  void setUp() {
    lab = new VcoConfigLab(dir, false);
  }

  @AfterEach
  void close() {
    lab.close();
  }

  @Test
  void shouldFindEveryDocumentedWorkflowWithTheDefaults() {
    LabNode node = running();

    ProductProbe.ProbeReport report = new VcoProbe(lab.client(), VcoConfigProperties.defaults())
        .probe(BuildRequestReader.parseTrusted(spec), lab.target(node));

    assertThat(report.product()).isEqualTo("vco");
    assertThat(report.version()).isEqualTo("5.5.2");
    assertThat(report.passed()).isTrue();
  }

  @Test
  void shouldStopTheBuildWithTheMissingWorkflowsBeforeAnyConfigurationRan() {
    LabNode node = running();
    // workflows configured that this node lacks: the site package's, on a node without it
    ProbeVcoStep step = new ProbeVcoStep(lab.client(), VcoConfigLab.SITE);

    assertThatThrownBy(() -> step.execute(execution(node)))
        .isInstanceOfSatisfying(BpmnError.class, e -> assertThat(e.getErrorCode()).isEqualTo("ProbeFailed"))
        .hasMessageContaining("dunes.appliance.config.workflows.cluster: vCO 5.5.2 at https://127.0.11.80:41281 has "
            + "no workflow 'Configure cluster' (dunes-lab-configure-cluster)")
        .hasMessageContaining("dunes.appliance.config.workflows.create-tables");
    assertThat((String) variables.get("probeFindings")).contains("dunes.appliance.config.workflows.cluster-status");
    assertThat(variables).containsEntry("vcoVersion", "5.5.2");
    assertThat(lab.journal.entries("node")).extracting(LabJournal.Entry::operation)
        .as("no configuration workflow ran").doesNotContain("workflow-run");
  }

  @Test
  void shouldNameEachMissingWorkflowByItsProperty() {
    LabNode node = running();

    ProductProbe.ProbeReport report = new VcoProbe(lab.client(), VcoConfigLab.SITE)
        .probe(BuildRequestReader.parseTrusted(spec), lab.target(node));

    assertThat(report.findings()).extracting(FieldError::field).containsExactly(
        "dunes.appliance.config.workflows.create-tables", "dunes.appliance.config.workflows.create-package-signing",
        "dunes.appliance.config.workflows.export-package-signing-csr",
        "dunes.appliance.config.workflows.import-trusted-certificate",
        "dunes.appliance.config.workflows.import-package-signing-certificate", "dunes.appliance.config.workflows.cluster",
        "dunes.appliance.config.workflows.cluster-status");
  }

  private DelegateExecution execution(LabNode node) {
    variables.put(BuildVariables.BUILD_SPEC, spec);
    variables.put("nodeName", node.name());
    variables.put(ConfigurationTargets.SERVER_FINGERPRINT, node.servedCertificateFingerprint().orElseThrow());
    DelegateExecution execution = mock(DelegateExecution.class);
    when(execution.getVariable(anyString())).thenAnswer(i -> variables.get(i.getArgument(0, String.class)));
    doAnswer(i -> variables.put(i.getArgument(0), i.getArgument(1))).when(execution).setVariable(anyString(), any());
    return execution;
  }

  private LabNode running() {
    LabNode node = lab.poweredOn("vcvco1", "127.0.11.80", Duration.ofMillis(100));
    await().atMost(Duration.ofSeconds(5)).until(node::state, NodeState.RUNNING::equals);
    return node;
  }
}
