package dunes.support;

import dunes.lab.LabJournal;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.history.HistoricActivityInstance;
import org.camunda.bpm.engine.history.HistoricProcessInstance;

/**
 * The clone stage of a finished lab build against one clone (docs/benchmarks.md#the-clone-stage).
 * The stage, from the build's history: from the start of CloneNodes' first {@code Task_CloneVm}
 * job (the first CloneVM_Task asked for; a job that died after its call left no history, so its
 * copy's start stands for it) to the end of its last {@code CallActivity_AwaitClone} (every copy
 * awaited and its clone read back). One clone: the shortest copy the lab's vCenter
 * imposed on the build's clones ({@code CloneVM_Task} in its imposed durations).
 *
 * @param copies the build's CloneVM_Task copies as the simulator noted them, one per clone asked for
 */
public record CloneStage(int nodes, Instant start, Instant end, List<LabJournal.Imposed> copies) {

  /** The clone stage of {@code buildId}, its copies among {@code imposed} (the simulator's, any builds'). */
  public static CloneStage of(HistoryService history, String buildId, List<LabJournal.Imposed> imposed) {
    HistoricProcessInstance clones = history.createHistoricProcessInstanceQuery().rootProcessInstanceId(buildId)
        .processDefinitionKey("CloneNodes").singleResult();
    List<HistoricActivityInstance> starts = activities(history, clones, "Task_CloneVm");
    List<HistoricActivityInstance> awaits = activities(history, clones, "CallActivity_AwaitClone");
    Instant end = awaits.stream().map(a -> a.getEndTime().toInstant()).max(Comparator.naturalOrder()).orElseThrow();
    Set<String> names = history.createHistoricVariableInstanceQuery().processInstanceId(clones.getId())
        .variableName("cloneName").list().stream().map(v -> String.valueOf(v.getValue())).collect(Collectors.toSet());
    // this build's copies: asked for once CloneNodes ran, ended before its last wait did (history keeps milliseconds)
    Instant since = clones.getStartTime().toInstant().minusMillis(1);
    List<LabJournal.Imposed> copies = imposed.stream().filter(i -> i.call().equals("CloneVM_Task"))
        .filter(i -> names.contains(i.target()))
        .filter(i -> !i.start().isBefore(since) && !i.end().isAfter(end.plusMillis(1)))
        .sorted(Comparator.comparing(LabJournal.Imposed::start)).toList();
    // a clone job that died after its CloneVM_Task left no history: its copy's start stands for it
    Instant start = java.util.stream.Stream.concat(starts.stream().map(a -> a.getStartTime().toInstant()),
        copies.stream().map(LabJournal.Imposed::start)).min(Comparator.naturalOrder()).orElseThrow();
    return new CloneStage(names.size() + 1, start, end, copies);
  }

  private static List<HistoricActivityInstance> activities(HistoryService history, HistoricProcessInstance process,
      String activity) {
    return history.createHistoricActivityInstanceQuery().processInstanceId(process.getId()).activityId(activity)
        .finished().list();
  }

  public long stageMillis() {
    return end.toEpochMilli() - start.toEpochMilli();
  }

  /** The shortest copy: the ratio against it is the larger. */
  public long oneCloneMillis() {
    return copies.stream().mapToLong(c -> c.duration().toMillis()).min().orElseThrow();
  }

  public double ratio() {
    return (double) stageMillis() / oneCloneMillis();
  }

  /** Whether every copy ran at one moment: the last to start began before the first to end ended. */
  public boolean copiesOverlap() {
    Instant lastStart = copies.stream().map(LabJournal.Imposed::start).max(Comparator.naturalOrder()).orElseThrow();
    Instant firstEnd = copies.stream().map(LabJournal.Imposed::end).min(Comparator.naturalOrder()).orElseThrow();
    return lastStart.isBefore(firstEnd);
  }

  /** The benchmark's line: {@code BENCH clone stage N=4 / one clone = 1.23 (...)}. */
  public String line() {
    return String.format(Locale.ROOT, "BENCH clone stage N=%d / one clone = %.2f (stage %.2f s from the first"
            + " CloneVM_Task job to the last copy awaited; one clone %.2f s, the shortest of %d copies imposed)",
        nodes, ratio(), stageMillis() / 1000.0, oneCloneMillis() / 1000.0, copies.size());
  }
}
