package dunes.security;

import dunes.build.TicketRegistry;
import java.util.Locale;
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
 */
@Component("fourEyes")
public class FourEyesListener implements TaskListener {

  static final String APPROVED_BY = "approvedBy";

  private final TaskCompleter completer;
  private final TicketRegistry tickets;

  public FourEyesListener(TaskCompleter completer, TicketRegistry tickets) {
    this.completer = completer;
    this.tickets = tickets;
  }

  @Override
  public void notify(DelegateTask task) {
    String user = completer.require(task, "an authenticated approver");
    String build = task.getExecution().getProcessBusinessKey();
    String requester = build == null ? null : tickets.requester(build).orElse(null);
    if (requester == null) {
      throw new AuthorizationException("'" + task.getName() + "' cannot be completed: Dunes recorded no requester for"
          + " build '" + build + "', so four eyes cannot be checked");
    }
    // ids compare as the identity store does: SQL Server's default collation logs "OPERATOR" in as "operator"
    if (requester.toLowerCase(Locale.ROOT).equals(user.toLowerCase(Locale.ROOT))) {
      throw new AuthorizationException("'" + task.getName() + "' cannot be completed by " + user
          + ", who requested the build: a second person must decide (four eyes)");
    }
    task.setVariable(APPROVED_BY, user); // after the completion's own variables: the authenticated approver stands
  }
}
