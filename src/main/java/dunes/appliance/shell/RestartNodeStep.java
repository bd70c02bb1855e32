package dunes.appliance.shell;

import dunes.build.BuildSpec;
import dunes.build.BuildVariables;
import java.time.Instant;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * RestartNode's {@code service vco-server restart}, which the caller wants whatever the node's
 * state (a cluster setting is read only at start). Before the command, its mark in
 * {@link NodeRestarts} (stage instance, activity, host, time) commits in a transaction of its own; a rerun of a job that
 * died after issuing it finds that row and looks at the service: STARTING is the restart under way,
 * so it is not issued again. RUNNING or STANDBY cannot tell an old start from the new one (the
 * status line carries no start time), so the rerun restarts again: harmless, where a missed restart
 * would leave the setting unread.
 */
@Component
public class RestartNodeStep implements JavaDelegate {

  private final NodeShellPort shell;
  private final NodeRestarts restarts;

  public RestartNodeStep(NodeShellPort shell, NodeRestarts restarts) {
    this.shell = shell;
    this.restarts = restarts;
  }

  @Override
  public void execute(DelegateExecution execution) {
    BuildSpec spec = BuildVariables.spec(execution);
    NodeShellPort.Target target = ShellTargets.of(execution, spec, BuildVariables.node(execution, spec));
    try {
      boolean issuedBefore = restarts.issued(execution.getProcessInstanceId(), execution.getCurrentActivityId());
      if (!(issuedBefore && shell.serviceStatus(target) == ServiceState.STARTING)) {
        restarts.markRestart(execution.getProcessInstanceId(), execution.getCurrentActivityId(), target.host());
        shell.restartService(target);
      }
      execution.setVariable(RestartServiceStep.RESTARTED_AT, Instant.now().toString());
    } catch (ShellAuthenticationException | ShellTrustException e) {
      throw new BpmnError(RestartServiceStep.ERROR_SHELL_REFUSED, e.getMessage(), e);
    }
  }
}
