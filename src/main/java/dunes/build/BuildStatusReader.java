package dunes.build;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.exception.NullValueException;
import org.camunda.bpm.engine.history.HistoricActivityInstance;
import org.camunda.bpm.engine.runtime.ActivityInstance;
import org.camunda.bpm.engine.runtime.TransitionInstance;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.IdentityLinkType;
import org.camunda.bpm.engine.task.Task;
import org.springframework.stereotype.Component;

/** Reads a build's state from the engine's runtime and history (history level full). */
@Component
public class BuildStatusReader {

  /** Activity types worth showing as progress; gateways and events are noise to an operator. */
  private static final Set<String> STEP_TYPES =
      Set.of("serviceTask", "userTask", "callActivity", "subProcess", "sendTask", "scriptTask", "businessRuleTask");

  private final HistoryService history;
  private final RuntimeService runtime;
  private final TaskService tasks;
  private final CancelRegistry cancels;
  private final ObjectMapper json;

  public BuildStatusReader(HistoryService history, RuntimeService runtime, TaskService tasks, CancelRegistry cancels,
      ObjectMapper json) {
    this.history = history;
    this.runtime = runtime;
    this.tasks = tasks;
    this.cancels = cancels;
    this.json = json;
  }

  /** The newest build of the ticket: a rejected request may be followed by a corrected one. */
  public Optional<BuildStatus> find(String ticket) {
    return history.createHistoricProcessInstanceQuery()
        .processDefinitionKey(BuildVariables.PROCESS_KEY)
        .processInstanceBusinessKey(ticket)
        .list().stream()
        .max(Comparator.comparing(HistoricProcessInstance::getStartTime))
        .map(instance -> status(ticket, instance));
  }

  private BuildStatus status(String ticket, HistoricProcessInstance instance) {
    String id = instance.getId();
    List<HistoricActivityInstance> activities = history.createHistoricActivityInstanceQuery()
        // activities started in the same millisecond keep the order they ran in (the sequence counter)
        .processInstanceId(id).orderByHistoricActivityInstanceStartTime().asc().orderPartiallyByOccurrence().asc().list();
    return new BuildStatus(
        ticket,
        id,
        instance.getState(),
        stringVariable(id, BuildVariables.OUTCOME),
        instant(instance.getStartTime()),
        instant(instance.getEndTime()),
        current(instance),
        activities.stream().filter(a -> a.getEndTime() != null && STEP_TYPES.contains(a.getActivityType()))
            .map(BuildStatusReader::activity).toList(),
        // called processes (stages) carry the build's business key: their tasks and incidents are the build's
        tasks.createTaskQuery().processInstanceBusinessKey(instance.getBusinessKey()).list().stream()
            .map(this::openTask).flatMap(Optional::stream).toList(),
        runtime.createProcessInstanceQuery().processInstanceBusinessKey(instance.getBusinessKey()).list().stream()
            .flatMap(p -> runtime.createIncidentQuery().processInstanceId(p.getId()).list().stream())
            .filter(i -> i.getId().equals(i.getRootCauseIncidentId())) // not the copies raised in callers
            .map(i -> new BuildStatus.Incident(i.getActivityId(), i.getIncidentType(), i.getIncidentMessage()))
            .toList(),
        validationErrors(id),
        cancels.find(ticket).map(c -> new BuildStatus.CancelRequest(c.requestedBy(), c.requestedAt(), c.honouredAt()))
            .orElse(null));
  }

  /** The task with its candidate groups; empty when it ended (a cancel, another operator) since the query listed it. */
  private Optional<BuildStatus.OpenTask> openTask(Task task) {
    List<IdentityLink> links;
    try {
      links = tasks.getIdentityLinksForTask(task.getId());
    } catch (NullValueException ended) {
      return Optional.empty();
    }
    return Optional.of(new BuildStatus.OpenTask(task.getId(), task.getTaskDefinitionKey(), task.getName(),
        task.getAssignee(), links.stream()
            .filter(l -> IdentityLinkType.CANDIDATE.equals(l.getType()) && l.getGroupId() != null)
            .map(IdentityLink::getGroupId).toList()));
  }

  /** Activities in progress, including those waiting for their asynchronous continuation. */
  private List<BuildStatus.Activity> current(HistoricProcessInstance instance) {
    ActivityInstance root = instance.getEndTime() == null ? runtime.getActivityInstance(instance.getId()) : null;
    List<BuildStatus.Activity> current = new ArrayList<>();
    collect(root, current);
    return current;
  }

  private static void collect(ActivityInstance parent, List<BuildStatus.Activity> into) {
    if (parent == null) {
      return;
    }
    for (ActivityInstance child : parent.getChildActivityInstances()) {
      into.add(new BuildStatus.Activity(child.getActivityId(), child.getActivityName(), child.getActivityType()));
      collect(child, into);
    }
    for (TransitionInstance waiting : parent.getChildTransitionInstances()) {
      into.add(new BuildStatus.Activity(waiting.getActivityId(), waiting.getActivityName(), waiting.getActivityType()));
    }
  }

  private List<FieldError> validationErrors(String processInstanceId) {
    String text = stringVariable(processInstanceId, BuildVariables.VALIDATION_ERRORS);
    if (text == null) {
      return List.of();
    }
    try {
      return json.readValue(text, new TypeReference<List<FieldError>>() {});
    } catch (Exception e) {
      throw new IllegalStateException("unreadable validationErrors of " + processInstanceId, e);
    }
  }

  private String stringVariable(String processInstanceId, String name) {
    HistoricVariableInstance variable = history.createHistoricVariableInstanceQuery()
        .processInstanceId(processInstanceId).variableName(name).singleResult();
    return variable == null ? null : (String) variable.getValue();
  }

  private static BuildStatus.Activity activity(HistoricActivityInstance a) {
    return new BuildStatus.Activity(a.getActivityId(), a.getActivityName(), a.getActivityType());
  }

  private static Instant instant(Date date) {
    return date == null ? null : date.toInstant();
  }
}
