package dunes.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dunes.pki.certsrv.PlainHttpAcceptances;
import dunes.support.DunesIntegrationTest;
import dunes.support.StageCaller;
import java.net.URI;
import java.util.Map;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * ConfirmCertificate with an http:// URL: no certificate is read; a vco-operators member accepts
 * or rejects plain HTTP in Task_AcceptPlainHttp, and Dunes records who accepted from the engine's
 * authentication, not from a variable.
 */
class ConfirmPlainHttpProcessTest extends DunesIntegrationTest {

  private static final String URL = "http://ca.lab.local/certsrv";

  @Autowired PlainHttpAcceptances acceptances;

  @Test
  void anAcceptanceIsRecordedWithWhoAccepted() {
    ProcessInstance confirm = start("CHG-PLAIN-1");
    Task task = acceptTask(confirm);
    assertThat(task.getTaskDefinitionKey()).isEqualTo("Task_AcceptPlainHttp");
    assertThat(engine.getManagementService().createJobQuery().processInstanceId(confirm.getId()).messages().count())
        .as("no certificate is read for an http URL (only the task's reminder timers wait)").isZero();

    completeAs(OPERATOR, task, "accept");

    assertThat(engine.getHistoryService().createHistoricActivityInstanceQuery().processInstanceId(confirm.getId())
        .activityId("EndEvent_PlainHttpAccepted").count()).isEqualTo(1);
    assertThat(acceptances.find("CHG-PLAIN-1", URI.create(URL))).get()
        .satisfies(a -> assertThat(a.acceptedBy()).isEqualTo(OPERATOR));
  }

  @Test
  void aVariableSayingAcceptedDecidesNothing() {
    ProcessInstance confirm = start("CHG-PLAIN-2");
    engine.getRuntimeService().setVariable(confirm.getId(), "plainHttpAcceptedBy", "mallory");

    assertThat(acceptances.find("CHG-PLAIN-2", URI.create(URL))).isEmpty();
  }

  @Test
  void aRejectionEndsWithTheRejectionErrorAndRecordsNothing() {
    ProcessInstance confirm = start("CHG-PLAIN-3");
    completeAs(OPERATOR, acceptTask(confirm), "reject");

    assertThat(engine.getHistoryService().createHistoricActivityInstanceQuery().processInstanceId(confirm.getId())
        .activityId("EndEvent_PlainHttpRejected").count()).isEqualTo(1);
    assertThat(acceptances.find("CHG-PLAIN-3", URI.create(URL))).isEmpty();
  }

  @Test
  void completingWithoutAnAuthenticatedPersonIsRefused() {
    ProcessInstance confirm = start("CHG-PLAIN-4");
    Task task = acceptTask(confirm);

    assertThatThrownBy(() -> engine.getTaskService().complete(task.getId(), Map.of("plainHttpDecision", "accept")))
        .isInstanceOf(ProcessEngineException.class).hasMessageContaining("needs an authenticated person");
    assertThat(acceptances.find("CHG-PLAIN-4", URI.create(URL))).isEmpty();
    assertThat(acceptTask(confirm)).isNotNull();
  }

  private ProcessInstance start(String build) {
    return StageCaller.call(engine, "ConfirmCertificate", build, Map.of(
        "certificateUrl", URL, "certificatePurpose", "the Microsoft CA's web enrolment (certsrv)"));
  }

  private Task acceptTask(ProcessInstance confirm) {
    return engine.getTaskService().createTaskQuery().processInstanceId(confirm.getId()).singleResult();
  }

  private void completeAs(String user, Task task, String decision) {
    engine.getIdentityService().setAuthentication(user, java.util.List.of(dunes.security.DunesGroups.OPERATORS));
    try {
      engine.getTaskService().complete(task.getId(), Map.of("plainHttpDecision", decision));
    } finally {
      engine.getIdentityService().clearAuthentication();
    }
  }
}
