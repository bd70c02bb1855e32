package dunes.build;

import java.time.Instant;
import java.util.List;

/** What {@code GET /api/builds/{ticket}} answers: where one build stands. */
public record BuildStatus(
    String ticket,
    String processInstanceId,
    String state,
    String outcome,
    Instant startedAt,
    Instant endedAt,
    List<Activity> currentActivities,
    List<Activity> completedActivities,
    List<OpenTask> openTasks,
    List<Incident> incidents,
    List<FieldError> validationErrors,
    CancelRequest cancelRequested) {

  public record Activity(String id, String name, String type) {}

  public record OpenTask(String id, String taskDefinitionKey, String name, String assignee, List<String> candidateGroups) {}

  public record Incident(String activityId, String type, String message) {}

  /** A cancel of the ticket, recorded; {@code honouredAt} is null until the build took it. */
  public record CancelRequest(String requestedBy, Instant requestedAt, Instant honouredAt) {}
}
