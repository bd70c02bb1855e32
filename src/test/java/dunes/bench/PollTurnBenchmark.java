package dunes.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngineConfiguration;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.jobexecutor.JobExecutor;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * How much later than its interval a poll turn fires when a build waits alone, with Camunda's
 * job acquisition as it comes (an idle acquisition waits {@code waitTimeInMillis} 5 s, doubling up
 * to {@code maxWait} 60 s, and is hinted only about timers due within the first 5 s) against the
 * acquisition settings in Dunes's production application.yaml. One process of poll turns (a timer,
 * then an asynchronous no-op, as a build's wait loops are modelled), alone in an engine of its own
 * (in-memory H2, Camunda's standalone configuration), so nothing else keeps the acquisition awake.
 * Prints {@code wall / sum of intervals} per interval; 1.00 means each turn fired on time.
 */
class PollTurnBenchmark {

  private static final int TURNS = 4;
  private static ProcessEngine engine;

  @BeforeAll
  static void engine() {
    ProcessEngineConfigurationImpl config = (ProcessEngineConfigurationImpl) ProcessEngineConfiguration
        .createStandaloneInMemProcessEngineConfiguration()
        .setJdbcUrl("jdbc:h2:mem:poll-turn-benchmark;DB_CLOSE_DELAY=1000")
        .setJobExecutorActivate(false)
        .setHistory(ProcessEngineConfiguration.HISTORY_NONE);
    config.setProcessEngineName("poll-turn-benchmark");
    engine = config.buildProcessEngine();
    engine.getRepositoryService().createDeployment().addModelInstance("poll-turns.bpmn", pollTurns()).deploy();
  }

  @AfterAll
  static void close() {
    engine.close();
  }

  @Test
  void shouldPrintHowLateAPollTurnFires() throws Exception {
    Map<String, Object> dunes = productionJobExecution();
    int dunesWait = ((Number) dunes.get("wait-time-in-millis")).intValue();
    long dunesMaxWait = ((Number) dunes.get("max-wait")).longValue();
    for (Duration interval : List.of(Duration.ofSeconds(3), Duration.ofSeconds(10))) {
      double camunda = run(interval, 5000, 60_000);
      double ours = run(interval, dunesWait, dunesMaxWait);
      print("poll turns of %s, %d alone: Camunda's acquisition (5000 ms up to 60000 ms) %.2f, Dunes's (%d ms up to"
          + " %d ms) %.2f -> Dunes / Camunda = %.2f", interval, TURNS, camunda, dunesWait, dunesMaxWait, ours,
          ours / camunda);
    }
  }

  /** Wall time of {@link #TURNS} turns of {@code interval} over their sum, the acquisition set as given. */
  private static double run(Duration interval, int waitTimeInMillis, long maxWait) throws InterruptedException {
    JobExecutor jobs = ((ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration()).getJobExecutor();
    jobs.setWaitTimeInMillis(waitTimeInMillis);
    jobs.setMaxWait(maxWait);
    jobs.start(); // a new acquisition thread, which reads the settings when it starts; each turn's job
    // resets its backoff, so what it waits is set by the interval, as in a build's wait loop
    try {
      long start = System.nanoTime();
      String id = engine.getRuntimeService().startProcessInstanceByKey("PollTurns",
          Variables.putValue("interval", interval.toString()).putValue("turns", TURNS)).getId();
      while (engine.getRuntimeService().createProcessInstanceQuery().processInstanceId(id).count() > 0) {
        Thread.sleep(20); // the test thread watches; the engine's job threads do the waiting
      }
      return (System.nanoTime() - start) / (double) (interval.toNanos() * TURNS);
    } finally {
      jobs.shutdown();
    }
  }

  private static BpmnModelInstance pollTurns() {
    return Bpmn.createExecutableProcess("PollTurns").camundaHistoryTimeToLive(1)
        .startEvent()
        .exclusiveGateway("look").condition("turns left", "${execution.getVariable('turn') == null"
            + " || execution.getVariable('turn') < turns}")
        .intermediateCatchEvent("wait").timerWithDuration("${interval}")
        .serviceTask("turn").camundaAsyncBefore()
        .camundaExpression("${execution.setVariable('turn', execution.getVariable('turn') == null ? 1"
            + " : execution.getVariable('turn') + 1)}")
        .connectTo("look")
        .moveToNode("look").condition("done", "${execution.getVariable('turn') >= turns}").endEvent()
        .done();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> productionJobExecution() throws IOException {
    try (InputStream yaml = PollTurnBenchmark.class.getResourceAsStream("/application.yaml")) {
      Map<String, Object> root = new Yaml().load(yaml);
      Map<String, Object> bpm = (Map<String, Object>) ((Map<String, Object>) root.get("camunda")).get("bpm");
      Map<String, Object> jobExecution = (Map<String, Object>) bpm.get("job-execution");
      assertThat(jobExecution).containsKeys("wait-time-in-millis", "max-wait");
      return jobExecution;
    }
  }

  private static void print(String format, Object... args) {
    System.out.println("BENCH " + String.format(format, args));
  }
}
