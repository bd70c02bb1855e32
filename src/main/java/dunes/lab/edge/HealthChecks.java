package dunes.lab.edge;

import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Periodic health checks of a route's members on the edge's scheduler; the first runs at once. */
final class HealthChecks {

  private static final Logger LOG = LoggerFactory.getLogger(HealthChecks.class);

  private final List<ScheduledFuture<?>> tasks;

  private HealthChecks(List<ScheduledFuture<?>> tasks) {
    this.tasks = tasks;
  }

  static HealthChecks start(Route route, ScheduledExecutorService scheduler) {
    HealthPolicy policy = route.health();
    long every = Math.max(1, policy.interval().toMillis());
    List<ScheduledFuture<?>> tasks = route.backends().stream()
        .<ScheduledFuture<?>>map(backend -> scheduler.scheduleWithFixedDelay(
            () -> check(route, backend), 0, every, TimeUnit.MILLISECONDS))
        .toList();
    return new HealthChecks(tasks);
  }

  void stop() {
    tasks.forEach(task -> task.cancel(true));
  }

  private static void check(Route route, Backend backend) {
    HealthPolicy policy = route.health();
    boolean good = HealthProbe.check(policy.mode(), backend.healthCheckAddress(), policy.timeout());
    if (backend.record(good, policy.rise(), policy.fall())) {
      LOG.info("lab edge: member {} of {} is now {}", backend.key(), route.key(), good ? "UP" : "DOWN");
    }
  }
}
