package dunes.security;

import dunes.build.TicketRegistry;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/**
 * Four eyes on an approval task ({@code camunda:taskListener event="complete"
 * delegateExpression="${fourEyes}"}): completing it needs an authenticated user who is not the
 * build's requester, as {@link TicketRegistry} recorded it when the build started — never a
 * process variable, which the completion itself may carry (the engine applies a completion's
 * variables before complete listeners run). Anything else refuses the completion, so the task
 * stays open for someone else; a build without a recorded requester cannot be approved at all.
 * The rule is {@link FourEyesRule}; over REST the guard applies it first and answers 403.
 */
@Component("fourEyes")
public class FourEyesListener implements TaskListener {

  static final String APPROVED_BY = "approvedBy";

  private final TaskCompleter completer;
  private final FourEyesRule fourEyes;

  public FourEyesListener(TaskCompleter completer, FourEyesRule fourEyes) {
    this.completer = completer;
    this.fourEyes = fourEyes;
  }

  @Override
  public void notify(DelegateTask task) {
    String user = completer.require(task, "an authenticated approver");
    fourEyes.refusal(task.getName(), task.getExecution().getProcessBusinessKey(), user).ifPresent(refusal -> {
      throw new AuthorizationException(refusal);
    });
    task.setVariable(APPROVED_BY, user); // after the completion's own variables: the authenticated approver stands
  }
}
