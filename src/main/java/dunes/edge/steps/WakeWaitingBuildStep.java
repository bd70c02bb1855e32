package dunes.edge.steps;

import dunes.build.BuildSpec;
import dunes.build.BuildVariables;
import dunes.edge.lock.EdgeLocks;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.runtime.VariableInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * After the build gave the edge up: the build that has waited longest for the same edge looks
 * again now instead of at its next poll ({@code dunes.edge.lock.poll-interval}), by moving its wait
 * timer's due date to now. Waiting builds would otherwise each lose up to a poll interval per hand-over,
 * which adds up along a queue of builds on one edge. Only one waiter is woken: the others keep
 * polling, so a hand-over costs one job, not one per waiting build. Waking is a hint and changes no
 * hold: the woken build still takes the edge through {@link EdgeLocks}, and a build arriving at the
 * same moment may be first. A job of its own, after the release committed, so that a clash with the
 * waiter's own timer firing at that moment retries this step and never the release.
 */
@Component
public class WakeWaitingBuildStep implements JavaDelegate {

  static final String WAIT_TIMER = "TimerEvent_WaitForEdge";
  private static final Logger LOG = LoggerFactory.getLogger(WakeWaitingBuildStep.class);

  private final RuntimeService runtime;
  private final ManagementService management;

  public WakeWaitingBuildStep(RuntimeService runtime, ManagementService management) {
    this.runtime = runtime;
    this.management = management;
  }

  @Override
  public void execute(DelegateExecution execution) {
    BuildSpec spec = BuildVariables.spec(execution);
    String key = EdgeLocks.key(EdgeTargets.of(execution, spec));
    longestWaiting(key).flatMap(this::waitTimer).ifPresent(timer -> {
      management.setJobDuedate(timer.getId(), ClockUtil.getCurrentTime());
      LOG.info("build {}: gave edge {} up; process instance {} looks again now", spec.ticket(), key,
          timer.getProcessInstanceId());
    });
  }

  /** The process instance waiting for {@code key} since the earliest time. */
  private Optional<String> longestWaiting(String key) {
    String[] waiting = runtime.createProcessInstanceQuery().variableValueEquals(EdgeVariables.LOCK_WANTED, key).list()
        .stream().map(ProcessInstance::getId).toArray(String[]::new);
    if (waiting.length == 0) {
      return Optional.empty();
    }
    List<VariableInstance> since = runtime.createVariableInstanceQuery().processInstanceIdIn(waiting)
        .variableName(EdgeVariables.LOCK_WAITING_SINCE).list();
    return since.stream().filter(v -> v.getValue() instanceof Number)
        .min(Comparator.comparingLong(v -> ((Number) v.getValue()).longValue()))
        .map(VariableInstance::getProcessInstanceId);
  }

  /** Its wait timer, if it stands at it now (it may be looking already). */
  private Optional<Job> waitTimer(String processInstanceId) {
    return management.createJobQuery().processInstanceId(processInstanceId).activityId(WAIT_TIMER).timers().list()
        .stream().findFirst();
  }
}
