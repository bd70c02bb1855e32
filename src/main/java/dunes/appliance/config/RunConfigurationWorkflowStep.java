package dunes.appliance.config;

import static dunes.appliance.shell.RestartServiceStep.CHANGED;

import dunes.appliance.shell.NodeRestarts;
import dunes.build.BuildSpec;
import dunes.build.BuildVariables;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Starts the configuration {@code configuration} (network, sso, ...) on node {@code nodeName}
 * unless Dunes's record shows it done with the same inputs; the wait loop then polls the
 * execution. A step whose workflow is not configured, or not found on the node, is handed to an
 * operator ({@code configurationByHand}, with {@code configurationInstructions}: what to do on
 * which configurator page). The two
 * package-signing imports take the certificate from {@code certificatePem}. A refused login or
 * request is a BPMN error (retrying cannot help); an appliance that is starting (503) or
 * unreachable is retried.
 */
@Component
public class RunConfigurationWorkflowStep implements JavaDelegate {

  private static final Logger LOG = LoggerFactory.getLogger(RunConfigurationWorkflowStep.class);
  public static final String ERROR_CONFIGURATION_REFUSED = "ConfigurationRefused";
  static final String EXECUTION = "configurationExecution";
  static final String DONE = "configurationDone";
  static final String BY_HAND = "configurationByHand";
  static final String INSTRUCTIONS = "configurationInstructions";
  static final String STEP = "configurationStep";

  private final VcoConfigPort vco;
  private final VcoConfigProperties properties;
  private final NodeRestarts restarts;

  public RunConfigurationWorkflowStep(VcoConfigPort vco, VcoConfigProperties properties, NodeRestarts restarts) {
    this.vco = vco;
    this.restarts = restarts;
    this.properties = properties;
  }

  @Override
  public void execute(DelegateExecution execution) {
    BuildSpec spec = BuildVariables.spec(execution);
    BuildSpec.Node node = BuildVariables.node(execution, spec);
    NodeConfiguration configuration = NodeConfiguration.of((String) execution.getVariable("configuration"), spec, node,
        properties, (String) execution.getVariable(NodeConfiguration.CERTIFICATE_PEM));
    execution.setVariable(STEP, configuration.step());
    if (!configuration.automated()) {
      byHand(execution, node, configuration, "no workflow is configured for this step (dunes.appliance.config.workflows."
          + configuration.step() + ")");
      return;
    }
    // a workflow that changes the node announces it before it may run: the restart after it must not
    // hang on this job's variables, which a crash between the run and the commit would lose
    String mark = configuration.match() == Match.NEVER ? null : restarts.markChange(node.ip());
    try {
      WorkflowResult result = vco.converge(ConfigurationTargets.of(execution, spec, node), configuration.workflow(),
          configuration.inputs(), configuration.match());
      if (mark != null && result.outcome() == WorkflowResult.Outcome.ALREADY_CONFIGURED) {
        restarts.withdrawChange(mark); // this attempt changed nothing; an earlier one's mark stands
      }
      execution.setVariable(BY_HAND, false);
      execution.setVariable(EXECUTION, result.executionHref());
      execution.setVariable(DONE, !result.mustPoll());
      // kept across the stage's calls: any run that started a workflow means a restart, except a
      // read-only one (Match.NEVER, the cluster's status), which starts a run each time and changes nothing
      execution.setVariable(CHANGED, Boolean.TRUE.equals(execution.getVariable(CHANGED))
          || (result.outcome() == WorkflowResult.Outcome.STARTED && configuration.match() != Match.NEVER));
      execution.setVariable("configurationResult", result.summary());
    } catch (VcoWorkflowNotFoundException e) {
      byHand(execution, node, configuration, e.getMessage()); // the operator's change keeps the mark
    } catch (VcoAuthenticationException | VcoTrustException | VcoRejectedException e) {
      if (mark != null) {
        restarts.withdrawChange(mark); // refused: no run started (an unreachable node keeps it: the run may have)
      }
      throw new BpmnError(ERROR_CONFIGURATION_REFUSED, e.getMessage(), e);
    }
  }

  private static void byHand(DelegateExecution execution, BuildSpec.Node node, NodeConfiguration configuration,
      String why) {
    LOG.info("node {}: step '{}' goes to an operator: {}", node.name(), configuration.step(), why);
    execution.setVariable(BY_HAND, true);
    execution.setVariable(DONE, true);
    String instructions = configuration.byHand();
    // a certificate to import ends the instructions: the reason goes on a line of its own after it
    execution.setVariable(INSTRUCTIONS, "Node " + node.name() + " (" + node.fqdn() + "): " + instructions.strip()
        + (instructions.endsWith("\n") ? "\n" : " ") + "Dunes cannot do this itself: " + why + ".");
    // a step done by hand may need the restart as much as one done by a workflow
    execution.setVariable(CHANGED, Boolean.TRUE.equals(execution.getVariable(CHANGED))
        || configuration.match() != Match.NEVER);
  }
}
