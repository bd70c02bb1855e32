package dunes.appliance.shell;

import dunes.build.BuildSpec;
import dunes.build.BuildVariables;
import dunes.engine.Wait;
import dunes.engine.WaitDeadlines;
import java.time.Instant;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * One look at vco-server after a restart (a timer brings the next). Past
 * {@code dunes.deadlines.service-start} since the restart it throws ({@link WaitDeadlines}), so the
 * stage ends as an incident naming the state the node is stuck in; an operator fixes the node and retries. With
 * {@code acceptStandby} true, STANDBY counts as started too: a node restarted into a cluster that
 * already has its active nodes comes up standby and stays so until a place falls free.
 */
@Component
public class AwaitServiceRunningStep implements JavaDelegate {

  static final String RUNNING = "serviceRunning";
  /** optional process variable; false when absent */
  public static final String ACCEPT_STANDBY = "acceptStandby";

  private final NodeShellPort shell;
  private final WaitDeadlines deadlines;

  public AwaitServiceRunningStep(NodeShellPort shell, WaitDeadlines deadlines) {
    this.shell = shell;
    this.deadlines = deadlines;
  }

  @Override
  public void execute(DelegateExecution execution) {
    BuildSpec spec = BuildVariables.spec(execution);
    BuildSpec.Node node = BuildVariables.node(execution, spec);
    ServiceState state = shell.serviceStatus(ShellTargets.of(execution, spec, node));
    execution.setVariable("serviceState", state.name());
    if (state == ServiceState.RUNNING || (state == ServiceState.STANDBY && acceptsStandby(execution))) {
      execution.setVariable(RUNNING, true);
      return;
    }
    Instant restarted = Instant.parse((String) execution.getVariable(RestartServiceStep.RESTARTED_AT));
    String wanted = acceptsStandby(execution) ? "RUNNING or STANDBY" : "RUNNING";
    deadlines.check(Wait.SERVICE_START, restarted, "vco-server on " + node.name() + " (" + node.ip() + ") to be "
        + wanted + " after its restart", state.name());
    execution.setVariable(RUNNING, false);
  }

  private static boolean acceptsStandby(DelegateExecution execution) {
    return Boolean.TRUE.equals(execution.getVariable(ACCEPT_STANDBY));
  }
}
