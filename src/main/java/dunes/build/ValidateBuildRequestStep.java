package dunes.build;

import static dunes.build.BuildVariables.*;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * The first activity of every build, run in the transaction that starts it: validates the
 * request, records who requested it and claims the ticket — always, whatever the start carried. A
 * start brings the request and nothing else ({@link BuildVariables#START_VARIABLES}): a variable
 * such as {@code requestValid} is refused, never believed. A duplicate or cancelled ticket throws,
 * so the start rolls back and nothing is created; an invalid request is recorded and routed to the
 * rejection path.
 */
@Component
public class ValidateBuildRequestStep implements JavaDelegate {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final BuildRequestReader reader;
  private final TicketRegistry tickets;
  private final BuildRequester requesters;
  private final CancelRegistry cancels;

  public ValidateBuildRequestStep(BuildRequestReader reader, TicketRegistry tickets, BuildRequester requesters,
      CancelRegistry cancels) {
    this.reader = reader;
    this.tickets = tickets;
    this.requesters = requesters;
    this.cancels = cancels;
  }

  @Override
  public void execute(DelegateExecution execution) throws Exception {
    Object request = execution.getVariable(BUILD_REQUEST);
    execution.removeVariable(BUILD_REQUEST); // valid or not, the raw text is kept nowhere (RawRequestOutOfHistory)
    if (tickets.ticketOf(execution.getProcessInstanceId()).isPresent()) {
      return; // accepted already (the claim is Dunes's own record, not a variable): the spec is set
    }
    String ticket = execution.getProcessBusinessKey();
    List<FieldError> errors = new ArrayList<>(foreignVariables(execution));
    BuildSpec spec = null;
    String requester = null;
    try {
      spec = reader.read(request(request));
      if (ticket != null && !ticket.equals(spec.ticket())) {
        errors.add(new FieldError("ticket", "'" + spec.ticket() + "' differs from the business key '" + ticket
            + "' of the request"));
      }
      requester = requesters.of(spec);
    } catch (InvalidBuildRequestException e) {
      errors.addAll(e.errors());
    }
    if (errors.isEmpty()) {
      accept(execution, spec, requester);
    } else {
      reject(execution, ticket, errors);
    }
  }

  /** Every start variable but the request's own: refused, so nothing internal can be set from outside. */
  private static List<FieldError> foreignVariables(DelegateExecution execution) {
    Set<String> foreign = new TreeSet<>(execution.getVariableNames());
    foreign.removeAll(START_VARIABLES);
    return foreign.stream().map(name -> new FieldError(name, "not accepted at the start of a build: a build starts"
        + " with " + String.join(" and ", START_VARIABLES) + " only (the Tasklist start form's fields become it)"))
        .toList();
  }

  private static String request(Object request) {
    if (request != null && !(request instanceof String)) {
      throw new InvalidBuildRequestException(List.of(new FieldError(BUILD_REQUEST,
          "must be the build request as a JSON string (type String)")));
    }
    return (String) request;
  }

  private void accept(DelegateExecution execution, BuildSpec spec, String requester) {
    if (execution.getProcessBusinessKey() == null) {
      execution.setProcessBusinessKey(spec.ticket());
    }
    cancels.find(spec.ticket()).ifPresent(cancelled -> {
      throw new CancelledTicketException(cancelled);
    });
    tickets.claim(spec.ticket(), execution.getProcessInstanceId(), requester);
    execution.setVariable(TICKET, spec.ticket());
    execution.setVariable(BUILD_SPEC, BuildRequestReader.write(spec));
    execution.setVariable(REQUESTER, requester); // shown on forms; four eyes reads DUNES_TICKET
    execution.setVariable(CLUSTER_FQDN, spec.cluster().fqdn());
    execution.setVariable(NODE_COUNT, spec.nodes().size());
    execution.setVariable(REQUEST_VALID, true);
  }

  private void reject(DelegateExecution execution, String ticket, List<FieldError> errors)
      throws JsonProcessingException {
    if (ticket != null) {
      execution.setVariable(TICKET, ticket);
    }
    execution.setVariable(VALIDATION_ERRORS, JSON.writeValueAsString(errors));
    execution.setVariable(REQUEST_VALID, false);
    execution.setVariable(OUTCOME, "rejected");
  }
}
