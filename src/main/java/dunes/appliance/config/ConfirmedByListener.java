package dunes.appliance.config;

import dunes.security.TaskCompleter;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/**
 * On completing a configuration step done by hand ({@code camunda:taskListener event="complete"
 * delegateExpression="${confirmedByListener}"}): records the authenticated user who confirmed it
 * in {@code configurationConfirmedBy}; an anonymous completion is refused, so the record always
 * names a person. (The bean is not named like that variable: once set, a variable would shadow a
 * bean of the same name in the expression, and a task handed back could not be confirmed again.)
 */
@Component
public class ConfirmedByListener implements TaskListener {

  static final String CONFIRMED_BY = "configurationConfirmedBy";

  private final TaskCompleter completer;

  public ConfirmedByListener(TaskCompleter completer) {
    this.completer = completer;
  }

  @Override
  public void notify(DelegateTask task) {
    task.setVariable(CONFIRMED_BY, completer.require(task, "an authenticated operator to confirm it"));
  }
}
