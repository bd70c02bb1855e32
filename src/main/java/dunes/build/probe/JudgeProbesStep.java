package dunes.build.probe;

import static dunes.build.BuildVariables.VALIDATION_ERRORS;

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
 * lacks anything; otherwise the findings become the build's {@code validationErrors} (the field
 * errors change management gets with the rejection) and {@code probeSummary} says them in one line.
 * {@code probedVersions} lists what each product said it is, for Cockpit.
 */
@Component
public class JudgeProbesStep implements JavaDelegate {

  static final String PROBES_PASSED = "probesPassed";
  static final String PROBE_SUMMARY = "probeSummary";
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
    if (!findings.isEmpty()) {
      execution.setVariable(VALIDATION_ERRORS, JSON.writeValueAsString(findings));
      execution.setVariable(PROBE_SUMMARY, summary(findings));
    }
  }

  static String summary(List<FieldError> findings) {
    List<String> parts = findings.stream().map(f -> f.field() + ": " + f.message()).toList();
    return findings.size() + " finding(s): " + String.join("; ", parts);
  }
}
