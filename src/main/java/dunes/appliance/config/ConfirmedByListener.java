package dunes.appliance.config;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.springframework.stereotype.Component;

/**
 * On completing a configuration step done by hand ({@code camunda:taskListener event="complete"
 * delegateExpression="${configurationConfirmedBy}"}): records the authenticated user who
 * confirmed it; an anonymous completion is refused, so the record always names a person.
 */
@Component("configurationConfirmedBy")
public class ConfirmedByListener implements TaskListener {

  static final String CONFIRMED_BY = "configurationConfirmedBy";

  private final IdentityService identity;

  public ConfirmedByListener(IdentityService identity) {
    this.identity = identity;
  }

  @Override
  public void notify(DelegateTask task) {
    Authentication current = identity.getCurrentAuthentication();
    String user = current == null ? null : current.getUserId();
    if (user == null) {
      throw new ProcessEngineException("'" + task.getName() + "' needs an authenticated operator to confirm it");
    }
    task.setVariable(CONFIRMED_BY, user);
  }
}
