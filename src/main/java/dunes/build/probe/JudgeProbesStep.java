package dunes.build.probe;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dunes.build.FieldError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * Reads every probe report of the build and decides: {@code probesPassed} true when no product
 * lacks anything; otherwise the findings are recorded as {@link Findings} (the build's
 * {@code validationErrors} and {@code probeSummary}).
 * {@code probedVersions} lists what each product said it is, for Cockpit.
 */
@Component
public class JudgeProbesStep implements JavaDelegate {

  static final String PROBES_PASSED = "probesPassed";
  static final String PROBED_VERSIONS = "probedVersions";

  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public void execute(DelegateExecution execution) throws JsonProcessingException {
    Map<String, ProductProbe.ProbeReport> reports = new TreeMap<>();
    for (Map.Entry<String, Object> variable : execution.getVariables().entrySet()) {
      if (variable.getKey().startsWith(ProbeProductStep.REPORT_PREFIX) && variable.getValue() instanceof String text) {
        ProductProbe.ProbeReport report = JSON.readValue(text, ProductProbe.ProbeReport.class);
        reports.put(report.product(), report);
      }
    }
    if (reports.isEmpty()) {
      throw new IllegalStateException("no probe reported: the probes run before this step");
    }
    List<FieldError> findings = new ArrayList<>();
    List<String> versions = new ArrayList<>();
    reports.values().forEach(report -> {
      findings.addAll(report.findings());
      versions.add(report.product() + "=" + report.version());
    });
    execution.setVariable(PROBED_VERSIONS, String.join(", ", versions));
    execution.setVariable(PROBES_PASSED, findings.isEmpty());
    Findings.record(execution, findings);
  }
}
