package dunes.lab.vsphere;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Finds the lab's vSphere simulator: runs the project's build script, which installs govmomi from
 * Debian's packages and builds the extended vcsim and govc on first use (a minute or two; apt needs
 * root), and answers from its cache afterwards.
 */
public final class VcsimBinary {

  private VcsimBinary() {}

  /** The directory holding {@code vcsim} and {@code govc}. */
  public static Path locate(Path buildScript, Path log) {
    if (!Files.isRegularFile(buildScript)) {
      throw new IllegalStateException("the vSphere simulator's build script " + buildScript.toAbsolutePath()
          + " is missing: run Dunes from the project directory, or set dunes.lab.vsphere.binary-dir");
    }
    try {
      Files.createDirectories(log.toAbsolutePath().getParent());
      Process build = new ProcessBuilder("bash", buildScript.toString())
          .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
          .start();
      build.getOutputStream().close();
      String out = new String(build.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!build.waitFor(30, TimeUnit.MINUTES) || build.exitValue() != 0) {
        throw new IllegalStateException("building the vSphere simulator failed (exit " + build.exitValue()
            + "); see " + log.toAbsolutePath());
      }
      List<String> lines = out.lines().filter(l -> !l.isBlank()).toList();
      Path dir = Path.of(lines.get(lines.size() - 1).trim());
      if (!Files.isExecutable(dir.resolve("vcsim"))) {
        throw new IllegalStateException("the build script named " + dir + " but it holds no vcsim; see " + log);
      }
      return dir;
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + buildScript + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while building the vSphere simulator", e);
    }
  }
}
