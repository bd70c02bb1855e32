package dunes.security;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.springframework.stereotype.Component;

/**
 * Who is completing a user task, taken from the engine's authentication (never from a variable a
 * user can write). A completion nobody is authenticated for is refused, so every decision Dunes
 * records names a person.
 */
@Component
public class TaskCompleter {

  private final IdentityService identity;

  public TaskCompleter(IdentityService identity) {
    this.identity = identity;
  }

  /**
   * @param role who the task needs, for the refusal: "an authenticated approver", ...
   * @return the authenticated user's id
   */
  public String require(DelegateTask task, String role) {
    Authentication current = identity.getCurrentAuthentication();
    String user = current == null ? null : current.getUserId();
    if (user == null) {
      throw new ProcessEngineException("'" + task.getName() + "' needs " + role);
    }
    return user;
  }
}
