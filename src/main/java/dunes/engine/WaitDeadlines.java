package dunes.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * The deadline of every poll loop ({@code dunes.deadlines.*}), one mechanism for all of them. A
 * loop's first look records when its wait began, on the engine's clock, in a variable local to the
 * loop's scope ({@code <wait>WaitBegan}); every later look measures from that instant, so neither
 * the number of turns nor a retry moves it. Past the deadline a look throws
 * {@link WaitExpiredException}: the job's retry cycle looks a few times more (what was awaited may
 * still finish), then an incident opens with the message. A loop whose model has a way on (an
 * operator decides again) asks {@link #overdue} and throws a BPMN error instead.
 */
@Component("waitDeadlines")
@EnableConfigurationProperties(WaitDeadlineProperties.class)
public class WaitDeadlines {

  private final WaitDeadlineProperties limits;

  public WaitDeadlines(WaitDeadlineProperties limits) {
    this.limits = limits;
  }

  /** When this loop's wait began: recorded by its first look, read by every later one. */
  public Instant began(DelegateExecution execution, Wait wait) {
    VariableScope loop = loopScope(execution);
    Object recorded = loop.getVariableLocal(wait.variable());
    if (recorded instanceof String text) {
      return Instant.parse(text);
    }
    Instant now = now();
    loop.setVariableLocal(wait.variable(), now.toString());
    return now;
  }

  /** Forgets when the wait began: the next look starts a new wait (a loop entered again after an operator decided). */
  public void restart(DelegateExecution execution, Wait wait) {
    loopScope(execution).removeVariableLocal(wait.variable());
  }

  /**
   * The scope the loop runs in, which outlives each turn: a look whose activity is a scope of its
   * own (it carries a boundary event) runs in an execution that ends with the turn.
   */
  private static VariableScope loopScope(DelegateExecution execution) {
    if (execution instanceof ExecutionEntity entity && entity.getActivity() != null && entity.getActivity().isScope()) {
      return entity.findExecutionForFlowScope(entity.getActivity().getFlowScope());
    }
    return execution;
  }

  /** Throws past the deadline of the wait this look belongs to, naming what was awaited, since when, and the last state. */
  public void check(DelegateExecution execution, Wait wait, String awaited, String lastState) {
    check(wait, began(execution, wait), awaited, lastState);
  }

  /** As {@link #check(DelegateExecution, Wait, String, String)} for a wait whose start another step recorded. */
  public void check(Wait wait, Instant began, String awaited, String lastState) {
    Optional<String> overdue = overdue(wait, began, awaited, lastState);
    if (overdue.isPresent()) {
      throw new WaitExpiredException(overdue.get());
    }
  }

  /** The readable message when the wait is past its deadline, else empty. */
  public Optional<String> overdue(Wait wait, Instant began, String awaited, String lastState) {
    Duration limit = limits.of(wait);
    Instant now = now();
    if (!now.isAfter(began.plus(limit))) {
      return Optional.empty();
    }
    return Optional.of("still waiting for " + awaited + " since " + began + " (" + Duration.between(began, now).toSeconds()
        + " s), past the deadline of " + limit.toSeconds() + " s (dunes.deadlines." + wait.property() + "); last seen: "
        + lastState + ". " + wait.advice());
  }

  private static Instant now() {
    return ClockUtil.now().toInstant();
  }
}
