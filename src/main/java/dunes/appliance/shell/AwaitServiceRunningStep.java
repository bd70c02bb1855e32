package dunes.appliance.shell;

import dunes.build.BuildSpec;
import dunes.build.BuildVariables;
import java.time.Duration;
import java.time.Instant;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * One look at vco-server after a restart (a timer brings the next). Past
 * {@code dunes.appliance.start-timeout} since the restart it throws, so the stage ends as an
 * incident naming the state the node is stuck in; an operator fixes the node and retries. With
 * {@code acceptStandby} true, STANDBY counts as started too: a node restarted into a cluster that
 * already has its active nodes comes up standby and stays so until a place falls free.
 */
@Component
public class AwaitServiceRunningStep implements JavaDelegate {

  static final String RUNNING = "serviceRunning";
  /** optional process variable; false when absent */
  public static final String ACCEPT_STANDBY = "acceptStandby";

  private final NodeShellPort shell;
  private final Duration limit;

  public AwaitServiceRunningStep(NodeShellPort shell, @Value("${dunes.appliance.start-timeout:PT10M}") Duration limit) {
    this.shell = shell;
    this.limit = limit;
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
    Instant since = Instant.parse((String) execution.getVariable(RestartServiceStep.RESTARTED_AT));
    if (Instant.now().isAfter(since.plus(limit))) {
      String wanted = acceptsStandby(execution) ? "RUNNING or STANDBY" : "RUNNING";
      throw new IllegalStateException("vco-server on " + node.name() + " (" + node.ip() + ") is " + state
          + ", not " + wanted + ", " + Duration.between(since, Instant.now()).toSeconds() + " s after the restart (limit "
          + limit.toSeconds() + " s, dunes.appliance.start-timeout): look at the node, then retry");
    }
    execution.setVariable(RUNNING, false);
  }

  private static boolean acceptsStandby(DelegateExecution execution) {
    return Boolean.TRUE.equals(execution.getVariable(ACCEPT_STANDBY));
  }
}
