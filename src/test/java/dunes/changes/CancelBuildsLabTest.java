package dunes.changes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dunes.build.BuildVariables;
import dunes.lab.LabFaults;
import dunes.lab.LabJournal;
import dunes.support.ExampleRequest;
import dunes.support.LabBuildTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;

/**
 * Cancels that meet running builds, in the lab with the job executor running, everything over
 * HTTP as change management and the operators send it: the build request, then a cancel as
 * {@code POST /api/builds/{ticket}/cancel} or as message {@code Msg_ChangeCancelled}. The builds'
 * nodes and virtual IPs are at 127.0.41.x (the lab itself at LabBuildTest's 127.0.10.x: run this
 * class alone).
 */
class CancelBuildsLabTest extends LabBuildTest {

  private static final Logger LOG = LoggerFactory.getLogger(CancelBuildsLabTest.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final Set<String> CANCELLED_ENDS = Set.of("EndEvent_Cancelled", "EndEvent_CancelledBeforeChange");

  @Autowired Environment environment;
  @LocalServerPort int port;
  private final ScheduledExecutorService clock = Executors.newScheduledThreadPool(8);

  @AfterEach
  void stopClockAndFaults() {
    clock.shutdownNow();
    faults.clear();
  }

  @Test
  void shouldEndTwentyBuildsEachCancelledZeroToTwoSecondsAfterItsStartAsCancelled() throws Exception {
    long seed = System.nanoTime();
    LOG.info("cancel delays from seed {}", seed);
    Random random = new Random(seed);
    // some edge probes fail and wait for their retry: a cancel also meets failed jobs
    faults.injectWithProbability("edge:api", LabFaults.Kind.HTTP_500, 0.3);
    List<String> tickets = new ArrayList<>();
    Map<String, List<String>> answers = new ConcurrentHashMap<>();
    List<CompletableFuture<?>> runs = new ArrayList<>();
    for (int k = 0; k < 20; k++) {
      String ticket = ExampleRequest.newTicket();
      tickets.add(ticket);
      answers.put(ticket, new CopyOnWriteArrayList<>());
      // each build waits at Task_ApprovePlan, which nobody answers here; every fifth has no vCenter pin either
      String request = request(ticket, k, k % 5 == 0 ? null : lab.fingerprint());
      boolean startByMessage = k % 3 == 1;
      boolean cancelByMessage = k % 2 == 1;
      boolean twice = k % 4 == 3;
      long delay = random.nextInt(2001);
      long again = random.nextInt(501);
      runs.add(CompletableFuture.supplyAsync(() -> start(ticket, request, startByMessage), clock)
          .thenCompose(started -> {
            answers.get(ticket).add("start " + started);
            return later(delay, () -> cancel(ticket, cancelByMessage));
          })
          .thenCompose(first -> {
            answers.get(ticket).add(first);
            return twice ? later(again, () -> cancel(ticket, !cancelByMessage)) : CompletableFuture.completedFuture(null);
          })
          .thenAccept(second -> {
            if (second != null) {
              answers.get(ticket).add(second);
            }
          }));
    }
    CompletableFuture.allOf(runs.toArray(CompletableFuture[]::new)).get(2, TimeUnit.MINUTES);
    LOG.info("answers: {}", answers);

    awaitNothingRunning(tickets);

    for (String ticket : tickets) {
      assertThat(answers.get(ticket).get(0)).as(ticket).isIn("start 201", "start 204");
      assertThat(answers.get(ticket).subList(1, answers.get(ticket).size())).as(ticket + ": each cancel answered")
          .allSatisfy(a -> assertThat(a).isIn("rest 202", "rest 200", "message 204"));
      HistoricProcessInstance build = newestBuild(ticket);
      assertThat(build.getEndActivityId()).as(ticket).isIn(CANCELLED_ENDS);
      assertThat(outcome(build)).as(ticket).isEqualTo("cancelled");
      assertThat(reports(ticket)).as(ticket + ": what change management received").containsOnlyOnce("cancelled")
          .doesNotContain("completed", "failed", "rejected");
      JsonNode cancel = JSON.readTree(send("GET", "/api/builds/" + ticket, null).body()).get("cancelRequested");
      assertThat(cancel.get("requestedBy").asText()).as(ticket).isEqualTo("operator");
      assertThat(cancel.get("honouredAt").isNull()).as(ticket + ": taken by the build").isFalse();
    }
    LOG.info("deliveries that met a running job of their build and ran again: {}", conflictedDeliveries(tickets));
    LOG.info("where the cancels met the builds: {}", interrupted(tickets));
  }

  @Test
  void shouldCancelBuildsWaitingForAJobRetryAndAtAnIncident() throws Exception {
    faults.inject("edge:api", LabFaults.Kind.HTTP_500, 1_000); // every edge probe fails: R5/PT1S, then an incident
    String retrying = ExampleRequest.newTicket();
    String incident = ExampleRequest.newTicket();
    start(retrying, request(retrying, 0, lab.fingerprint()), false);
    start(incident, request(incident, 1, lab.fingerprint()), true);
    approvePlan(retrying);
    approvePlan(incident);

    Job waitingForRetry = await().atMost(BUILD).until(() -> failedEdgeProbe(retrying),
        j -> j != null && j.getRetries() > 0 && j.getDuedate().getTime() > System.currentTimeMillis());
    assertThat(cancel(retrying, false)).isEqualTo("rest 202");
    Job failed = await().atMost(BUILD).until(() -> failedEdgeProbe(incident), j -> j != null && j.getRetries() == 0);
    assertThat(engine.getRuntimeService().createIncidentQuery().processInstanceId(failed.getProcessInstanceId())
        .activityId("Task_ProbeEdge").count()).isEqualTo(1);
    assertThat(cancel(incident, true)).isEqualTo("message 204");

    awaitNothingRunning(List.of(retrying, incident));

    assertThat(engine.getManagementService().createJobQuery().jobId(waitingForRetry.getId()).count()).isZero();
    assertThat(engine.getRuntimeService().createIncidentQuery().processInstanceId(failed.getProcessInstanceId()).count())
        .isZero();
    for (String ticket : List.of(retrying, incident)) {
      assertThat(newestBuild(ticket).getEndActivityId()).as(ticket).isEqualTo("EndEvent_CancelledBeforeChange");
      assertThat(reports(ticket)).as(ticket).containsExactly("cancelled");
    }
  }

  @Test
  void shouldCancelABuildWaitingAtATimerOfAStageAndUndoItsNode() throws Exception {
    String ticket = ExampleRequest.newTicket();
    start(ticket, request(ticket, 2, lab.fingerprint()), false);
    approvePlan(ticket); // node 1 is deployed and on; its configuration polls its workflows and its restart
    Job timer = await().atMost(BUILD).pollInterval(Duration.ofMillis(20)).until(() -> stageTimer(ticket), j -> j != null);

    assertThat(cancel(ticket, false)).isEqualTo("rest 202");
    LOG.info("cancelled while a timer of {} was pending", timer.getProcessDefinitionKey());

    awaitNothingRunning(List.of(ticket));
    assertThat(newestBuild(ticket).getEndActivityId()).isEqualTo("EndEvent_Cancelled");
    assertThat(reports(ticket)).containsExactly("started", "cancelled");
    assertThat(inventoryNames("VirtualMachine")).as("the undo removed the node it had deployed").doesNotContain("cxc1");
  }

  // ---------------------------------------------------------------------------------------------

  /** Build {@code k}'s request: cluster {@code vcvcocx<k>} at 127.0.41.(10+k), nodes cx<k>1, cx<k>2 at 127.0.41.(100+2k+1, +2). */
  private String request(String ticket, int k, String vcenterPin) {
    String prefix = "cx" + (char) ('a' + k);
    try {
      ObjectNode request = (ObjectNode) JSON.readTree(request(ticket, prefix, 1, 10, vcenterPin, "LabDatastore"));
      String vip = "127.0.41." + (10 + k);
      ExampleRequest.node(request, "cluster").put("virtualIp", vip);
      record("vcvco" + prefix + ".lab.local", vip);
      ArrayNode nodes = request.putArray("nodes");
      for (int i = 1; i <= 2; i++) {
        nodes.addObject().put("name", prefix + i).put("fqdn", prefix + i + ".lab.local")
            .put("ip", "127.0.41." + (100 + 2 * k + i)).put("netmask", "255.255.255.0").put("gateway", "127.0.41.1");
        record(prefix + i + ".lab.local", "127.0.41." + (100 + 2 * k + i)); // the node's records, which preflight asks for
      }
      return request.toString();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The HTTP status of the build's start, by the REST API or change management's message. */
  private int start(String ticket, String request, boolean byMessage) {
    HttpResponse<String> answer = byMessage
        ? send("POST", "/engine-rest/message", message(BuildVariables.MSG_BUILD_REQUESTED, ticket,
            Map.of(BuildVariables.BUILD_REQUEST, Map.of("value", request, "type", "String"))))
        : send("POST", "/api/builds", request);
    assertThat(answer.statusCode()).as(answer.body()).isIn(201, 204);
    return answer.statusCode();
  }

  /** "rest 202", "message 204", ...: the channel and the HTTP status of the cancel. */
  private String cancel(String ticket, boolean byMessage) {
    HttpResponse<String> answer = byMessage
        ? send("POST", "/engine-rest/message", message(BuildVariables.MSG_CHANGE_CANCELLED, ticket, Map.of()))
        : send("POST", "/api/builds/" + ticket + "/cancel", "");
    if (answer.statusCode() / 100 != 2) {
      LOG.warn("cancel of {} answered {}: {}", ticket, answer.statusCode(), answer.body());
    }
    return (byMessage ? "message " : "rest ") + answer.statusCode();
  }

  private static String message(String name, String ticket, Map<String, Object> variables) {
    try {
      return JSON.writeValueAsString(Map.of("messageName", name, "businessKey", ticket, "processVariables", variables));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private <T> CompletableFuture<T> later(long millis, Supplier<T> action) {
    CompletableFuture<T> result = new CompletableFuture<>();
    clock.schedule(() -> {
      try {
        result.complete(action.get());
      } catch (Throwable t) {
        result.completeExceptionally(t);
      }
    }, millis, TimeUnit.MILLISECONDS);
    return result;
  }

  /** Until no process instance of the tickets runs (builds, their stages, the cancels' deliveries). */
  private void awaitNothingRunning(List<String> tickets) {
    try {
      await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(500)).until(() -> tickets.stream()
          .allMatch(t -> engine.getRuntimeService().createProcessInstanceQuery().processInstanceBusinessKey(t).count() == 0));
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      List<String> running = engine.getHistoryService().createHistoricActivityInstanceQuery().unfinished().list().stream()
          .filter(a -> tickets.contains(engine.getHistoryService().createHistoricProcessInstanceQuery()
              .processInstanceId(a.getProcessInstanceId()).singleResult().getBusinessKey()))
          .map(a -> a.getProcessDefinitionKey() + "/" + a.getActivityId()).toList();
      throw new AssertionError("still running: " + running, e);
    }
  }

  private HistoricProcessInstance newestBuild(String ticket) {
    return engine.getHistoryService().createHistoricProcessInstanceQuery().processDefinitionKey(BuildVariables.PROCESS_KEY)
        .processInstanceBusinessKey(ticket).orderByProcessInstanceStartTime().desc().list().get(0);
  }

  private Object outcome(HistoricProcessInstance build) {
    var v = engine.getHistoryService().createHistoricVariableInstanceQuery().processInstanceId(build.getId())
        .variableName(BuildVariables.OUTCOME).singleResult();
    return v == null ? null : v.getValue();
  }

  /** The outcomes the lab's change-management receiver journaled for the ticket, repeats of an event dropped. */
  private List<String> reports(String ticket) {
    return journal.entries("changes").stream().filter(e -> e.target().equals(ticket))
        .map(LabJournal.Entry::operation).toList();
  }

  private Job failedEdgeProbe(String ticket) {
    return engine.getManagementService().createJobQuery().withException().list().stream()
        .filter(j -> "Task_ProbeEdge".equals(j.getFailedActivityId()) && ticket.equals(businessKey(j.getProcessInstanceId())))
        .findFirst().orElse(null);
  }

  /** A timer pending in one of the build's called processes (a poll interval between two looks, not a task's reminder). */
  private Job stageTimer(String ticket) {
    return engine.getManagementService().createJobQuery().timers().list().stream()
        .filter(j -> ticket.equals(businessKey(j.getProcessInstanceId())) && !j.getProcessDefinitionKey().equals("VcoHaBuild"))
        .filter(j -> !remindsATask(j)).findFirst().orElse(null);
  }

  private boolean remindsATask(Job timer) {
    String activity = engine.getManagementService().createJobDefinitionQuery().jobDefinitionId(timer.getJobDefinitionId())
        .singleResult().getActivityId();
    return activity.startsWith("Event_Remind") || activity.startsWith("Event_Escalate");
  }

  private String businessKey(String processInstanceId) {
    var instance = engine.getRuntimeService().createProcessInstanceQuery().processInstanceId(processInstanceId).singleResult();
    return instance == null ? null : instance.getBusinessKey();
  }

  /** Per build, its end event and the activities (of every process of the build) the cancel interrupted. */
  private Map<String, List<String>> interrupted(List<String> tickets) {
    Map<String, List<String>> where = new java.util.TreeMap<>();
    for (String ticket : tickets) {
      List<String> activities = new ArrayList<>(List.of(newestBuild(ticket).getEndActivityId()));
      engine.getHistoryService().createHistoricProcessInstanceQuery().processInstanceBusinessKey(ticket).list().stream()
          .filter(p -> !p.getProcessDefinitionKey().equals(BuildVariables.CANCEL_PROCESS_KEY))
          .flatMap(p -> engine.getHistoryService().createHistoricActivityInstanceQuery().processInstanceId(p.getId())
              .canceled().list().stream())
          .map(a -> a.getProcessDefinitionKey() + "/" + a.getActivityId()).forEach(activities::add);
      where.put(ticket, activities);
    }
    return where;
  }

  /** CancelBuild deliveries of the tickets whose job failed on optimistic locking at least once. */
  private long conflictedDeliveries(List<String> tickets) {
    return engine.getHistoryService().createHistoricProcessInstanceQuery()
        .processDefinitionKey(BuildVariables.CANCEL_PROCESS_KEY).list().stream()
        .filter(p -> tickets.contains(p.getBusinessKey()))
        .filter(p -> engine.getHistoryService().createHistoricJobLogQuery().processInstanceId(p.getId()).failureLog()
            .list().stream().anyMatch(l -> String.valueOf(engine.getHistoryService()
                .getHistoricJobLogExceptionStacktrace(l.getId())).contains("OptimisticLockingException")))
        .count();
  }

  private HttpResponse<String> send(String method, String path, String body) {
    String password = environment.getProperty("dunes.lab.users.operator");
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("Authorization", "Basic " + Base64.getEncoder()
            .encodeToString(("operator:" + password).getBytes(StandardCharsets.UTF_8)))
        .header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .build();
    try {
      return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
