package dunes.vsphere.steps;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import org.camunda.bpm.engine.RuntimeService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shows an OVF upload's percentage in Cockpit while the deploy job still runs: each value is
 * written by its own thread in its own transaction (the job's transaction commits only at the end),
 * and the job itself never writes the variable, so the two never collide.
 */
final class ImportProgress implements IntConsumer, AutoCloseable {

  static final String VARIABLE = "ovfImportProgress";
  private static final Logger LOG = LoggerFactory.getLogger(ImportProgress.class);

  private final RuntimeService runtime;
  private final String processInstanceId;
  private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
    Thread thread = new Thread(r, "ovf-import-progress");
    thread.setDaemon(true);
    return thread;
  });
  private volatile int last = -1;

  ImportProgress(RuntimeService runtime, String processInstanceId) {
    this.runtime = runtime;
    this.processInstanceId = processInstanceId;
  }

  @Override
  public void accept(int percent) {
    if (percent == last) {
      return;
    }
    last = percent;
    writer.execute(() -> {
      try {
        runtime.setVariable(processInstanceId, VARIABLE, percent);
      } catch (RuntimeException e) {
        LOG.debug("cannot show import progress {}% of {}: {}", percent, processInstanceId, e.toString());
      }
    });
  }

  /** Waits for the last value to be written, so Cockpit shows 100 when the deploy job ends. */
  @Override
  public void close() {
    writer.shutdown();
    try {
      writer.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
