package dunes.appliance.shell;

import dunes.build.BuildSpec;
import dunes.build.BuildVariables;
import dunes.engine.Wait;
import dunes.engine.WaitDeadlines;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * Reads vco-server's state on every request node over SSH (the nodes are clones, so one pinned host
 * key, {@code sshFingerprint}, fits all) and tells the process what the cluster looks like:
 * {@code serviceStates} ("name=STATE,…" in request order), {@code runningNodes},
 * {@code runningNode} (the one RUNNING node, when exactly one is), {@code singleActive} (exactly one
 * RUNNING, every other STANDBY: the seed's authoring window, "record which node is RUNNING") and
 * {@code allRunning}. An unreachable node fails the job, which its retry cycle repeats. The loop at
 * {@value #ALL_RUNNING_LOOP} waits for every node RUNNING, any other for one RUNNING and the rest
 * STANDBY; past {@code dunes.deadlines.node-states} after its first look it throws ({@link WaitDeadlines}).
 */
@Component
public class ReadServiceStatesStep implements JavaDelegate {

  /** The activity whose loop waits for every node RUNNING (VcoAuthoringWindow's restore). */
  static final String ALL_RUNNING_LOOP = "Task_AllRunning";

  private final NodeShellPort shell;
  private final WaitDeadlines deadlines;

  public ReadServiceStatesStep(NodeShellPort shell, WaitDeadlines deadlines) {
    this.shell = shell;
    this.deadlines = deadlines;
  }

  @Override
  public void execute(DelegateExecution execution) {
    BuildSpec spec = BuildVariables.spec(execution);
    Map<String, ServiceState> states = new LinkedHashMap<>();
    for (BuildSpec.Node node : spec.nodes()) {
      states.put(node.name(), shell.serviceStatus(ShellTargets.of(execution, spec, node)));
    }
    StringJoiner text = new StringJoiner(",");
    states.forEach((name, state) -> text.add(name + "=" + state));
    List<String> running = states.entrySet().stream().filter(e -> e.getValue() == ServiceState.RUNNING)
        .map(Map.Entry::getKey).toList();
    long standby = states.values().stream().filter(ServiceState.STANDBY::equals).count();
    boolean singleActive = running.size() == 1 && standby == states.size() - 1;
    boolean allRunning = !states.isEmpty() && running.size() == states.size();
    boolean awaitsAll = ALL_RUNNING_LOOP.equals(execution.getCurrentActivityId());
    if (awaitsAll ? !allRunning : !singleActive) {
      deadlines.check(execution, Wait.NODE_STATES, awaitsAll ? "every node RUNNING" : "one node RUNNING, the rest STANDBY",
          text.toString());
    }
    execution.setVariable("serviceStates", text.toString());
    execution.setVariable("runningNodes", running.size());
    execution.setVariable("runningNode", running.size() == 1 ? running.get(0) : null);
    execution.setVariable("singleActive", singleActive);
    execution.setVariable("allRunning", allRunning);
  }
}
