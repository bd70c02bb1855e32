package dunes.support;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One Dunes engine node in its own JVM (the test classpath, the {@code test} profile, the job
 * executor on) over a shared database, as production runs several behind a load balancer. Killed
 * with SIGKILL, it leaves what a crashed node leaves: locked jobs and nothing else.
 */
public final class DunesNode implements AutoCloseable {

  private final String name;
  private final URI base;
  private final Path log;
  private final Process process;

  private DunesNode(String name, URI base, Path log, Process process) {
    this.name = name;
    this.base = base;
    this.log = log;
    this.process = process;
  }

  /**
   * Starts node {@code name} on {@code address}:{@code port} with {@code properties} (Spring
   * properties, e.g. the datasource) over the {@code test} profile; returns once the JVM runs.
   */
  public static DunesNode start(String name, String address, int port, Map<String, String> properties)
      throws IOException {
    return start(name, address, port, "test", properties);
  }

  /**
   * As {@link #start(String, String, int, Map)} over the given Spring profiles, e.g. {@code lab} for
   * Dunes beside a lab running alone ({@link LabProcess#dunesProperties()}).
   */
  public static DunesNode start(String name, String address, int port, String profiles, Map<String, String> properties)
      throws IOException {
    String classpath = LabProcess.classpath();
    Path log = Path.of("target", "dunes-nodes", name + ".log");
    Files.createDirectories(log.getParent());
    Files.writeString(log.resolveSibling(name + ".classpath"), classpath.replace(File.pathSeparator, "\n"));
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx768m", "-XX:TieredStopAtLevel=1", "-cp", classpath, "dunes.DunesApplication",
        "--spring.profiles.active=" + profiles, "--server.address=" + address, "--server.port=" + port,
        "--camunda.bpm.job-execution.enabled=true",
        // the engine writes it to every job log entry: which node ran a job is observable
        "--camunda.bpm.generic-properties.properties.hostname=" + name));
    properties.forEach((key, value) -> command.add("--" + key + "=" + value));
    Process process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    return new DunesNode(name, URI.create("http://" + address + ":" + port), log, process);
  }

  /** Waits until the node answers HTTP (its context is up), or fails with the tail of its log. */
  public DunesNode awaitUp(Duration patience) throws InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + patience.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("node " + name + " ended with " + process.exitValue() + ":\n" + logTail());
      }
      try {
        http.send(HttpRequest.newBuilder(base.resolve("/engine-rest/engine")).timeout(Duration.ofSeconds(5)).build(),
            HttpResponse.BodyHandlers.discarding());
        return this;
      } catch (IOException notYet) {
        Thread.sleep(500);
      }
    }
    throw new IllegalStateException("node " + name + " did not answer within " + patience + ":\n" + logTail());
  }

  public URI base() {
    return base;
  }

  public String name() {
    return name;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** SIGKILL: no shutdown hook, no job unlocked, as a crash or a pulled plug. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  public String logTail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
        kill();
      }
    }
  }
}
