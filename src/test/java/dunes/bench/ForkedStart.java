package dunes.bench;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One Spring Boot application started in a JVM of its own and timed from the launch of that JVM to
 * the first 200 of {@code GET /engine-rest/engine} as {@code admin}, then stopped (SIGTERM, so its
 * shutdown hooks end what it started). Beside the wall time, the CPU time the JVM had used by then
 * (every thread: JIT and GC included), which other work on a shared machine disturbs far less.
 */
record ForkedStart(String name, String mainClass, List<String> classPath, String address, List<String> args,
    Map<String, String> environment, String adminPassword) {

  private static final Duration GIVE_UP = Duration.ofMinutes(5);
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

  record Ready(long wallNanos, long cpuNanos) {}

  Ready timeToReady(Path logs) throws IOException, InterruptedException {
    int port = freePort();
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", String.join(java.io.File.pathSeparator, classPath), mainClass,
        "--server.address=" + address, "--server.port=" + port));
    command.addAll(args);
    Path log = Files.createTempFile(logs, name.replace(' ', '-') + "-", ".log");
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(environment);
    HttpRequest ready = HttpRequest.newBuilder(URI.create("http://" + address + ":" + port + "/engine-rest/engine"))
        .header("Authorization", "Basic " + Base64.getEncoder()
            .encodeToString(("admin:" + adminPassword).getBytes(StandardCharsets.UTF_8)))
        .timeout(Duration.ofSeconds(5)).build();

    long launched = System.nanoTime();
    Process process = builder.start();
    try {
      while (true) {
        int status = status(ready);
        if (status == 200) {
          long wall = System.nanoTime() - launched;
          long cpu = process.info().totalCpuDuration().orElseThrow(
              () -> new AssertionError("no CPU time for " + name + " from the OS")).toNanos();
          return new Ready(wall, cpu);
        }
        if (status == 401 || status == 403) {
          throw new AssertionError(name + " refused its admin (" + status + "), see " + log);
        }
        if (!process.isAlive()) {
          throw new AssertionError(name + " ended before its REST answered, see " + log);
        }
        if (System.nanoTime() - launched > GIVE_UP.toNanos()) {
          throw new AssertionError(name + " not answering after " + GIVE_UP + ", see " + log);
        }
        Thread.sleep(20);
      }
    } finally {
      process.destroy();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    }
  }

  /** The answer's status, 0 while nothing listens yet. */
  private static int status(HttpRequest request) throws IOException, InterruptedException {
    try {
      return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (ConnectException | HttpTimeoutException e) {
      return 0;
    }
  }

  private int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(address))) {
      return socket.getLocalPort();
    }
  }
}
