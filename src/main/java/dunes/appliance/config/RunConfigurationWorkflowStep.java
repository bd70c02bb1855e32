package dunes.appliance.config;

import static dunes.appliance.shell.RestartServiceStep.CHANGED;

import dunes.build.BuildSpec;
import dunes.build.BuildVariables;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * Starts the configuration {@code configuration} (network, sso, ...) on node {@code nodeName}
 * unless the node's execution history shows it done with the same inputs; the wait loop then polls
 * the execution. A refused login or request is a BPMN error (retrying cannot help); an appliance
 * that is starting (503) or unreachable is retried.
 */
@Component
public class RunConfigurationWorkflowStep implements JavaDelegate {

  public static final String ERROR_CONFIGURATION_REFUSED = "ConfigurationRefused";
  static final String EXECUTION = "configurationExecution";
  static final String DONE = "configurationDone";

  private final VcoConfigPort vco;

  public RunConfigurationWorkflowStep(VcoConfigPort vco) {
    this.vco = vco;
  }

  @Override
  public void execute(DelegateExecution execution) {
    BuildSpec spec = BuildVariables.spec(execution);
    BuildSpec.Node node = BuildVariables.node(execution, spec);
    NodeConfiguration configuration = NodeConfiguration.of((String) execution.getVariable("configuration"), spec, node);
    try {
      WorkflowResult result = vco.converge(ConfigurationTargets.of(execution, spec, node), configuration.workflow(),
          configuration.inputs(), configuration.match());
      execution.setVariable(EXECUTION, result.executionHref());
      execution.setVariable(DONE, !result.mustPoll());
      // kept across the stage's calls: any run that started a workflow means a restart, except a
      // read-only one (Match.NEVER, the cluster's status), which starts a run each time and changes nothing
      execution.setVariable(CHANGED, Boolean.TRUE.equals(execution.getVariable(CHANGED))
          || (result.outcome() == WorkflowResult.Outcome.STARTED && configuration.match() != Match.NEVER));
      execution.setVariable("configurationResult", result.summary());
    } catch (VcoAuthenticationException | VcoTrustException | VcoRejectedException e) {
      throw new BpmnError(ERROR_CONFIGURATION_REFUSED, e.getMessage(), e);
    }
  }
}
