package dunes.engine;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * When a user task is reminded and escalated, counted from its creation ({@code dunes.reminders.*}).
 *
 * @param remindAfter from the task's creation to its reminder
 * @param escalateAfter from the task's creation to its escalation (after the reminder)
 * @param escalationGroups a task offered to the key group is offered to the value group too on escalation
 * @param tasks per-task timings by task id (Task_ApproveCertificateRequest, ...), for either duration
 */
@ConfigurationProperties("dunes.reminders")
public record ReminderProperties(Duration remindAfter, Duration escalateAfter, Map<String, String> escalationGroups,
    Map<String, Timing> tasks) {

  public ReminderProperties {
    remindAfter = remindAfter == null ? Duration.ofHours(4) : remindAfter;
    escalateAfter = escalateAfter == null ? Duration.ofHours(24) : escalateAfter;
    escalationGroups = escalationGroups == null
        ? Map.of("vco-operators", "vco-leads", "pki-approvers", "pki-leads") : Map.copyOf(escalationGroups);
    tasks = tasks == null ? Map.of() : Map.copyOf(tasks);
    check(remindAfter, escalateAfter, "dunes.reminders");
    for (Map.Entry<String, Timing> task : tasks.entrySet()) {
      check(task.getValue().remindAfter(remindAfter), task.getValue().escalateAfter(escalateAfter),
          "dunes.reminders.tasks." + task.getKey());
    }
  }

  public record Timing(Duration remindAfter, Duration escalateAfter) {
    Duration remindAfter(Duration otherwise) {
      return remindAfter == null ? otherwise : remindAfter;
    }

    Duration escalateAfter(Duration otherwise) {
      return escalateAfter == null ? otherwise : escalateAfter;
    }
  }

  Duration remindAfter(String task) {
    Timing timing = tasks.get(task);
    return timing == null ? remindAfter : timing.remindAfter(remindAfter);
  }

  Duration escalateAfter(String task) {
    Timing timing = tasks.get(task);
    return timing == null ? escalateAfter : timing.escalateAfter(escalateAfter);
  }

  private static void check(Duration remind, Duration escalate, String where) {
    if (remind.isNegative() || remind.isZero() || escalate.compareTo(remind) <= 0) {
      throw new IllegalArgumentException(where + ": remind-after must be positive and escalate-after later, not "
          + remind + " and " + escalate);
    }
  }
}
