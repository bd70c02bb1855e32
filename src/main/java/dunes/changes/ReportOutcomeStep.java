package dunes.changes;

import static dunes.build.BuildVariables.*;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dunes.build.FieldError;
import dunes.build.Verification;
import dunes.pki.steps.VerifyThroughVirtualIpStep;
import java.time.Instant;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * Tells change management where the build stands. The BPMN activity names the outcome in its
 * input parameter {@code reportedOutcome} (started, completed, failed, cancelled, rejected).
 */
@Component
public class ReportOutcomeStep implements JavaDelegate {

  static final String REPORTED_OUTCOME = "reportedOutcome";
  static final String REPORTED_MESSAGE = "reportedMessage";

  private final ChangeCallbackClient client;
  private final ObjectMapper json;

  public ReportOutcomeStep(ChangeCallbackClient client, ObjectMapper json) {
    this.client = client;
    this.json = json;
  }

  @Override
  public void execute(DelegateExecution execution) throws Exception {
    String outcome = (String) execution.getVariableLocal(REPORTED_OUTCOME);
    if (outcome == null) {
      throw new IllegalStateException("activity " + execution.getCurrentActivityId()
          + " has no input parameter '" + REPORTED_OUTCOME + "'");
    }
    if (!"started".equals(outcome)) {
      execution.getProcessInstance().setVariable(OUTCOME, outcome);
    }
    client.send(new OutcomeReport(
        execution.getProcessInstanceId() + ":" + outcome,
        (String) execution.getVariable(TICKET),
        execution.getProcessInstanceId(),
        outcome,
        (String) execution.getVariableLocal(REPORTED_MESSAGE),
        errors(execution),
        "completed".equals(outcome) ? verification(execution) : null,
        Instant.now()));
  }

  private Verification verification(DelegateExecution execution) throws Exception {
    String verification = (String) execution.getVariable(VerifyThroughVirtualIpStep.VERIFICATION);
    return verification == null ? null : json.readValue(verification, Verification.class);
  }

  private List<FieldError> errors(DelegateExecution execution) throws Exception {
    String errors = (String) execution.getVariable(VALIDATION_ERRORS);
    return errors == null ? List.of() : json.readValue(errors, new TypeReference<List<FieldError>>() {});
  }
}
