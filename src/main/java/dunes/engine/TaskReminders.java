package dunes.engine;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.IdentityLinkType;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.model.bpmn.instance.BoundaryEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * Reminders and escalations of user tasks ({@code dunes.reminders.*}). Every user task carries two
 * non-interrupting boundary timers, {@code ${taskReminders.remindAfter('Task_X')}} and
 * {@code ${taskReminders.escalateAfter('Task_X')}}, whose start listeners call {@link #remind} and
 * {@link #escalate}. Both only make the task harder to miss — follow-up date, priority, a comment in
 * the task's history, a log line, and on escalation one more candidate group — and never complete,
 * claim or decide it.
 */
@Component("taskReminders")
@EnableConfigurationProperties(ReminderProperties.class)
public class TaskReminders {

  static final int REMINDED_PRIORITY = 75;
  static final int ESCALATED_PRIORITY = 100;
  private static final Logger LOG = LoggerFactory.getLogger(TaskReminders.class);

  private final ReminderProperties properties;

  public TaskReminders(ReminderProperties properties) {
    this.properties = properties;
  }

  /** ISO 8601 duration for the reminder timer of user task {@code taskId}. */
  public String remindAfter(String taskId) {
    return properties.remindAfter(taskId).toString();
  }

  /** ISO 8601 duration for the escalation timer of user task {@code taskId}. */
  public String escalateAfter(String taskId) {
    return properties.escalateAfter(taskId).toString();
  }

  /** The reminder: follow-up date now, priority at least {@value #REMINDED_PRIORITY}, a comment, a log line. */
  public void remind(DelegateExecution execution) {
    TaskService tasks = execution.getProcessEngineServices().getTaskService();
    for (Task task : openTasks(execution)) {
      task.setFollowUpDate(ClockUtil.getCurrentTime());
      task.setPriority(Math.max(task.getPriority(), REMINDED_PRIORITY));
      tasks.saveTask(task);
      String text = "Reminder: '" + task.getName() + "' has been open since " + task.getCreateTime().toInstant()
          + " (build " + execution.getProcessBusinessKey() + "); offered to " + groups(tasks, task) + ".";
      tasks.createComment(task.getId(), task.getProcessInstanceId(), text);
      LOG.info("{} [task {}]", text, task.getId());
    }
  }

  /** The escalation: priority {@value #ESCALATED_PRIORITY}, the escalation group of each candidate group, a comment, a warning. */
  public void escalate(DelegateExecution execution) {
    TaskService tasks = execution.getProcessEngineServices().getTaskService();
    for (Task task : openTasks(execution)) {
      task.setPriority(ESCALATED_PRIORITY);
      task.setFollowUpDate(ClockUtil.getCurrentTime());
      tasks.saveTask(task);
      Set<String> before = groups(tasks, task);
      Set<String> added = new LinkedHashSet<>();
      for (String group : before) {
        String escalation = properties.escalationGroups().get(group);
        if (escalation != null && !before.contains(escalation)) {
          tasks.addCandidateGroup(task.getId(), escalation);
          added.add(escalation);
        }
      }
      String text = "Escalated: '" + task.getName() + "' has been open since " + task.getCreateTime().toInstant()
          + " (build " + execution.getProcessBusinessKey() + "); " + (added.isEmpty() ? "no escalation group configured for "
          + before : "now offered to " + added + " as well") + ". Nothing is decided until a person completes it.";
      tasks.createComment(task.getId(), task.getProcessInstanceId(), text);
      LOG.warn("{} [task {}]", text, task.getId());
    }
  }

  /** The open task the firing timer is attached to, in this process instance. */
  private static List<Task> openTasks(DelegateExecution execution) {
    BoundaryEvent timer = (BoundaryEvent) execution.getBpmnModelElementInstance();
    return execution.getProcessEngineServices().getTaskService().createTaskQuery()
        .processInstanceId(execution.getProcessInstanceId())
        .taskDefinitionKey(timer.getAttachedTo().getId()).list();
  }

  private static Set<String> groups(TaskService tasks, Task task) {
    Set<String> groups = new LinkedHashSet<>();
    for (IdentityLink link : tasks.getIdentityLinksForTask(task.getId())) {
      if (IdentityLinkType.CANDIDATE.equals(link.getType()) && link.getGroupId() != null) {
        groups.add(link.getGroupId());
      }
    }
    return groups;
  }
}
