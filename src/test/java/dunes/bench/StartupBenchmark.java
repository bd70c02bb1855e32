package dunes.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dunes.DunesApplication;
import barecamunda.BareCamundaApplication;
import dunes.support.ExampleRequest;
import dunes.support.LabArguments;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.ToLongFunction;
import org.junit.jupiter.api.Test;

/**
 * Dunes's start-up against a bare Camunda 7 Spring Boot webapp (docs/benchmarks.md): each start in
 * a JVM of its own, launched from this one, alternately, five times each (medians); a start is measured
 * from the launch of its JVM to the first 200 of an authenticated {@code GET /engine-rest/engine}, in
 * wall time and in the CPU time the JVM used by then.
 * Dunes starts as production starts it (its application.yaml, admin from the environment, H2 in
 * memory like the baseline) and as the README's run command starts it (profile {@code lab}).
 * Run with {@code mvn -B -Pbench test}; it prints, it does not judge speed.
 */
class StartupBenchmark {

  private static final int ROUNDS = 5;
  private static final Path WORK = Path.of("target/startup-benchmark");

  @Test
  void shouldPrintDunesStartUpAgainstBareCamunda() throws Exception {
    Files.createDirectories(WORK);
    List<String> classPath = Arrays.asList(System.getProperty("java.class.path").split(File.pathSeparator));
    String password = UUID.randomUUID().toString();
    vcsimBinary();

    Map<String, List<ForkedStart.Ready>> runs = new LinkedHashMap<>();
    for (int round = 0; round < ROUNDS; round++) {
      for (ForkedStart start : List.of(bare(classPath, password), production(classPath, password),
          lab(classPath, password, round))) {
        runs.computeIfAbsent(start.name(), name -> new ArrayList<>()).add(start.timeToReady(WORK));
      }
    }

    runs.forEach((name, starts) -> print("%s: wall %s s, median %.2f s; CPU %s s, median %.2f s", name,
        seconds(starts, ForkedStart.Ready::wallNanos), median(starts, ForkedStart.Ready::wallNanos) / 1e9,
        seconds(starts, ForkedStart.Ready::cpuNanos), median(starts, ForkedStart.Ready::cpuNanos) / 1e9));
    List<ForkedStart.Ready> bare = runs.get("bare camunda");
    print("start-up: dunes / bare camunda = %.2f", ratio(runs.get("dunes"), bare, ForkedStart.Ready::wallNanos));
    print("start-up CPU time: dunes / bare camunda = %.2f", ratio(runs.get("dunes"), bare, ForkedStart.Ready::cpuNanos));
    print("start-up: dunes with the lab / bare camunda = %.2f",
        ratio(runs.get("dunes with the lab"), bare, ForkedStart.Ready::wallNanos));
    print("start-up CPU time: dunes with the lab / bare camunda = %.2f",
        ratio(runs.get("dunes with the lab"), bare, ForkedStart.Ready::cpuNanos));
    assertThat(runs.values()).allSatisfy(starts -> assertThat(starts).hasSize(ROUNDS));
  }

  /** Only the starters: without Dunes's classes on its class path, so none of its beans or post-processors. */
  private static ForkedStart bare(List<String> classPath, String password) {
    return new ForkedStart("bare camunda", BareCamundaApplication.class.getName(), without(classPath, "target/classes"),
        "127.0.69.1", List.of("--spring.config.name=bare-camunda"), Map.of("BARE_ADMIN_PASSWORD", password), password);
  }

  /** Production's configuration: HTTPS becomes plain HTTP on loopback (as behind a TLS proxy), H2 in memory. */
  private static ForkedStart production(List<String> classPath, String password) {
    return new ForkedStart("dunes", DunesApplication.class.getName(), without(classPath, "target/test-classes"),
        "127.0.69.2", List.of("--spring.datasource.url=jdbc:h2:mem:dunes;DB_CLOSE_DELAY=-1",
            "--dunes.security.allow-plain-http=true"),
        Map.of("DUNES_ADMIN_USER", "admin", "DUNES_ADMIN_PASSWORD", password), password);
  }

  /** What the README's run command starts: the lab's systems on 127.0.69.x, kept in memory. */
  private static ForkedStart lab(List<String> classPath, String password, int round) {
    Path dir = WORK.resolve("lab-" + round);
    Map<String, String> properties = new LinkedHashMap<>(LabArguments.onFreePorts(69, dir));
    properties.put("spring.profiles.active", "lab");
    properties.put("spring.datasource.url", "jdbc:h2:mem:dunes-lab;DB_CLOSE_DELAY=-1");
    properties.put("dunes.lab.state-dir", "");
    properties.put("dunes.lab.reference.address", "127.0.69.19");
    properties.put("dunes.lab.reference.work-dir", dir.resolve("reference").toString());
    properties.put("dunes.dns.port", String.valueOf(ExampleRequest.LAB_DNS_PORT));
    properties.put("dunes.change-management.callback-url", "http://127.0.69.50:18090/changes");
    return new ForkedStart("dunes with the lab", DunesApplication.class.getName(),
        without(classPath, "target/test-classes"), "127.0.69.3", LabArguments.arguments(properties),
        Map.of("DUNES_ADMIN_USER", "admin", "DUNES_ADMIN_PASSWORD", password), password);
  }

  /** The lab finds vcsim built already, as at a newcomer's second start: building it is not start-up. */
  private static void vcsimBinary() throws IOException, InterruptedException {
    Process build = new ProcessBuilder("bash", "src/vcsim/build.sh").redirectErrorStream(true)
        .redirectOutput(WORK.resolve("vcsim-build.log").toFile()).start();
    assertThat(build.waitFor()).as("src/vcsim/build.sh, see " + WORK.resolve("vcsim-build.log")).isZero();
  }

  private static List<String> without(List<String> classPath, String directory) {
    String excluded = Path.of(directory).toAbsolutePath().normalize().toString();
    List<String> rest = classPath.stream()
        .filter(entry -> !Path.of(entry).toAbsolutePath().normalize().toString().equals(excluded)).toList();
    assertThat(rest).as("%s on the class path", excluded).hasSize(classPath.size() - 1);
    return rest;
  }

  private static double ratio(List<ForkedStart.Ready> starts, List<ForkedStart.Ready> baseline,
      ToLongFunction<ForkedStart.Ready> measure) {
    return median(starts, measure) / median(baseline, measure);
  }

  private static double median(List<ForkedStart.Ready> starts, ToLongFunction<ForkedStart.Ready> measure) {
    long[] sorted = starts.stream().mapToLong(measure).sorted().toArray();
    int middle = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2.0;
  }

  private static List<String> seconds(List<ForkedStart.Ready> starts, ToLongFunction<ForkedStart.Ready> measure) {
    return starts.stream().map(start -> "%.2f".formatted(measure.applyAsLong(start) / 1e9)).toList();
  }

  private static void print(String format, Object... args) {
    System.out.println("BENCH " + format.formatted(args));
  }
}
