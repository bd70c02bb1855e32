package dunes.build;

import java.util.Optional;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.variable.Variables;
import org.springframework.stereotype.Service;

/** Starts and cancels builds from the REST API: validated at the boundary, one build per ticket. */
@Service
public class BuildService {

  private final BuildRequestReader reader;
  private final TicketRegistry tickets;
  private final RuntimeService runtime;
  private final BuildStatusReader statuses;

  public BuildService(BuildRequestReader reader, TicketRegistry tickets, RuntimeService runtime,
      BuildStatusReader statuses) {
    this.reader = reader;
    this.tickets = tickets;
    this.runtime = runtime;
    this.statuses = statuses;
  }

  /** A build started now, or the one the ticket already has. */
  public record Submission(BuildStatus status, boolean created) {}

  /** @throws InvalidBuildRequestException before anything is started */
  public Submission submit(String json) {
    BuildSpec spec = reader.read(json);
    if (tickets.holder(spec.ticket()).isPresent()) {
      return existing(spec.ticket());
    }
    try {
      runtime.createMessageCorrelation(BuildVariables.MSG_BUILD_REQUESTED)
          .processInstanceBusinessKey(spec.ticket())
          // transient: read by the validation in this transaction, never written to a table
          .setVariables(Variables.createVariables().putValueTyped(BuildVariables.BUILD_REQUEST,
              Variables.stringValue(json, true)))
          .correlateStartMessage();
    } catch (DuplicateBuildException raced) {
      return existing(spec.ticket());
    }
    return new Submission(status(spec.ticket()), true);
  }

  /** What a cancel found: the build's status after it, and whether it was still running. */
  public record Cancel(BuildStatus status, Result result) {
    public enum Result {
      /** recorded (now or before); the build takes it at its next step */
      ACCEPTED,
      /** the build already ended cancelled */
      CANCELLED,
      /** the build already ended otherwise: nothing left to cancel */
      ENDED
    }
  }

  /**
   * Cancels the ticket's build the way change management's message does: starts CancelBuild,
   * which records the cancel in the caller's transaction and delivers it. Empty when the caller
   * sees no build of the ticket.
   */
  public Optional<Cancel> cancel(String ticket) {
    Optional<BuildStatus> build = statuses.find(ticket);
    if (build.isEmpty()) {
      return Optional.empty();
    }
    if (build.get().endedAt() != null) {
      boolean cancelled = "cancelled".equals(build.get().outcome());
      return Optional.of(new Cancel(build.get(), cancelled ? Cancel.Result.CANCELLED : Cancel.Result.ENDED));
    }
    runtime.createMessageCorrelation(BuildVariables.MSG_CHANGE_CANCELLED).processInstanceBusinessKey(ticket)
        .correlateStartMessage();
    return Optional.of(new Cancel(status(ticket), Cancel.Result.ACCEPTED));
  }

  private Submission existing(String ticket) {
    return new Submission(status(ticket), false);
  }

  /** A caller who may not read builds learns nothing about the ticket's build (403, docs/security.md). */
  private BuildStatus status(String ticket) {
    return statuses.find(ticket).orElseThrow(() -> new AuthorizationException(
        "reading the build of ticket " + ticket + " needs READ_HISTORY on process definition " + BuildVariables.PROCESS_KEY));
  }
}
