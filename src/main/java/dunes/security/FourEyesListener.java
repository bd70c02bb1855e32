package dunes.security;

import dunes.build.BuildVariables;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/**
 * Four eyes on an approval task ({@code camunda:taskListener event="complete"
 * delegateExpression="${fourEyes}"}): completing it needs an authenticated user who is not the
 * build's requester; anything else refuses the completion, so the task stays open for someone else.
 */
@Component("fourEyes")
public class FourEyesListener implements TaskListener {

  static final String APPROVED_BY = "approvedBy";

  private final TaskCompleter completer;

  public FourEyesListener(TaskCompleter completer) {
    this.completer = completer;
  }

  @Override
  public void notify(DelegateTask task) {
    String user = completer.require(task, "an authenticated approver");
    if (user.equals(task.getVariable(BuildVariables.REQUESTER))) {
      throw new ProcessEngineException("'" + task.getName() + "' cannot be completed by " + user
          + ", who requested the build: a second person must decide (four eyes)");
    }
    task.setVariable(APPROVED_BY, user);
  }
}
