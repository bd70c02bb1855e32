package dunes.build;

import static dunes.build.BuildVariables.*;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.springframework.stereotype.Component;

/**
 * The first activity of every build, run in the transaction that starts it: validates the
 * request and claims the ticket. A duplicate ticket throws, so the start rolls back and nothing
 * is created; an invalid request is recorded and routed to the rejection path.
 */
@Component
public class ValidateBuildRequestStep implements JavaDelegate {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final BuildRequestReader reader;
  private final TicketRegistry tickets;
  private final IdentityService identity;

  public ValidateBuildRequestStep(BuildRequestReader reader, TicketRegistry tickets, IdentityService identity) {
    this.reader = reader;
    this.tickets = tickets;
    this.identity = identity;
  }

  @Override
  public void execute(DelegateExecution execution) throws Exception {
    String request = (String) execution.getVariable(BUILD_REQUEST);
    execution.removeVariable(BUILD_REQUEST); // valid or not, the raw text is kept nowhere (RawRequestOutOfHistory)
    if (Boolean.TRUE.equals(execution.getVariable(REQUEST_VALID))) {
      return; // validated and claimed already
    }
    String businessKey = execution.getProcessBusinessKey();
    String ticket = businessKey != null ? businessKey : (String) execution.getVariable(TICKET);
    try {
      BuildSpec spec = reader.read(request);
      if (ticket != null && !ticket.equals(spec.ticket())) {
        throw new InvalidBuildRequestException(List.of(new FieldError("ticket",
            "'" + spec.ticket() + "' differs from the business key '" + ticket + "' of the request")));
      }
      accept(execution, spec);
    } catch (InvalidBuildRequestException e) {
      reject(execution, ticket, e.errors());
    }
  }

  private void accept(DelegateExecution execution, BuildSpec spec) {
    if (execution.getProcessBusinessKey() == null) {
      execution.setProcessBusinessKey(spec.ticket());
    }
    tickets.claim(spec.ticket(), execution.getProcessInstanceId());
    execution.setVariable(TICKET, spec.ticket());
    execution.setVariable(BUILD_SPEC, BuildRequestReader.write(spec));
    execution.setVariable(REQUESTER, requester(spec));
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

  /** The authenticated caller (REST, Tasklist) wins over what the payload claims. */
  private String requester(BuildSpec spec) {
    Authentication current = identity.getCurrentAuthentication();
    if (current != null && current.getUserId() != null) {
      return current.getUserId();
    }
    return spec.requestedBy();
  }
}
