package dunes.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dunes.support.ExampleRequest;
import dunes.support.LabBuildTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.builder.AbstractFlowNodeBuilder;
import org.junit.jupiter.api.Test;

/**
 * Where a lab build's time goes, as ratios against baselines measured in the same JVM and engine
 * (docs/benchmarks.md): the engine's bare job throughput (a 12-step no-op process), one whole lab
 * build against the time its steps spend working, and three concurrent builds against one.
 * Run with {@code mvn -B -Pbench test}; it prints, it does not judge speed.
 */
@BenchLab
class BuildBenchmark extends LabBuildTest {

  private static final int NOOP_INSTANCES = 40;
  private static final int NOOP_STEPS = 12;

  @Test
  void shouldPrintWhereABuildsTimeGoes() {
    double jobsPerSecond = noOpJobsPerSecond();
    builds(Map.of("w", 11)); // warm-up: class loading and JIT of the first build are not what is measured

    StepClock.reset();
    Run one = builds(Map.of("p", 1));
    long stepNanos = StepClock.NANOS.get();
    long jobs = jobsOf(one.instances().get(0));

    Run three = builds(Map.of("q", 2, "r", 3, "s", 9)); // address ranges free of the lab's own servers

    double engineShare = jobs / jobsPerSecond / seconds(one.wallNanos());
    print("engine baseline: %d no-op jobs in %d instances ran at %.0f jobs/s", NOOP_INSTANCES * NOOP_STEPS,
        NOOP_INSTANCES, jobsPerSecond);
    print("one build: %.1f s wall, %d jobs, steps working %.1f s -> wall / step work = %.2f", seconds(one.wallNanos()),
        jobs, seconds(stepNanos), (double) one.wallNanos() / stepNanos);
    print("one build: its jobs at the no-op rate would take %.1f s = %.1f %% of its wall time", jobs / jobsPerSecond,
        100 * engineShare);
    print("one build: the rest, %.1f %%, is waiting: poll timers, the lab's simulated boot and start times, the operator",
        100 * (1 - engineShare - (double) stepNanos / one.wallNanos()));
    print("three concurrent builds: %.1f s wall -> 3 builds / 1 build = %.2f (3.00 = no overlap at all)",
        seconds(three.wallNanos()), (double) three.wallNanos() / one.wallNanos());
    assertThat(one.instances()).allSatisfy(b -> assertThat(endOf(b)).as("%s", variable(b, "validationErrors"))
        .isEqualTo("EndEvent_Completed"));
    assertThat(three.instances()).allSatisfy(b -> assertThat(endOf(b)).as("%s", variable(b, "validationErrors"))
        .isEqualTo("EndEvent_Completed"));
  }

  // ---------------------------------------------------------------------------------------------

  record Run(List<ProcessInstance> instances, long wallNanos) {}

  /** Starts one build per node-name prefix, in its address range, at once, and answers its tasks (every certificate pinned but the appliance's own). */
  private Run builds(Map<String, Integer> rangeByPrefix) {
    long start = System.nanoTime();
    List<ProcessInstance> started = new ArrayList<>();
    rangeByPrefix.forEach((prefix, range) -> started.add(start(
        request(ExampleRequest.newTicket(), prefix, range, 5, lab.fingerprint(), "LabDatastore"))));
    answerUntilEnded(started);
    return new Run(started, System.nanoTime() - start);
  }

  /** The engine alone: 12 async no-op steps per instance, as many instances as the job executor takes. */
  private double noOpJobsPerSecond() {
    AbstractFlowNodeBuilder<?, ?> flow = Bpmn.createExecutableProcess("BenchNoOp").camundaHistoryTimeToLive(1)
        .startEvent();
    for (int i = 0; i < NOOP_STEPS; i++) {
      flow = flow.serviceTask("Task_NoOp" + i).camundaAsyncBefore().camundaExpression("${true}");
    }
    engine.getRepositoryService().createDeployment().addModelInstance("bench-noop.bpmn", flow.endEvent().done()).deploy();
    long start = System.nanoTime();
    for (int i = 0; i < NOOP_INSTANCES; i++) {
      engine.getRuntimeService().startProcessInstanceByKey("BenchNoOp");
    }
    org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(20))
        .until(() -> engine.getRuntimeService().createProcessInstanceQuery().processDefinitionKey("BenchNoOp").count() == 0);
    return NOOP_INSTANCES * NOOP_STEPS / seconds(System.nanoTime() - start);
  }

  private long jobsOf(ProcessInstance build) {
    return engine.getHistoryService().createHistoricJobLogQuery().creationLog().list().stream()
        .filter(l -> build.getId().equals(l.getRootProcessInstanceId())).count();
  }

  private String endOf(ProcessInstance build) {
    HistoricProcessInstance ended = engine.getHistoryService().createHistoricProcessInstanceQuery()
        .processInstanceId(build.getId()).singleResult();
    return ended.getEndTime() == null ? null : ended.getEndActivityId();
  }

  private static double seconds(long nanos) {
    return nanos / 1e9;
  }

  private static void print(String format, Object... args) {
    System.out.println("BENCH " + String.format(java.util.Locale.ROOT, format, args));
  }
}
