package dunes.bench;

import static dunes.bench.CriticalPath.Activity.leaf;
import static dunes.bench.CriticalPath.Activity.scope;
import static org.assertj.core.api.Assertions.assertThat;

import dunes.bench.CriticalPath.Activity;
import dunes.bench.CriticalPath.Imposed;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class CriticalPathTest {

  private static final Predicate<Activity> EVERY_STEP = a -> true;
  private static final Predicate<Activity> NO_USER_TASK = a -> !a.type().equals("userTask");

  /**
   * start, A 0-10, then in parallel: B (B1 10-30, B2 30-60: 50), C (C1 10-20, then a parallel
   * multi-instance body with iterations 20-40 and 22-55: 10 + 33 = 43), then E 60-70, a user task
   * 70-90, F 90-100.
   */
  private static final Activity BUILD = scope("build", 0, 100, Set.of(), List.of(
      leaf("start", "startEvent", 0, 0),
      leaf("A", "serviceTask", 0, 10),
      scope("B", 10, 60, Set.of(), List.of(leaf("B1", "serviceTask", 10, 30), leaf("B2", "intermediateTimer", 30, 60))),
      scope("C", 10, 55, Set.of(), List.of(
          leaf("C1", "serviceTask", 10, 20),
          scope("D#multiInstanceBody", 20, 55, Set.of(), List.of(
              leaf("D", "serviceTask", 20, 40), leaf("D", "serviceTask", 22, 55))))),
      leaf("E", "serviceTask", 60, 70),
      leaf("U", "userTask", 70, 90),
      leaf("F", "serviceTask", 90, 100)));

  @Test
  void shouldAddSequentialStepsAndCountParallelBranchesOnceTheLongest() {
    assertThat(CriticalPath.steps(BUILD, NO_USER_TASK)).isEqualTo(10 + 50 + 10 + 10);
    assertThat(CriticalPath.steps(BUILD, EVERY_STEP)).isEqualTo(10 + 50 + 10 + 20 + 10);
  }

  @Test
  void shouldSumEveryCountedLeafForTheSequentialSum() {
    assertThat(CriticalPath.sequentialSum(BUILD, NO_USER_TASK)).isEqualTo(10 + 20 + 30 + 10 + 20 + 33 + 10 + 10);
  }

  @Test
  void shouldTakeTheHeaviestChainWhenStepsOverlapOnlyInPart() {
    Activity scope = scope("s", 0, 30, Set.of(), List.of(
        leaf("X", "serviceTask", 0, 10), leaf("Y", "serviceTask", 5, 30), leaf("Z", "serviceTask", 12, 20)));

    assertThat(CriticalPath.steps(scope, EVERY_STEP)).as("Y alone (25) outweighs X then Z (18)").isEqualTo(25);
  }

  /**
   * A restart and its polls (0-47), then two parallel iterations about node n2 (50-100) and n3
   * (50-90). Node n1 started 1-41 and a vApp delay ran 10-30 (both ended during the second
   * timer: one chain, counted once as 1-41); n2 started 55-95; n3 started 52-88, which ended while
   * both iterations ran and belongs to n3's.
   */
  @Test
  void shouldCountImposedDurationsOnceOnTheChainOfTheStepThatWaitedForThem() {
    Activity build = scope("build", 0, 100, Set.of("n1"), List.of(
        leaf("Restart", "serviceTask", 0, 5),
        leaf("Timer", "intermediateTimer", 5, 25),
        leaf("Poll", "serviceTask", 25, 26),
        leaf("Timer", "intermediateTimer", 26, 46),
        leaf("Poll", "serviceTask", 46, 47),
        scope("Cluster#multiInstanceBody", 50, 100, Set.of(), List.of(
            scope("Cluster", 50, 100, Set.of("n2"), List.of(leaf("Wait", "intermediateTimer", 50, 100))),
            scope("Cluster", 50, 90, Set.of("n3"), List.of(leaf("Wait", "intermediateTimer", 50, 90)))))));

    long path = CriticalPath.imposed(build, List.of(new Imposed("n1", 1, 41), new Imposed("vapp", 10, 30),
        new Imposed("n2", 55, 95), new Imposed("n3", 52, 88)));

    assertThat(path).as("40 (1-41) + 40 (n2's branch; n3's 36 runs beside it)").isEqualTo(80);
  }

  @Test
  void shouldGiveAnImposedDurationThatEndedBetweenStepsToTheStepThatWentOn() {
    Activity build = scope("build", 0, 100, Set.of(), List.of(
        leaf("Start", "serviceTask", 0, 10),
        scope("Parallel", 20, 100, Set.of(), List.of(
            scope("Branch", 20, 100, Set.of("n1"), List.of(leaf("Work", "serviceTask", 20, 100))),
            scope("Branch", 20, 30, Set.of("n2"), List.of(leaf("Work", "serviceTask", 20, 30)))))));

    long path = CriticalPath.imposed(build, List.of(new Imposed("n2", 5, 15), new Imposed("n1", 40, 60)));

    assertThat(path).as("5-15 went to n2's branch, which ran beside n1's 40-60: the longer counts")
        .isEqualTo(20);
    assertThat(CriticalPath.imposed(build, List.of(new Imposed("n1", 5, 15), new Imposed("n1", 40, 60))))
        .as("both on n1's branch: one chain").isEqualTo(30);
  }

  @Test
  void shouldLeaveOutImposedDurationsThatEndedOutsideTheBuild() {
    Activity build = scope("build", 100, 200, Set.of(), List.of(leaf("Work", "serviceTask", 100, 200)));

    assertThat(CriticalPath.imposed(build, List.of(new Imposed("n1", 50, 90), new Imposed("n1", 190, 210))))
        .isZero();
    assertThat(CriticalPath.imposed(build, List.of(new Imposed("n1", 90, 110)))).as("it ended in the build")
        .isEqualTo(20);
  }
}
