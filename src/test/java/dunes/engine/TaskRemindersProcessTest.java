package dunes.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dunes.security.DunesGroups;
import dunes.support.DunesIntegrationTest;
import dunes.support.StageCaller;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.history.HistoricIdentityLinkLog;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Comment;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A user task's two timers, run through the engine: the reminder raises the task and says so in its
 * history, the escalation offers it to the escalation group as well; neither decides anything. The
 * task is ConfirmCertificate's "Accept plain HTTP to the CA", reached without any external call.
 */
class TaskRemindersProcessTest extends DunesIntegrationTest {

  private static final String URL = "http://ca.lab.local/certsrv";

  @AfterEach
  void clock() {
    ClockUtil.reset();
  }

  @Test
  void shouldCarryAReminderAndAnEscalationTimerOfTheConfiguredDurations() {
    ClockUtil.setCurrentTime(new Date()); // one instant for the task and its timers
    ProcessInstance confirm = start("CHG-REMIND-1");
    Task task = task(confirm);

    Job remind = timer(confirm, "Event_RemindAcceptPlainHttp");
    Job escalate = timer(confirm, "Event_EscalateAcceptPlainHttp");
    assertThat(Duration.between(task.getCreateTime().toInstant(), remind.getDuedate().toInstant()))
        .isEqualTo(Duration.ofHours(4));
    assertThat(Duration.between(task.getCreateTime().toInstant(), escalate.getDuedate().toInstant()))
        .isEqualTo(Duration.ofHours(24));
  }

  @Test
  void shouldRemindThenEscalateWithoutDecidingTheTask() {
    ProcessInstance confirm = start("CHG-REMIND-2");
    Task task = task(confirm);
    ManagementService management = engine.getManagementService();

    management.executeJob(timer(confirm, "Event_RemindAcceptPlainHttp").getId());

    Task reminded = task(confirm);
    assertThat(reminded.getId()).as("the same open task").isEqualTo(task.getId());
    assertThat(reminded.getPriority()).isEqualTo(TaskReminders.REMINDED_PRIORITY);
    assertThat(reminded.getFollowUpDate()).isNotNull();
    assertThat(comments(task)).singleElement().asString().startsWith("Reminder: 'Accept plain HTTP to the CA' has been open since ")
        .contains("(build CHG-REMIND-2); offered to [vco-operators].");
    assertThat(candidateGroups(task)).containsExactly(DunesGroups.OPERATORS);

    management.executeJob(timer(confirm, "Event_EscalateAcceptPlainHttp").getId());

    Task escalated = task(confirm);
    assertThat(escalated.getId()).isEqualTo(task.getId());
    assertThat(escalated.getPriority()).isEqualTo(TaskReminders.ESCALATED_PRIORITY);
    assertThat(escalated.getAssignee()).as("nobody was made to own it").isNull();
    assertThat(candidateGroups(task)).containsExactlyInAnyOrder(DunesGroups.OPERATORS, "vco-leads");
    assertThat(comments(task)).hasSize(2).anySatisfy(c -> assertThat(c).startsWith("Escalated: ")
        .contains("now offered to [vco-leads] as well. Nothing is decided until a person completes it."));
    assertThat(engine.getHistoryService().createHistoricIdentityLinkLogQuery().taskId(task.getId())
        .groupId("vco-leads").list()).extracting(HistoricIdentityLinkLog::getOperationType).containsExactly("add");
    assertThat(engine.getHistoryService().createHistoricActivityInstanceQuery().processInstanceId(confirm.getId())
        .finished().list()).extracting(a -> a.getActivityId())
        .contains("Event_RemindAcceptPlainHttp", "EndEvent_RemindedAcceptPlainHttp",
            "Event_EscalateAcceptPlainHttp", "EndEvent_EscalatedAcceptPlainHttp")
        .doesNotContain("Task_AcceptPlainHttp");
    assertThat(management.createJobQuery().processInstanceId(confirm.getId()).count()).as("no timer left").isZero();
  }

  @Test
  void shouldLeaveNoTimerOnceTheTaskIsDone() {
    ProcessInstance confirm = start("CHG-REMIND-3");
    engine.getIdentityService().setAuthentication(OPERATOR, List.of(DunesGroups.OPERATORS));
    try {
      engine.getTaskService().complete(task(confirm).getId(), Map.of("plainHttpDecision", "reject"));
    } finally {
      engine.getIdentityService().clearAuthentication();
    }

    assertThat(engine.getManagementService().createJobQuery().processInstanceId(confirm.getId()).count()).isZero();
  }

  private ProcessInstance start(String build) {
    return StageCaller.call(engine, "ConfirmCertificate", build, Map.of(
        "certificateUrl", URL, "certificatePurpose", "the Microsoft CA's web enrolment (certsrv)"));
  }

  private Task task(ProcessInstance confirm) {
    return engine.getTaskService().createTaskQuery().processInstanceId(confirm.getId()).singleResult();
  }

  private Job timer(ProcessInstance confirm, String activityId) {
    return engine.getManagementService().createJobQuery().processInstanceId(confirm.getId()).timers()
        .activityId(activityId).singleResult();
  }

  private List<String> comments(Task task) {
    return engine.getTaskService().getTaskComments(task.getId()).stream().map(Comment::getFullMessage).toList();
  }

  private List<String> candidateGroups(Task task) {
    return engine.getTaskService().getIdentityLinksForTask(task.getId()).stream()
        .filter(l -> "candidate".equals(l.getType()) && l.getGroupId() != null).map(l -> l.getGroupId()).toList();
  }
}
