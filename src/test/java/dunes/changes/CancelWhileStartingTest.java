package dunes.changes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dunes.build.BuildVariables;
import dunes.support.DunesIntegrationTest;
import dunes.support.ExampleRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

/**
 * Change management's cancel arriving while the build's start is still in its transaction: the
 * ticket claimed, nothing committed. The start is held right after the claim (a test hook around
 * {@code validateBuildRequestStep}), the cancel message is answered and kept, its delivery finds
 * no build and looks again; once the start commits, the next look cancels the build before any
 * change. Its own context and in-memory database, because of the hook.
 */
@Import(CancelWhileStartingTest.HeldStart.class)
@TestPropertySource(properties = "spring.datasource.url=jdbc:h2:mem:dunes-cancel-while-starting;DB_CLOSE_DELAY=-1")
class CancelWhileStartingTest extends DunesIntegrationTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @AfterEach
  void letStartsGo() {
    HeldStart.release();
  }

  @Test
  void shouldCancelABuildWhoseStartHadNotCommittedWhenTheCancelCame() throws Exception {
    String ticket = ExampleRequest.newTicket();
    HeldStart.hold(ticket);
    CompletableFuture<HttpResponse<String>> start = CompletableFuture.supplyAsync(
        () -> postAsOperator("/api/builds", ExampleRequest.withTicket(ticket).toString()));
    assertThat(HeldStart.claimed.await(60, TimeUnit.SECONDS)).as("the start claimed the ticket").isTrue();

    HttpResponse<String> overRest = postAsOperator("/api/builds/" + ticket + "/cancel", "");
    HttpResponse<String> message = post("/engine-rest/message", JSON.writeValueAsString(Map.of(
        "messageName", BuildVariables.MSG_CHANGE_CANCELLED, "businessKey", ticket)), OPERATOR, OPERATOR_PASSWORD);
    ProcessInstance delivery = engine.getRuntimeService().createProcessInstanceQuery()
        .processDefinitionKey(BuildVariables.CANCEL_PROCESS_KEY).processInstanceBusinessKey(ticket).singleResult();
    runJobs(delivery.getId());

    assertThat(overRest.statusCode()).as("REST sees no build yet and keeps nothing").isEqualTo(404);
    assertThat(message.statusCode()).as(message.body()).isEqualTo(204);
    assertThat(delivery).isWaitingAt("Event_LookAgain");
    assertThat(start).isNotDone();

    HeldStart.release();
    assertThat(start.get(60, TimeUnit.SECONDS).statusCode()).isEqualTo(201);
    Job lookAgain = engine.getManagementService().createJobQuery().processInstanceId(delivery.getId()).singleResult();
    engine.getManagementService().executeJob(lookAgain.getId()); // the timer, without waiting for it
    runJobs(delivery.getId());

    assertThat(delivery).hasPassed("EndEvent_Delivered").isEnded();
    ProcessInstance build = engine.getRuntimeService().createProcessInstanceQuery()
        .processDefinitionKey(BuildVariables.PROCESS_KEY).processInstanceBusinessKey(ticket).singleResult();
    assertThat(build).hasPassed("Event_CancelledDuringPreflight"); // its first job, preflight, had not run
    runJobs(build.getId());
    assertThat(build).hasPassed("EndEvent_CancelledBeforeChange").isEnded();
    assertThat(CHANGES.receivedFor(ticket)).extracting(r -> JSON.readTree(r.body()).get("outcome").asText())
        .containsExactly("cancelled");
  }

  /** Holds the start of one ticket's build after its claim, inside the start's transaction. */
  @TestConfiguration
  static class HeldStart {
    static volatile String ticket;
    static volatile CountDownLatch claimed = new CountDownLatch(1);
    static volatile CountDownLatch released = new CountDownLatch(1);

    static void hold(String heldTicket) {
      claimed = new CountDownLatch(1);
      released = new CountDownLatch(1);
      ticket = heldTicket;
    }

    static void release() {
      released.countDown();
    }

    @Bean
    static BeanPostProcessor holdAfterClaim() {
      return new BeanPostProcessor() {
        @Override
        public Object postProcessAfterInitialization(Object bean, String name) {
          if (!name.equals("validateBuildRequestStep")) {
            return bean;
          }
          JavaDelegate step = (JavaDelegate) bean;
          return (JavaDelegate) execution -> {
            step.execute(execution);
            if (execution.getProcessBusinessKey().equals(ticket)) {
              claimed.countDown();
              released.await(60, TimeUnit.SECONDS);
            }
          };
        }
      };
    }
  }
}
