package dunes.edge.steps;

import dunes.build.BuildSpec;
import dunes.build.BuildVariables;
import dunes.edge.EdgePort;
import dunes.edge.lock.EdgeLockHolder;
import dunes.edge.lock.EdgeLockSettings;
import dunes.edge.lock.EdgeLocks;
import java.time.Duration;
import java.util.Optional;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The edge stage's first step: the build takes the edge ({@link EdgeLocks}) or learns who holds
 * it. Sets {@code edgeLockTaken}; while another build holds it, {@code edgeLockHolder} says who (as
 * Cockpit shows the waiting build) and the stage's timer brings the build back here, or sooner the
 * holder's hand-over ({@link WakeWaitingBuildStep}), which finds it by {@code edgeLockWanted}. A wait
 * longer than {@code dunes.edge.lock.max-wait} fails the job naming the holder, which becomes an
 * incident after the retries. Nothing is read from or sent to the manager here.
 */
@Component
public class AcquireEdgeLockStep implements JavaDelegate {

  private static final Logger LOG = LoggerFactory.getLogger(AcquireEdgeLockStep.class);

  private final EdgeLocks locks;
  private final EdgeLockSettings settings;

  public AcquireEdgeLockStep(EdgeLocks locks, EdgeLockSettings settings) {
    this.locks = locks;
    this.settings = settings;
  }

  @Override
  public void execute(DelegateExecution execution) {
    BuildSpec spec = BuildVariables.spec(execution);
    EdgePort.Target target = EdgeTargets.of(execution, spec);
    String key = EdgeLocks.key(target);
    Optional<EdgeLockHolder> other = locks.tryAcquire(key, spec.ticket(), execution.getProcessInstanceId());
    long now = ClockUtil.getCurrentTime().getTime();
    if (other.isEmpty()) {
      LOG.info("build {}: holds edge {}", spec.ticket(), key);
      execution.setVariable(EdgeVariables.LOCK_TAKEN, true);
      execution.removeVariable(EdgeVariables.LOCK_HOLDER);
      execution.removeVariable(EdgeVariables.LOCK_WAITING_SINCE);
      execution.removeVariable(EdgeVariables.LOCK_WANTED);
      return;
    }
    Object since = execution.getVariable(EdgeVariables.LOCK_WAITING_SINCE);
    long waitingSince = since instanceof Number number ? number.longValue() : now;
    Duration waited = Duration.ofMillis(now - waitingSince);
    if (waited.compareTo(settings.maxWait()) > 0) {
      throw new IllegalStateException("build " + spec.ticket() + " waited " + waited + " (dunes.edge.lock.max-wait "
          + settings.maxWait() + ") for edge " + key + ": " + other.get().describe()
          + "; finish or cancel that build, or let its lease run out, then retry this job");
    }
    LOG.info("build {}: waits for edge {}: {}", spec.ticket(), key, other.get().describe());
    execution.setVariable(EdgeVariables.LOCK_TAKEN, false);
    execution.setVariable(EdgeVariables.LOCK_HOLDER, other.get().describe());
    execution.setVariable(EdgeVariables.LOCK_WAITING_SINCE, waitingSince);
    execution.setVariable(EdgeVariables.LOCK_WANTED, key);
  }
}
