package dunes.appliance.config;

import dunes.build.BuildSpec;
import dunes.build.BuildVariables;
import dunes.engine.Wait;
import dunes.engine.WaitDeadlines;
import java.util.Locale;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * One look at a running configuration workflow. A run that failed because SSO refused the
 * administrator's credentials is a BPMN error (a wrong password does not get better by retrying);
 * any other failure throws with vCO's error text and ends as an incident, and so does a run still
 * going {@code dunes.deadlines.configuration-workflow} after the first look ({@link WaitDeadlines}).
 */
@Component
public class AwaitConfigurationWorkflowStep implements JavaDelegate {

  public static final String ERROR_SSO_CREDENTIALS = "SsoCredentialsRefused";

  private final VcoConfigPort vco;
  private final WaitDeadlines deadlines;

  public AwaitConfigurationWorkflowStep(VcoConfigPort vco, WaitDeadlines deadlines) {
    this.vco = vco;
    this.deadlines = deadlines;
  }

  @Override
  public void execute(DelegateExecution execution) {
    BuildSpec spec = BuildVariables.spec(execution);
    BuildSpec.Node node = BuildVariables.node(execution, spec);
    ExecutionState state = vco.state(ConfigurationTargets.of(execution, spec, node),
        (String) execution.getVariable(RunConfigurationWorkflowStep.EXECUTION));
    if (state.status() == ExecutionState.Status.FAILED && credentialsRefused(state.error())) {
      throw new BpmnError(ERROR_SSO_CREDENTIALS, "node " + node.name() + ": " + state.workflowName() + " failed: "
          + state.error() + " (check sso.username and the secret " + spec.sso().passwordRef() + ")");
    }
    boolean ended = state.requireSucceeded().ended();
    if (!ended) {
      deadlines.check(execution, Wait.CONFIGURATION_WORKFLOW, "the run of '" + state.workflowName() + "' on node "
          + node.name() + " (" + state.executionHref() + ") to end", state.status().name());
    }
    execution.setVariable(RunConfigurationWorkflowStep.DONE, ended);
  }

  /** vCO's text for refused SSO credentials (*unverified* wording; the lab uses InvalidCredentialException). */
  static boolean credentialsRefused(String error) {
    return error != null && error.toLowerCase(Locale.ROOT).contains("invalidcredential");
  }
}
