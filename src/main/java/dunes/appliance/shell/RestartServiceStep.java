package dunes.appliance.shell;

import dunes.build.BuildSpec;
import dunes.build.BuildVariables;
import java.time.Instant;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * {@code service vco-server restart} on node {@code nodeName} when the stage changed its
 * configuration or the service is stopped (the field guide restarts after configuring); a node
 * running with nothing new is left alone, so a replayed step does not restart it again.
 */
@Component
public class RestartServiceStep implements JavaDelegate {

  public static final String ERROR_SHELL_REFUSED = "ShellRefused";
  public static final String RESTARTED_AT = "serviceRestartedAt";
  /** Set by any step of the stage that changed what vco-server reads at start (configuration, keystore). */
  public static final String CHANGED = "nodeConfigurationChanged";

  private final NodeShellPort shell;

  public RestartServiceStep(NodeShellPort shell) {
    this.shell = shell;
  }

  @Override
  public void execute(DelegateExecution execution) {
    BuildSpec spec = BuildVariables.spec(execution);
    BuildSpec.Node node = BuildVariables.node(execution, spec);
    NodeShellPort.Target target = ShellTargets.of(execution, spec, node);
    try {
      boolean changed = Boolean.TRUE.equals(execution.getVariable(CHANGED));
      if (changed || shell.serviceStatus(target) == ServiceState.STOPPED) {
        shell.restartService(target);
        execution.setVariable(CHANGED, false);
      }
      execution.setVariable(RESTARTED_AT, Instant.now().toString());
    } catch (ShellAuthenticationException | ShellTrustException e) {
      throw new BpmnError(ERROR_SHELL_REFUSED, e.getMessage(), e);
    }
  }
}
