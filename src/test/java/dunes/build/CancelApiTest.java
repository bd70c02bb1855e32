package dunes.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dunes.support.ChangeReceiver;
import dunes.support.DunesIntegrationTest;
import dunes.support.ExampleRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@code POST /api/builds/{ticket}/cancel} and the {@code Msg_ChangeCancelled} message: each answer
 * comes once the cancel is a committed DUNES_CANCEL row, and CancelBuild's job hands it to the
 * build wherever the build waits (here: at an incident two called processes deep). The job
 * executor is off, so each job runs when the test says.
 */
class CancelApiTest extends DunesIntegrationTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Autowired DataSource dataSource;

  @AfterEach
  void resetClock() {
    ClockUtil.reset();
  }

  @Test
  void shouldAnswer404ForATicketWithoutBuildAndRecordNothing() throws Exception {
    String ticket = ExampleRequest.newTicket();

    HttpResponse<String> answer = postAsOperator("/api/builds/" + ticket + "/cancel", "");

    assertThat(answer.statusCode()).isEqualTo(404);
    assertThat(JSON.readTree(answer.body()).get("message").asText()).doesNotContain(ticket);
    assertThat(recordedBy(ticket)).isEmpty();
    assertThat(deliveries(ticket)).isEmpty();
  }

  @Test
  void shouldRefuseAnAnonymousCancel() {
    String ticket = startBuild();

    assertThat(post("/api/builds/" + ticket + "/cancel", "", null, null).statusCode()).isEqualTo(401);
    assertThat(recordedBy(ticket)).isEmpty();
  }

  @Test
  void shouldRecordTheCancelShowItUntilTheBuildTakesItAndAnswerTheSameTwice() throws Exception {
    String ticket = startBuild();

    HttpResponse<String> first = postAsOperator("/api/builds/" + ticket + "/cancel", "");
    HttpResponse<String> second = postAsOperator("/api/builds/" + ticket + "/cancel", "");

    assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
    assertThat(second.statusCode()).as(second.body()).isEqualTo(202);
    assertThat(recordedBy(ticket)).as("committed before the answer, read on a connection of its own")
        .containsExactly(OPERATOR);
    JsonNode requested = JSON.readTree(first.body()).get("cancelRequested");
    assertThat(requested.get("requestedBy").asText()).isEqualTo(OPERATOR);
    assertThat(requested.get("honouredAt").isNull()).as("not yet taken by the build").isTrue();
    assertThat(JSON.readTree(second.body()).get("cancelRequested").get("requestedAt"))
        .as("the first request stays").isEqualTo(requested.get("requestedAt"));
    assertThat(JSON.readTree(get("/api/builds/" + ticket, OPERATOR, OPERATOR_PASSWORD).body()).get("cancelRequested"))
        .isEqualTo(requested);
    ProcessInstance build = build(ticket);
    assertThat(build).isWaitingAt("Task_Preflight");

    deliverCancels(ticket);
    runJobs(build.getId());

    assertThat(build).hasPassed("Event_CancelledDuringPreflight", "EndEvent_CancelledBeforeChange").isEnded();
    HttpResponse<String> after = postAsOperator("/api/builds/" + ticket + "/cancel", "");
    assertThat(after.statusCode()).as("the build ended cancelled: the same answer's final form").isEqualTo(200);
    JsonNode ended = JSON.readTree(after.body());
    assertThat(ended.get("outcome").asText()).isEqualTo("cancelled");
    assertThat(ended.get("cancelRequested").get("honouredAt").isNull()).isFalse();
    assertThat(reports(ticket)).extracting(r -> r.get("outcome").asText()).containsExactly("cancelled");
    assertThat(reports(ticket).get(0).get("message").asText()).isEqualTo("cancelled by " + OPERATOR + " before any change");
    assertThat(engine.getRuntimeService().createProcessInstanceQuery().processInstanceBusinessKey(ticket).count())
        .as("no build, stage or delivery left").isZero();
  }

  @Test
  void shouldAnswer409WithTheFinalStateOfABuildThatEndedOtherwise() throws Exception {
    String ticket = ExampleRequest.newTicket();
    sendMessage(BuildVariables.MSG_BUILD_REQUESTED, ticket, Map.of(BuildVariables.BUILD_REQUEST, Map.of("value",
        ExampleRequest.changed(ticket, r -> ((ObjectNode) r.at("/nodes/1")).put("ip", "127.0.0.11")), "type", "String")));
    runJobs(build(ticket).getId());

    HttpResponse<String> answer = postAsOperator("/api/builds/" + ticket + "/cancel", "");

    assertThat(answer.statusCode()).isEqualTo(409);
    assertThat(JSON.readTree(answer.body()).get("outcome").asText()).isEqualTo("rejected");
    assertThat(recordedBy(ticket)).isEmpty();
  }

  @Test
  void shouldTakeTheMessageCancelAtAnIncidentTwoCalledProcessesDeep() throws Exception {
    String ticket = startBuild();
    ProcessInstance build = build(ticket);
    // past preflight (which would end this build: no vCenter answers in this context) the trust step of
    // ConfirmCertificate, inside ProbeProducts, fails
    engine.getRuntimeService().createProcessInstanceModification(build.getId()).cancelAllForActivity("SubProcess_Preflight")
        .startBeforeActivity("CallActivity_ProbeProducts").execute();
    Job failing = buildJobs(ticket).get(0);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> engine.getManagementService().executeJob(failing.getId()));
    engine.getManagementService().setJobRetries(failing.getId(), 0);
    assertThat(engine.getRuntimeService().createIncidentQuery().processInstanceId(failing.getProcessInstanceId()).count())
        .isEqualTo(1);

    HttpResponse<String> cancel = sendMessage(BuildVariables.MSG_CHANGE_CANCELLED, ticket, Map.of());

    assertThat(cancel.statusCode()).as(cancel.body()).isEqualTo(204);
    assertThat(recordedBy(ticket)).containsExactly(OPERATOR);
    deliverCancels(ticket);
    assertThat(build).hasPassed("Event_CancelledBeforeChange").isWaitingAt("Task_ReportCancelledBeforeChange");
    assertThat(engine.getRuntimeService().createIncidentQuery().processInstanceId(failing.getProcessInstanceId()).count())
        .isZero();
    assertThat(engine.getRuntimeService().createProcessInstanceQuery().superProcessInstanceId(build.getId()).count())
        .as("ProbeProducts and the ConfirmCertificate it called are gone").isZero();
    runJobs(build.getId());
    assertThat(build).hasPassed("EndEvent_CancelledBeforeChange").isEnded();
    assertThat(reports(ticket)).extracting(r -> r.get("outcome").asText()).containsExactly("cancelled");
  }

  @Test
  void shouldKeepAMessageCancelThatCameBeforeTheBuildAndStartNoBuildForTheTicket() throws Exception {
    String ticket = ExampleRequest.newTicket();

    HttpResponse<String> cancel = sendMessage(BuildVariables.MSG_CHANGE_CANCELLED, ticket, Map.of());

    assertThat(cancel.statusCode()).as(cancel.body()).isEqualTo(204);
    assertThat(recordedBy(ticket)).containsExactly(OPERATOR);
    ProcessInstance delivery = deliveries(ticket).get(0);
    runJobs(delivery.getId()); // no build yet: it looks again after dunes.polling.cancel
    assertThat(delivery).isWaitingAt("Event_LookAgain");
    HttpResponse<String> overRest = postAsOperator("/api/builds", ExampleRequest.withTicket(ticket).toString());
    HttpResponse<String> overMessage = sendMessage(BuildVariables.MSG_BUILD_REQUESTED, ticket, Map.of(
        BuildVariables.BUILD_REQUEST, Map.of("value", ExampleRequest.withTicket(ticket).toString(), "type", "String")));
    assertThat(overRest.statusCode()).as(overRest.body()).isEqualTo(409);
    assertThat(JSON.readTree(overRest.body()).get("message").asText()).contains("was cancelled by " + OPERATOR);
    assertThat(overMessage.statusCode()).as(overMessage.body()).isEqualTo(400);
    assertThat(overMessage.body()).contains("CancelledTicketException");
    assertThat(engine.getHistoryService().createHistoricProcessInstanceQuery()
        .processDefinitionKey(BuildVariables.PROCESS_KEY).processInstanceBusinessKey(ticket).count()).isZero();

    ClockUtil.setCurrentTime(new Date(System.currentTimeMillis() + Duration.ofMinutes(2).toMillis()));
    runJobs(delivery.getId());

    assertThat(delivery).hasPassed("EndEvent_NoBuild").isEnded();
  }

  @Test
  void shouldKeepTheFirstOfTwoCancelsRecordedAtTheSameInstant(@Autowired CancelRegistry cancels,
      @Autowired org.springframework.transaction.PlatformTransactionManager transactions) throws Exception {
    String ticket = ExampleRequest.newTicket();
    TransactionTemplate transaction = new TransactionTemplate(transactions);
    CountDownLatch firstInserted = new CountDownLatch(1);
    CountDownLatch commitFirst = new CountDownLatch(1);
    CompletableFuture<CancelRegistry.Cancellation> first = CompletableFuture.supplyAsync(() -> transaction.execute(t -> {
      CancelRegistry.Cancellation recorded = cancels.record(ticket, "first");
      firstInserted.countDown();
      await(commitFirst);
      return recorded;
    }));
    assertThat(firstInserted.await(30, TimeUnit.SECONDS)).isTrue();
    // the second does not see the first's uncommitted row: its insert waits on the key, then finds it taken
    CompletableFuture<CancelRegistry.Cancellation> second = CompletableFuture.supplyAsync(
        () -> transaction.execute(t -> cancels.record(ticket, "second")));
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(5))
        .until(this::insertWaitingOnAKey);
    commitFirst.countDown();

    assertThat(first.get(30, TimeUnit.SECONDS).requestedBy()).isEqualTo("first");
    assertThat(second.get(30, TimeUnit.SECONDS).requestedBy()).as("no failure, the first record").isEqualTo("first");
    assertThat(recordedBy(ticket)).containsExactly("first");
  }

  /** H2's own view of its sessions: one is executing an insert into DUNES_CANCEL, held up by another. */
  private boolean insertWaitingOnAKey() throws java.sql.SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select = connection.prepareStatement("SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS"
            + " WHERE EXECUTING_STATEMENT LIKE 'INSERT INTO DUNES_CANCEL%'");
        ResultSet count = select.executeQuery()) {
      count.next();
      return count.getInt(1) > 0;
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void shouldRefuseACancelMessageWithoutATicket() throws Exception {
    HttpResponse<String> answer = post("/engine-rest/message", JSON.writeValueAsString(Map.of(
        "messageName", BuildVariables.MSG_CHANGE_CANCELLED, "businessKey", "no ticket")), OPERATOR, OPERATOR_PASSWORD);

    assertThat(answer.statusCode()).isEqualTo(400);
    assertThat(answer.body()).contains("change ticket");
  }

  // ---------------------------------------------------------------------------------------------

  private String startBuild() {
    String ticket = ExampleRequest.newTicket();
    HttpResponse<String> started = postAsOperator("/api/builds", ExampleRequest.withTicket(ticket).toString());
    assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
    return ticket;
  }

  private HttpResponse<String> sendMessage(String message, String ticket, Map<String, Object> variables) throws Exception {
    return post("/engine-rest/message", JSON.writeValueAsString(Map.of(
        "messageName", message, "businessKey", ticket, "processVariables", variables)), OPERATOR, OPERATOR_PASSWORD);
  }

  /** Runs every CancelBuild of the ticket, as the job executor would. */
  private void deliverCancels(String ticket) {
    deliveries(ticket).forEach(delivery -> runJobs(delivery.getId()));
  }

  private List<ProcessInstance> deliveries(String ticket) {
    return engine.getRuntimeService().createProcessInstanceQuery()
        .processDefinitionKey(BuildVariables.CANCEL_PROCESS_KEY).processInstanceBusinessKey(ticket).list();
  }

  private ProcessInstance build(String ticket) {
    return engine.getRuntimeService().createProcessInstanceQuery().processDefinitionKey(BuildVariables.PROCESS_KEY)
        .processInstanceBusinessKey(ticket).singleResult();
  }

  /** Jobs of every process instance of the build (its stages too). */
  private List<Job> buildJobs(String ticket) {
    List<Job> jobs = new ArrayList<>();
    engine.getRuntimeService().createProcessInstanceQuery().processInstanceBusinessKey(ticket).list().stream()
        .filter(p -> !p.getProcessDefinitionId().startsWith(BuildVariables.CANCEL_PROCESS_KEY + ":"))
        .forEach(p -> jobs.addAll(engine.getManagementService().createJobQuery().processInstanceId(p.getId()).list()));
    return jobs;
  }

  /** Who the DUNES_CANCEL row of the ticket names, read outside any transaction of the application. */
  private List<String> recordedBy(String ticket) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select = connection.prepareStatement(
            "SELECT REQUESTED_BY_ FROM DUNES_CANCEL WHERE TICKET_ID_ = ?")) {
      select.setString(1, ticket);
      List<String> users = new ArrayList<>();
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          users.add(rows.getString(1));
        }
      }
      return users;
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private List<JsonNode> reports(String ticket) throws Exception {
    List<JsonNode> reports = new ArrayList<>();
    for (ChangeReceiver.Received r : CHANGES.receivedFor(ticket)) {
      reports.add(JSON.readTree(r.body()));
    }
    return reports;
  }
}
