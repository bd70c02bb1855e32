package dunes.build.probe;

import static dunes.build.BuildVariables.VALIDATION_ERRORS;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dunes.build.FieldError;
import java.util.List;
import org.camunda.bpm.engine.delegate.VariableScope;

/**
 * The one way a check before any change reports what an operator must fix: the field errors as the
 * build's {@code validationErrors} (what change management gets with the rejection and the status
 * API shows) and {@code probeSummary}, the same in one line for the "build not started" report.
 */
public final class Findings {

  public static final String PROBE_SUMMARY = "probeSummary";

  private static final ObjectMapper JSON = new ObjectMapper();

  private Findings() {}

  /** Records {@code findings} on {@code execution}; none records nothing. */
  public static void record(VariableScope execution, List<FieldError> findings) {
    if (findings.isEmpty()) {
      return;
    }
    try {
      execution.setVariable(VALIDATION_ERRORS, JSON.writeValueAsString(findings));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write field errors as JSON: " + e.getMessage(), e);
    }
    execution.setVariable(PROBE_SUMMARY, summary(findings));
  }

  static String summary(List<FieldError> findings) {
    List<String> parts = findings.stream().map(f -> f.field() + ": " + f.message()).toList();
    return findings.size() + " finding(s): " + String.join("; ", parts);
  }
}
