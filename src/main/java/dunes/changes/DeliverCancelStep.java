package dunes.changes;

import static dunes.build.BuildVariables.CANCELLED_BY;
import static dunes.build.BuildVariables.MSG_CANCEL_BUILD;

import dunes.build.CancelRegistry;
import dunes.build.TicketRegistry;
import java.util.Optional;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * Hands a recorded cancel to the ticket's build: correlates {@code Msg_CancelBuild} to the build's
 * main instance, whose boundary event interrupts the stage wherever it is — a job of a called
 * process, a user task, a timer, an incident — and marks the record honoured in the same
 * transaction. A job of the build that commits in between makes this job fail on optimistic
 * locking; it runs again after the retry interval. Writes {@code cancelDelivery}: {@code delivered},
 * {@code too-late} (the build has passed the point where a cancel can stop it, or ended),
 * {@code waiting} (no build of the ticket committed yet) or {@code no-build} (none within
 * {@code dunes.cancel.wait-for-build}).
 */
@Component
@EnableConfigurationProperties(CancelProperties.class)
public class DeliverCancelStep implements JavaDelegate {

  static final String CANCEL_DELIVERY = "cancelDelivery";

  private final CancelRegistry cancels;
  private final TicketRegistry tickets;
  private final RuntimeService runtime;
  private final CancelProperties properties;

  public DeliverCancelStep(CancelRegistry cancels, TicketRegistry tickets, RuntimeService runtime,
      CancelProperties properties) {
    this.cancels = cancels;
    this.tickets = tickets;
    this.runtime = runtime;
    this.properties = properties;
  }

  @Override
  public void execute(DelegateExecution execution) {
    String ticket = execution.getProcessBusinessKey();
    CancelRegistry.Cancellation cancellation = cancels.find(ticket).orElseThrow(() -> new IllegalStateException(
        "no cancellation of ticket " + ticket + " is recorded: CancelBuild records it before it delivers"));
    execution.setVariable(CANCEL_DELIVERY, deliver(cancellation));
  }

  private String deliver(CancelRegistry.Cancellation cancellation) {
    String ticket = cancellation.ticket();
    Optional<String> build = tickets.holder(ticket); // only a claimed build changes anything
    if (build.isEmpty()) {
      // the engine's clock, as its timers use, so a test moves both
      boolean stillWaiting = ClockUtil.now().toInstant().isBefore(cancellation.requestedAt().plus(properties.waitForBuild()));
      return stillWaiting ? "waiting" : "no-build";
    }
    ProcessInstance instance = runtime.createProcessInstanceQuery().processInstanceId(build.get()).singleResult();
    if (instance == null || !subscribed(instance.getId())) {
      return "too-late";
    }
    if (instance.isSuspended()) {
      throw new IllegalStateException("the build of ticket " + ticket + " (process instance " + instance.getId()
          + ") is suspended and cannot be cancelled: activate it, then retry this job");
    }
    runtime.createMessageCorrelation(MSG_CANCEL_BUILD).processInstanceId(instance.getId())
        .setVariable(CANCELLED_BY, cancellation.requestedBy()).correlateWithResult();
    cancels.honoured(ticket, instance.getId());
    return "delivered";
  }

  /** The build waits for a cancel (its probe or build stage is running); later it is reporting or undoing. */
  private boolean subscribed(String processInstanceId) {
    return runtime.createEventSubscriptionQuery().processInstanceId(processInstanceId).eventType("message")
        .eventName(MSG_CANCEL_BUILD).count() > 0;
  }
}
