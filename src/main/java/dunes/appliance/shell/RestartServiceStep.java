package dunes.appliance.shell;

import dunes.build.BuildSpec;
import dunes.build.BuildVariables;
import java.time.Instant;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * {@code service vco-server restart} on node {@code nodeName} when its configuration changed since
 * vco-server last started there or the service is stopped (the field guide restarts after
 * configuring); a node running with nothing new is left alone, so a replayed step does not restart
 * it again. What changed and when it restarted come from {@link NodeRestarts}, committed before
 * each change and each restart, so a job that died after a workflow ran (its variables lost) still
 * restarts, and one that died after the restart does not restart twice.
 */
@Component
public class RestartServiceStep implements JavaDelegate {

  public static final String ERROR_SHELL_REFUSED = "ShellRefused";
  public static final String RESTARTED_AT = "serviceRestartedAt";
  /** Set by any step of the stage that changed what vco-server reads at start (configuration, keystore). */
  public static final String CHANGED = "nodeConfigurationChanged";

  private final NodeShellPort shell;
  private final NodeRestarts restarts;

  public RestartServiceStep(NodeShellPort shell, NodeRestarts restarts) {
    this.shell = shell;
    this.restarts = restarts;
  }

  @Override
  public void execute(DelegateExecution execution) {
    BuildSpec spec = BuildVariables.spec(execution);
    BuildSpec.Node node = BuildVariables.node(execution, spec);
    NodeShellPort.Target target = ShellTargets.of(execution, spec, node);
    try {
      // the variable covers a change no mark announced; once this step issued its restart, only marks count
      boolean changed = restarts.changedSinceLastRestart(target.host()) || (Boolean.TRUE.equals(execution.getVariable(CHANGED))
          && !restarts.issued(execution.getProcessInstanceId(), execution.getCurrentActivityId()));
      if (changed || shell.serviceStatus(target) == ServiceState.STOPPED) {
        restarts.markRestart(execution.getProcessInstanceId(), execution.getCurrentActivityId(), target.host());
        shell.restartService(target);
        execution.setVariable(CHANGED, false);
      }
      execution.setVariable(RESTARTED_AT, Instant.now().toString());
    } catch (ShellAuthenticationException | ShellTrustException e) {
      throw new BpmnError(ERROR_SHELL_REFUSED, e.getMessage(), e);
    }
  }
}
