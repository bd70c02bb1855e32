package dunes.pki.certsrv;

import java.net.URI;
import java.time.Clock;
import dunes.security.TaskCompleter;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * On completing Task_AcceptPlainHttp ({@code camunda:taskListener event="complete"
 * delegateExpression="${plainHttpAcceptance}"}): needs an authenticated person, and when that
 * person accepts, records in {@link PlainHttpAcceptances} who accepted plain HTTP to which URL for
 * this build. The record is taken from the engine's authentication, not from a variable.
 */
@Component("plainHttpAcceptance")
public class PlainHttpAcceptanceListener implements TaskListener {

  static final String DECISION = "plainHttpDecision";
  static final String ACCEPTED_BY = "plainHttpAcceptedBy";

  private final TaskCompleter completer;
  private final PlainHttpAcceptances acceptances;
  private final Clock clock;

  @Autowired
  public PlainHttpAcceptanceListener(TaskCompleter completer, PlainHttpAcceptances acceptances) {
    this(completer, acceptances, Clock.systemUTC());
  }

  PlainHttpAcceptanceListener(TaskCompleter completer, PlainHttpAcceptances acceptances, Clock clock) {
    this.completer = completer;
    this.acceptances = acceptances;
    this.clock = clock;
  }

  @Override
  public void notify(DelegateTask task) {
    String user = completer.require(task, "an authenticated person: Dunes records who accepted plain HTTP");
    if ("accept".equals(task.getVariable(DECISION))) {
      URI url = URI.create((String) task.getVariable("certificateUrl"));
      acceptances.record(task.getExecution().getProcessBusinessKey(), url, user, clock.instant());
      task.setVariable(ACCEPTED_BY, user); // for the form and Cockpit only; the client reads the table
    }
  }
}
