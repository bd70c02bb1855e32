package dunes.bench;

import dunes.bench.CriticalPath.Activity;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.history.HistoricActivityInstance;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.history.HistoricVariableInstance;

/**
 * A finished build as its history (level full) keeps it: the tree of its activity instances, a
 * call activity holding the process instance it called, each scope with the string values of its
 * local variables (a multi-instance iteration's node name).
 */
final class BuildHistory {

  private final Map<String, List<HistoricActivityInstance>> byParent = new HashMap<>();
  private final Map<String, HistoricProcessInstance> processes = new HashMap<>();
  private final Map<String, Set<String>> subjects = new HashMap<>();
  private final long buildEnd;

  private BuildHistory(HistoryService history, String buildId) {
    List<HistoricProcessInstance> all = history.createHistoricProcessInstanceQuery().rootProcessInstanceId(buildId)
        .list();
    all.forEach(p -> processes.put(p.getId(), p));
    for (HistoricProcessInstance process : all) {
      for (HistoricActivityInstance activity : history.createHistoricActivityInstanceQuery()
          .processInstanceId(process.getId()).list()) {
        byParent.computeIfAbsent(activity.getParentActivityInstanceId(), k -> new ArrayList<>()).add(activity);
      }
    }
    for (HistoricVariableInstance variable : history.createHistoricVariableInstanceQuery()
        .processInstanceIdIn(processes.keySet().toArray(String[]::new)).list()) {
      if (variable.getValue() instanceof String value && !value.isEmpty()) {
        subjects.computeIfAbsent(variable.getActivityInstanceId(), k -> new HashSet<>()).add(value);
      }
    }
    buildEnd = millis(processes.get(buildId).getEndTime(), System.currentTimeMillis());
  }

  /** The build's tree; activities still open end now. */
  static Activity of(HistoryService history, String buildId) {
    BuildHistory tree = new BuildHistory(history, buildId);
    return tree.process(tree.processes.get(buildId));
  }

  private Activity process(HistoricProcessInstance process) {
    return new Activity(process.getProcessDefinitionKey(), "process", process.getStartTime().getTime(),
        millis(process.getEndTime(), buildEnd), children(process.getId()), subjects(process.getId()));
  }

  private List<Activity> children(String parentId) {
    List<Activity> children = new ArrayList<>();
    for (HistoricActivityInstance activity : byParent.getOrDefault(parentId, List.of())) {
      List<Activity> below = new ArrayList<>(children(activity.getId()));
      HistoricProcessInstance called = processes.get(activity.getCalledProcessInstanceId());
      if (called != null) {
        below.add(process(called));
      }
      children.add(new Activity(activity.getActivityId(), activity.getActivityType(),
          activity.getStartTime().getTime(), millis(activity.getEndTime(), buildEnd), below,
          subjects(activity.getId())));
    }
    return children;
  }

  private Set<String> subjects(String scopeId) {
    return subjects.getOrDefault(scopeId, Set.of());
  }

  private static long millis(Date date, long otherwise) {
    return date == null ? otherwise : date.getTime();
  }
}
