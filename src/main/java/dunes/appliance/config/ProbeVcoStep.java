package dunes.appliance.config;

import dunes.build.BuildSpec;
import dunes.build.BuildVariables;
import dunes.build.probe.ProductProbe;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * {@link VcoProbe} on node 1 as a process step, before its first configuration workflow: sets
 * {@code vcoVersion}, and ends the build with the BPMN error {@code ProbeFailed} listing the
 * findings field by field ({@code probeFindings}) when a workflow the build will run is missing.
 */
@Component
public class ProbeVcoStep implements JavaDelegate {

  public static final String ERROR_PROBE_FAILED = "ProbeFailed";
  static final String VERSION = "vcoVersion";
  static final String FINDINGS = "probeFindings";
  private static final Logger LOG = LoggerFactory.getLogger(ProbeVcoStep.class);

  private final VcoProbe probe;

  public ProbeVcoStep(VcoConfigPort vco, VcoConfigProperties properties) {
    this.probe = new VcoProbe(vco, properties);
  }

  @Override
  public void execute(DelegateExecution execution) {
    BuildSpec spec = BuildVariables.spec(execution);
    BuildSpec.Node node = BuildVariables.node(execution, spec);
    ProductProbe.ProbeReport report;
    try {
      report = probe.probe(spec, ConfigurationTargets.of(execution, spec, node));
    } catch (VcoAuthenticationException | VcoTrustException e) {
      throw new BpmnError(RunConfigurationWorkflowStep.ERROR_CONFIGURATION_REFUSED, e.getMessage(), e);
    }
    execution.setVariable(VERSION, report.version());
    LOG.info("probe of vCO on {}: version {}, {} finding(s)", node.name(), report.version(), report.findings().size());
    if (!report.passed()) {
      String findings = report.findings().stream().map(f -> f.field() + ": " + f.message())
          .collect(Collectors.joining("; "));
      execution.setVariable(FINDINGS, findings);
      throw new BpmnError(ERROR_PROBE_FAILED, "the probe of vCO on " + node.name() + " found what the build needs "
          + "missing, before any configuration change: " + findings);
    }
  }
}
