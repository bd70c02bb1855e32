package dunes.bench;

import static dunes.support.LabBuildTest.aroundEveryStep;

import java.util.concurrent.atomic.AtomicLong;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Adds up the time every step bean spends in its work, across threads. A class of its own, not
 * nested in a benchmark: a nested test configuration would make that benchmark's context differ
 * from the others', and two lab contexts cannot hold the lab's fixed ports at once.
 */
@TestConfiguration
class StepClock {
  static final AtomicLong NANOS = new AtomicLong();

  static void reset() {
    NANOS.set(0);
  }

  @Bean
  static BeanPostProcessor stepClock() {
    return aroundEveryStep(step -> execution -> {
      long start = System.nanoTime();
      try {
        step.execute(execution);
      } finally {
        NANOS.addAndGet(System.nanoTime() - start);
      }
    });
  }
}
