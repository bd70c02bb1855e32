package dunes.support;

import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.task.Task;

/**
 * How the tests answer a build's plan, as an operator does in Tasklist: Task_ApprovePlan with its
 * one decision field. The answer that today replaces the build's certificate confirmations.
 */
public final class PlanApproval {

  public static final String TASK = "Task_ApprovePlan";
  public static final String DECISION = "planDecision";
  public static final Map<String, Object> APPROVE = Map.of(DECISION, "approve");
  public static final Map<String, Object> REJECT = Map.of(DECISION, "reject");

  private PlanApproval() {}

  /** Completes {@code task} in this JVM's engine as {@code user} (authenticated: the listener records who). */
  public static void complete(ProcessEngine engine, Task task, String user, Map<String, Object> decision) {
    complete(engine, task, user, dunes.security.DunesGroups.OPERATORS, decision);
  }

  /** As {@link #complete(ProcessEngine, Task, String, Map)}, by a member of {@code group}, e.g. {@code pki-approvers}. */
  public static void complete(ProcessEngine engine, Task task, String user, String group, Map<String, Object> decision) {
    engine.getIdentityService().setAuthentication(user, List.of(group));
    try {
      engine.getTaskService().complete(task.getId(), decision);
    } finally {
      engine.getIdentityService().clearAuthentication();
    }
  }
}
