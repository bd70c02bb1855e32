package dunes.build;

import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.variable.Variables;
import org.springframework.stereotype.Service;

/** Starts builds from the REST API: validated at the boundary, one build per ticket. */
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

  private Submission existing(String ticket) {
    return new Submission(status(ticket), false);
  }

  private BuildStatus status(String ticket) {
    return statuses.find(ticket).orElseThrow(() -> new IllegalStateException(
        "ticket " + ticket + " is claimed but its build is not visible to the caller"));
  }
}
