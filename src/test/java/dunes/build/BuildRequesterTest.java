package dunes.build;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dunes.security.IntegrationGroup;
import dunes.support.DunesIntegrationTest;
import dunes.support.ExampleRequest;
import java.net.http.HttpResponse;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Who Dunes records as a build's requester (the DUNES_TICKET row four eyes reads): the
 * authenticated person; for change management's technical account, a member of the integration
 * group, the person its request names in {@code requestedBy}.
 */
class BuildRequesterTest extends DunesIntegrationTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String INTEGRATION = "changebot";
  private static final String INTEGRATION_PASSWORD = "changebot-pw-9931";

  @Autowired TicketRegistry tickets;

  @BeforeEach
  void technicalAccount() {
    user(INTEGRATION, INTEGRATION_PASSWORD, IntegrationGroup.DEFAULT);
  }

  @Test
  void theIntegrationGroupExists() {
    assertThat(engine.getIdentityService().createGroupQuery().groupId(IntegrationGroup.DEFAULT).count()).isOne();
  }

  @Test
  void changeManagementsMessageRecordsThePersonItNames() {
    String ticket = ExampleRequest.newTicket();

    HttpResponse<String> answer = message(ticket, ExampleRequest.changed(ticket, r -> r.put("requestedBy", "petra")),
        INTEGRATION, INTEGRATION_PASSWORD);

    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(204);
    assertThat(tickets.requester(ticket)).hasValue("petra");
  }

  @Test
  void changeManagementsBuildApiCallRecordsThePersonItNames() {
    String ticket = ExampleRequest.newTicket();

    HttpResponse<String> answer = post("/api/builds", ExampleRequest.changed(ticket, r -> r.put("requestedBy", "petra")),
        INTEGRATION, INTEGRATION_PASSWORD);

    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
    assertThat(tickets.requester(ticket)).hasValue("petra");
  }

  @Test
  void anOperatorsOwnMessageRecordsTheOperatorWhateverRequestedBySays() {
    String ticket = ExampleRequest.newTicket();

    HttpResponse<String> answer = message(ticket, ExampleRequest.changed(ticket, r -> r.put("requestedBy", "petra")),
        OPERATOR, OPERATOR_PASSWORD);

    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(204);
    assertThat(tickets.requester(ticket)).hasValue(OPERATOR);
    assertThat(engine.getRuntimeService().getVariable(build(ticket).getId(), BuildVariables.REQUESTER)).isEqualTo(OPERATOR);
  }

  @Test
  void changeManagementWithoutRequestedByIsRejected() throws Exception {
    String ticket = ExampleRequest.newTicket();

    message(ticket, ExampleRequest.changed(ticket, r -> r.remove("requestedBy")), INTEGRATION, INTEGRATION_PASSWORD);

    ProcessInstance build = build(ticket);
    assertThat(JSON.readTree((String) engine.getRuntimeService().getVariable(build.getId(),
        BuildVariables.VALIDATION_ERRORS)).findValuesAsText("field")).containsExactly("requestedBy");
    assertThat(tickets.holder(ticket)).isEmpty();
  }

  private HttpResponse<String> message(String ticket, String request, String user, String password) {
    ObjectNode message = JSON.createObjectNode().put("messageName", BuildVariables.MSG_BUILD_REQUESTED)
        .put("businessKey", ticket);
    message.putObject("processVariables").putObject(BuildVariables.BUILD_REQUEST).put("value", request);
    return post("/engine-rest/message", message.toString(), user, password);
  }

  private ProcessInstance build(String ticket) {
    return engine.getRuntimeService().createProcessInstanceQuery().processDefinitionKey(BuildVariables.PROCESS_KEY)
        .processInstanceBusinessKey(ticket).singleResult();
  }
}
