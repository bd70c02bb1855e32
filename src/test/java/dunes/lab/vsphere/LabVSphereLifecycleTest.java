package dunes.lab.vsphere;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** No simulator outlives the JVM that started it, however that JVM ends. */
class LabVSphereLifecycleTest {

  static Path binaries;

  @BeforeAll
  static void buildOnce(@TempDir Path log) {
    binaries = VcsimBinary.locate(Path.of("src/vcsim/build.sh"), log.resolve("build.log"));
  }

  @Test
  void shouldStopTheSimulatorOnClose(@TempDir Path work) {
    LabVSphere lab = start(work);
    ProcessHandle vcsim = ProcessHandle.of(lab.pid()).orElseThrow();

    lab.close();

    assertThat(vcsim.isAlive()).isFalse();
    assertThat(work.resolve("vcsim.pid")).doesNotExist();
  }

  @Test
  void shouldTakeTheSimulatorDownWithAJvmKilledBySigkill(@TempDir Path work) throws Exception {
    Process jvm = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), LabVSphereProcess.class.getName(),
        work.toString(), binaries.toString())
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    long vcsimPid = readVcsimPid(jvm);
    ProcessHandle vcsim = ProcessHandle.of(vcsimPid).orElseThrow();
    assertThat(vcsim.isAlive()).isTrue();

    jvm.destroyForcibly(); // SIGKILL: no shutdown hook runs

    assertThat(jvm.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(vcsim.onExit().completeOnTimeout(null, 10, TimeUnit.SECONDS).get())
        .as("vcsim %d outlived its JVM", vcsimPid).isNotNull();
  }

  @Test
  void shouldStopASimulatorLeftBehindBeforeStarting(@TempDir Path work) throws Exception {
    Process leftover = new ProcessBuilder(binaries.resolve("vcsim").toString(), "-l", "127.0.0.40:0")
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    Files.writeString(work.resolve("vcsim.pid"), Long.toString(leftover.pid()));

    try (LabVSphere lab = start(work)) {
      assertThat(leftover.waitFor(10, TimeUnit.SECONDS)).as("the leftover simulator was stopped").isTrue();
      assertThat(Files.readString(work.resolve("vcsim.pid")).trim()).isEqualTo(Long.toString(lab.pid()));
    } finally {
      leftover.destroyForcibly();
    }
  }

  @Test
  void shouldLeaveAPidFileOfAnotherProgramAlone(@TempDir Path work) throws Exception {
    Process other = new ProcessBuilder("sleep", "30").start();
    Files.writeString(work.resolve("vcsim.pid"), Long.toString(other.pid()));

    try (LabVSphere lab = start(work)) {
      assertThat(other.isAlive()).isTrue();
    } finally {
      other.destroyForcibly();
    }
  }

  private static LabVSphere start(Path work) {
    return LabVSphere.start(new LabVSphere.Settings("127.0.0.40", 0, null, null, work, null, binaries, 0,
        Duration.ofSeconds(10)));
  }

  private static long readVcsimPid(Process jvm) throws Exception {
    BufferedReader out = new BufferedReader(new InputStreamReader(jvm.getInputStream(), StandardCharsets.UTF_8));
    for (String line = out.readLine(); line != null; line = out.readLine()) {
      if (line.startsWith("VCSIM_PID ")) {
        return Long.parseLong(line.substring("VCSIM_PID ".length()).trim());
      }
    }
    throw new AssertionError("the lab JVM ended before it started vcsim");
  }
}
