package dunes.edge.steps;

import dunes.build.BuildSpec;
import dunes.build.BuildVariables;
import dunes.edge.lock.EdgeLocks;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * The edge stage's last step: the build gives the edge up, so a waiting build's next look takes
 * it. Only the build's own hold is removed; a repeat changes nothing.
 */
@Component
public class ReleaseEdgeLockStep implements JavaDelegate {

  private final EdgeLocks locks;

  public ReleaseEdgeLockStep(EdgeLocks locks) {
    this.locks = locks;
  }

  @Override
  public void execute(DelegateExecution execution) {
    BuildSpec spec = BuildVariables.spec(execution);
    locks.release(EdgeLocks.key(EdgeTargets.of(execution, spec)), spec.ticket());
    execution.removeVariable(EdgeVariables.LOCK_TAKEN);
  }
}
