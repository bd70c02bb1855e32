package dunes.security;

import static org.assertj.core.api.Assertions.assertThat;

import dunes.support.DunesIntegrationTest;
import dunes.support.ExampleRequest;
import org.junit.jupiter.api.Test;

class RestAuthenticationTest extends DunesIntegrationTest {

  @Test
  void shouldRefuseAnonymousCallsToTheEngineApi() {
    assertThat(get("/engine-rest/process-definition", null, null).statusCode()).isEqualTo(401);
    assertThat(post("/engine-rest/message", "{\"messageName\":\"Msg_VcoHaBuildRequested\"}", null, null)
        .statusCode()).isEqualTo(401);
  }

  @Test
  void shouldRefuseAnonymousAndWrongPasswordCallsToTheBuildApi() {
    String ticket = ExampleRequest.newTicket();
    String request = ExampleRequest.withTicket(ticket).toString();

    assertThat(post("/api/builds", request, null, null).statusCode()).isEqualTo(401);
    // a user of its own: a failed login throttles that user's next logins for seconds
    user("mallory", "mallory-pw");
    assertThat(post("/api/builds", request, "mallory", "wrong").statusCode()).isEqualTo(401);
    assertThat(get("/api/builds/" + ticket, null, null).statusCode()).isEqualTo(401);
    assertThat(engine.getHistoryService().createHistoricProcessInstanceQuery()
        .processDefinitionKey(dunes.build.BuildVariables.PROCESS_KEY).processInstanceBusinessKey(ticket).count()).isZero();
  }

  @Test
  void shouldLetAnOperatorSeeProcessDefinitions() {
    assertThat(get("/engine-rest/process-definition/key/VcoHaBuild", OPERATOR, OPERATOR_PASSWORD).statusCode())
        .isEqualTo(200);
  }

  @Test
  void shouldNotLetAUserWithoutGroupsStartBuilds() {
    String outsider = "outsider";
    user(outsider, "outsider-pw");
    String ticket = ExampleRequest.newTicket();

    int status = post("/api/builds", ExampleRequest.withTicket(ticket).toString(), outsider, "outsider-pw").statusCode();

    assertThat(status).isEqualTo(403);
    assertThat(engine.getHistoryService().createHistoricProcessInstanceQuery()
        .processDefinitionKey(dunes.build.BuildVariables.PROCESS_KEY).processInstanceBusinessKey(ticket).count()).isZero();
  }

  @Test
  void shouldHaveTheGroupsProcessesAssignWorkTo() {
    assertThat(engine.getIdentityService().createGroupQuery()
        .groupIdIn(DunesGroups.OPERATORS, DunesGroups.PKI_APPROVERS).count()).isEqualTo(2);
  }
}
