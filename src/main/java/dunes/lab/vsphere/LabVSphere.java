package dunes.lab.vsphere;

import dunes.lab.LabCertificates;
import dunes.pki.Fingerprints;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.springframework.util.FileSystemUtils;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lab's vCenter: the extended vcsim on a loopback address, serving a certificate the lab made
 * (so clients pin its fingerprint), with an inventory matching the README's example request.
 * The simulator dies with this JVM however it ends: on close, through a shutdown hook, and —
 * after a SIGKILL — because its stdin closes; a pid file catches anything left at the next start.
 */
public final class LabVSphere implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LabVSphere.class);
  public static final String HOST_NAME = "vcenter.lab.local";

  /**
   * @param address loopback address to listen on
   * @param port 0 picks a free port
   * @param workDir certificate, pid file, log and datastore files
   * @param binaryDir where vcsim is; null runs the build script
   * @param vappDelayScale factor on vApp start delays (0 ignores them; 1 waits real seconds)
   * @param toolsHeartbeatDelay time from a VM's power-on to its guest's first VMware Tools heartbeat; null keeps
   *     the simulator's default (1 s)
   */
  public record Settings(String address, int port, String username, String password, Path workDir,
      Path buildScript, Path binaryDir, double vappDelayScale, Duration startTimeout, Duration toolsHeartbeatDelay) {

    /** With the simulator's default heartbeat delay. */
    public Settings(String address, int port, String username, String password, Path workDir, Path buildScript,
        Path binaryDir, double vappDelayScale, Duration startTimeout) {
      this(address, port, username, password, workDir, buildScript, binaryDir, vappDelayScale, startTimeout, null);
    }
  }

  private final Settings settings;
  private final Process process;
  private final URL sdkUrl;
  private final String fingerprint;
  private final Path binaryDir;
  private final Duration startedIn;
  private final Thread shutdownHook;

  private LabVSphere(Settings settings, Process process, URL sdkUrl, String fingerprint, Path binaryDir,
      Duration startedIn) {
    this.settings = settings;
    this.process = process;
    this.sdkUrl = sdkUrl;
    this.fingerprint = fingerprint;
    this.binaryDir = binaryDir;
    this.startedIn = startedIn;
    this.shutdownHook = new Thread(this::stop, "lab-vsphere-stop");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  public static LabVSphere start(Settings settings) {
    try {
      Files.createDirectories(settings.workDir());
      Path binaries = settings.binaryDir() != null ? settings.binaryDir()
          : VcsimBinary.locate(settings.buildScript(), settings.workDir().resolve("build.log"));
      Path pidFile = settings.workDir().resolve("vcsim.pid");
      stopLeftover(pidFile);
      LabCertificates.Issued certificate =
          LabCertificates.selfSigned(HOST_NAME, List.of(HOST_NAME), List.of(settings.address()));
      Path certFile = settings.workDir().resolve("vcenter.crt");
      Path keyFile = settings.workDir().resolve("vcenter.key");
      certificate.writePem(certFile, keyFile);
      Path datastore = settings.workDir().resolve("datastore");
      // vcsim keeps its inventory in memory: files of a previous run's VMs would only collide with new ones
      FileSystemUtils.deleteRecursively(datastore);
      Files.createDirectories(datastore);

      long begin = System.nanoTime();
      ProcessBuilder builder = new ProcessBuilder(command(settings, binaries, certFile, keyFile, datastore));
      if (settings.password() != null) {
        builder.environment().put("DUNES_VCSIM_PASSWORD", settings.password()); // not in ps, unlike a flag
      }
      Process process = builder
          .redirectError(ProcessBuilder.Redirect.appendTo(settings.workDir().resolve("vcsim.log").toFile()))
          .start();
      Files.writeString(pidFile, Long.toString(process.pid()));
      URL url = awaitReady(process, settings.startTimeout(), settings.workDir().resolve("vcsim.log"));
      Duration startedIn = Duration.ofNanos(System.nanoTime() - begin);
      LOG.info("lab vCenter (vcsim pid {}) serves {} in {} ms", process.pid(), url, startedIn.toMillis());
      return new LabVSphere(settings, process, url, Fingerprints.sha256(certificate.certificate()), binaries,
          startedIn);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the lab's vSphere simulator", e);
    }
  }

  private static List<String> command(Settings s, Path binaries, Path cert, Path key, Path datastore) {
    List<String> command = new ArrayList<>(List.of(
        binaries.resolve("vcsim").toString(),
        "-l", s.address() + ":" + s.port(),
        "-tlscert", cert.toString(), "-tlskey", key.toString(),
        "-datastore-dir", datastore.toString(),
        "-vapp-delay-scale", Double.toString(s.vappDelayScale()),
        "-exit-on-stdin-eof"));
    if (s.toolsHeartbeatDelay() != null) {
      command.addAll(List.of("-tools-heartbeat-delay", s.toolsHeartbeatDelay().toMillis() + "ms"));
    }
    if (s.username() != null) {
      command.addAll(List.of("-username", s.username()));
    }
    return command;
  }

  /** vcsim prints one line {@code READY <url>} once it serves. */
  private static URL awaitReady(Process process, Duration timeout, Path log) {
    CompletableFuture<String> ready = CompletableFuture.supplyAsync(() -> {
      BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      try {
        for (String line = out.readLine(); line != null; line = out.readLine()) {
          if (line.startsWith("READY ")) {
            return line.substring("READY ".length()).trim();
          }
        }
        return null;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
    try {
      String url = ready.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (url == null) {
        throw new IllegalStateException("the vSphere simulator exited before it served (exit "
            + process.waitFor() + "): " + firstProblem(log) + "; see " + log.toAbsolutePath());
      }
      return URI.create(url).toURL();
    } catch (TimeoutException e) {
      process.destroyForcibly();
      throw new IllegalStateException("the vSphere simulator did not serve within " + timeout, e);
    } catch (ExecutionException | MalformedURLException e) {
      process.destroyForcibly();
      throw new IllegalStateException("cannot read the vSphere simulator's address: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting the vSphere simulator", e);
    }
  }

  /** The line of the simulator's log that says why it stopped (Go prints a panic first). */
  private static String firstProblem(Path log) {
    try (var lines = Files.lines(log)) {
      return lines.filter(l -> l.startsWith("panic:") || l.contains("error")).reduce((a, b) -> b)
          .orElse("no reason in its log");
    } catch (IOException e) {
      return "its log is unreadable";
    }
  }

  /** A simulator a killed JVM left behind (its pid file survived): stop it before starting anew. */
  static void stopLeftover(Path pidFile) throws IOException {
    if (!Files.exists(pidFile)) {
      return;
    }
    Optional<ProcessHandle> leftover = ProcessHandle.of(Long.parseLong(Files.readString(pidFile).trim()))
        .filter(p -> p.info().command().map(c -> c.endsWith("/vcsim")).orElse(false));
    leftover.ifPresent(p -> {
      LOG.warn("stopping vcsim pid {} left behind by an earlier run", p.pid());
      p.destroy();
      p.onExit().completeOnTimeout(p, 5, TimeUnit.SECONDS).join();
      p.destroyForcibly();
    });
    Files.delete(pidFile);
  }

  /** The SDK endpoint, e.g. https://127.0.0.40:8989/sdk. */
  public URL sdkUrl() {
    return sdkUrl;
  }

  public String fingerprint() {
    return fingerprint;
  }

  /** The only user the simulator accepts; null when it accepts any. */
  public String username() {
    return settings.username();
  }

  public Path certificateFile() {
    return settings.workDir().resolve("vcenter.crt");
  }

  public Path govc() {
    return binaryDir.resolve("govc");
  }

  public long pid() {
    return process.pid();
  }

  public Duration startedIn() {
    return startedIn;
  }

  @Override
  public void close() {
    stop();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException alreadyShuttingDown) {
      // the hook is running or has run: nothing left to do
    }
  }

  private synchronized void stop() {
    if (!process.isAlive()) {
      return;
    }
    try {
      process.getOutputStream().close(); // -exit-on-stdin-eof: the simulator ends itself
    } catch (IOException ignored) {
      // closing is all we wanted; destroy below covers a pipe already gone
    }
    process.onExit().completeOnTimeout(process, 5, TimeUnit.SECONDS).join();
    process.destroyForcibly();
    try {
      Files.deleteIfExists(settings.workDir().resolve("vcsim.pid"));
    } catch (IOException e) {
      LOG.warn("cannot remove {}: {}", settings.workDir().resolve("vcsim.pid"), e.getMessage());
    }
  }
}
