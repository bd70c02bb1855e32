package dunes.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dunes.bench.CriticalPath.Activity;
import dunes.lab.LabJournal;
import dunes.support.CloneStage;
import dunes.support.ExampleRequest;
import dunes.support.LabBuildTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;

/**
 * How close a lab build comes to what the simulated systems themselves take, and how much of its
 * steps' time the model runs in parallel (docs/benchmarks.md): for clusters of 2, 4 and 8 nodes
 * and the example's 3, from the build's history (level full) and the durations the lab imposed
 * on purpose (the lab journal's and the vSphere simulator's); and the N = 4 build's clone stage
 * against one clone ({@link CloneStage}). Run with {@code mvn -B -Pbench test}.
 * It imports what {@link BuildBenchmark} imports, so one context (one lab on fixed ports) serves both in one run.
 */
@BenchLab
class CriticalPathBenchmark extends LabBuildTest {

  /** the steps of the model: every leaf activity but the operator's tasks */
  private static final Predicate<Activity> STEP = a -> !a.type().equals("userTask");

  @Test
  void shouldPrintTheCriticalPaths() {
    // address ranges (127.0.10.{range}1..n) free of the lab's own servers and of BuildBenchmark's builds
    Measured warmUp = build("cpw", 15, 2); // class loading and JIT of a first build are not what is measured
    List<Measured> runs = List.of(build("cpb", 12, 2), build("cpd", 13, 4), build("cph", 16, 8),
        build("cpc", 14, 3));
    for (Measured m : runs) {
      print("N=%d: wall %.1f s, operator tasks open %.1f s; %d imposed durations summing %.1f s, "
              + "their critical path %.1f s -> wall / critical path = %.2f", m.nodes(), s(m.wall()), s(m.operator()),
          m.imposedCount(), s(m.imposedSum()), s(m.imposedPath()), m.wallOverLimit());
    }
    for (Measured m : runs.subList(0, 3)) {
      print("N=%d: critical path / sequential = %.2f (steps' critical path %.1f s, sequential sum %.1f s of %d steps)",
          m.nodes(), (double) m.stepPath() / m.stepSum(), s(m.stepPath()), s(m.stepSum()), m.stepCount());
    }
    Measured four = runs.get(1);
    System.out.println(four.cloneStage().line()); // the copies of nodes 2..4 against one copy
    Measured example = runs.get(3);
    print("N=3 imposed, by call: %s", example.byCall());
    print("wall / critical path = %.2f (N=3: wall %.1f s less %.1f s of open operator tasks, over %.1f s)",
        example.wallOverLimit(), s(example.wall()), s(example.operator()), s(example.imposedPath()));
    assertThat(Stream.concat(Stream.of(warmUp), runs.stream())).allSatisfy(m -> assertThat(m.end())
        .isEqualTo("EndEvent_Completed"));
  }

  // ---------------------------------------------------------------------------------------------

  record Measured(int nodes, String end, long wall, long operator, int imposedCount, long imposedSum,
      long imposedPath, Map<String, String> byCall, long stepPath, long stepSum, int stepCount, CloneStage cloneStage) {

    /** the wall time the operator's answers are not part of, over the imposed durations' critical path */
    double wallOverLimit() {
      return (double) (wall - operator) / imposedPath;
    }
  }

  private Measured build(String prefix, int range, int nodes) {
    ProcessInstance build = start(request(ExampleRequest.newTicket(), prefix, range, nodes, 5, lab.fingerprint(),
        "LabDatastore"));
    answerUntilEnded(List.of(build));
    HistoricProcessInstance ended = engine.getHistoryService().createHistoricProcessInstanceQuery()
        .processInstanceId(build.getId()).singleResult();
    Activity tree = BuildHistory.of(engine.getHistoryService(), build.getId());

    List<LabJournal.Imposed> imposed = Stream.concat(journal.imposed().stream(), lab.imposed().stream())
        .filter(i -> !i.end().isBefore(ended.getStartTime().toInstant()) && !i.end().isAfter(ended.getEndTime().toInstant()))
        .toList();
    long operator = operatorTime(tree);
    long imposedPath = CriticalPath.imposed(tree, imposed.stream()
        .map(i -> new CriticalPath.Imposed(i.target(), i.start().toEpochMilli(), i.end().toEpochMilli())).toList());
    List<Activity> steps = leaves(tree).stream().filter(STEP).toList();
    return new Measured(nodes, ended.getEndActivityId(), tree.duration(), operator, imposed.size(),
        imposed.stream().mapToLong(i -> i.duration().toMillis()).sum(), imposedPath, byCall(imposed),
        CriticalPath.steps(tree, STEP), CriticalPath.sequentialSum(tree, STEP), steps.size(),
        CloneStage.of(engine.getHistoryService(), build.getId(), imposed));
  }

  /** How long at least one of the build's user tasks was open (the operator's part of the wall time). */
  private static long operatorTime(Activity tree) {
    CriticalPath.Spans open = CriticalPath.Spans.NONE;
    for (Activity task : leaves(tree)) {
      if (task.type().equals("userTask")) {
        open = open.union(CriticalPath.Spans.of(task.start(), task.end()));
      }
    }
    return open.measure();
  }

  /** "vco-server-starting: 9 x, 18.0 s" per system and call. */
  private static Map<String, String> byCall(List<LabJournal.Imposed> imposed) {
    Map<String, long[]> sums = new TreeMap<>();
    for (LabJournal.Imposed i : imposed) {
      long[] sum = sums.computeIfAbsent(i.system() + " " + i.call(), k -> new long[2]);
      sum[0]++;
      sum[1] += i.duration().toMillis();
    }
    Map<String, String> out = new TreeMap<>();
    sums.forEach((call, sum) -> out.put(call, String.format(Locale.ROOT, "%d x, %.1f s", sum[0], s(sum[1]))));
    return out;
  }

  private static List<Activity> leaves(Activity activity) {
    if (activity.isLeaf()) {
      return List.of(activity);
    }
    List<Activity> out = new ArrayList<>();
    activity.children().forEach(c -> out.addAll(leaves(c)));
    return out;
  }

  private static double s(long millis) {
    return millis / 1000.0;
  }

  private static void print(String format, Object... args) {
    System.out.println("BENCH " + String.format(Locale.ROOT, format, args));
  }
}
