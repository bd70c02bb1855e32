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
 * By default the simulator dies with this JVM however it ends: on close, through a shutdown hook, and —
 * after a SIGKILL — because its stdin closes; a pid file catches anything left at the next start.
 * A durable lab's simulator is instead a process of its own ({@link DurableSimulator}) that the next
 * start adopts, as a real vCenter goes on running while its clients restart.
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
   * @param cloneDuration how long a CloneVM_Task copies, its task running, before the clone appears; null or zero
   *     makes the clone inside the call (stock vcsim)
   */
  public record Settings(String address, int port, String username, String password, Path workDir,
      Path buildScript, Path binaryDir, double vappDelayScale, Duration startTimeout, Duration toolsHeartbeatDelay,
      Duration cloneDuration) {

    /** With the simulator's default heartbeat delay, clones made inside the call. */
    public Settings(String address, int port, String username, String password, Path workDir, Path buildScript,
        Path binaryDir, double vappDelayScale, Duration startTimeout) {
      this(address, port, username, password, workDir, buildScript, binaryDir, vappDelayScale, startTimeout, null,
          null);
    }

    /** This simulator with CloneVM_Task copying for {@code duration}. */
    public Settings withCloneDuration(Duration duration) {
      return new Settings(address, port, username, password, workDir, buildScript, binaryDir, vappDelayScale,
          startTimeout, toolsHeartbeatDelay, duration);
    }
  }

  private final Settings settings;
  /** the child this JVM started and holds stdin of; null for a durable simulator */
  private final Process process;
  private final ProcessHandle handle;
  private final URL sdkUrl;
  private final String fingerprint;
  private final Path binaryDir;
  private final Duration startedIn;
  private final boolean adopted;
  private final Thread shutdownHook;

  private LabVSphere(Settings settings, Process process, ProcessHandle handle, URL sdkUrl, String fingerprint,
      Path binaryDir, Duration startedIn, boolean adopted) {
    this.settings = settings;
    this.process = process;
    this.handle = handle;
    this.sdkUrl = sdkUrl;
    this.fingerprint = fingerprint;
    this.binaryDir = binaryDir;
    this.startedIn = startedIn;
    this.adopted = adopted;
    this.shutdownHook = process == null ? null : new Thread(this::stop, "lab-vsphere-stop");
    if (shutdownHook != null) {
      Runtime.getRuntime().addShutdownHook(shutdownHook);
    }
  }

  /** A simulator that dies with this JVM, with a new certificate and an empty inventory. */
  public static LabVSphere start(Settings settings) {
    return start(settings, false);
  }

  /**
   * @param durable the simulator is a process of its own that outlives this JVM and keeps its
   *     certificate in the work dir: a later start with the same settings finds it running and
   *     adopts it, inventory and all (VMs, pools, vApps, tasks); otherwise it is started anew
   */
  public static LabVSphere start(Settings settings, boolean durable) {
    try {
      Files.createDirectories(settings.workDir());
      Path binaries = settings.binaryDir() != null ? settings.binaryDir()
          : VcsimBinary.locate(settings.buildScript(), settings.workDir().resolve("build.log"));
      Path pidFile = settings.workDir().resolve("vcsim.pid");
      Path certFile = settings.workDir().resolve("vcenter.crt");
      Path keyFile = settings.workDir().resolve("vcenter.key");
      LabCertificates.Issued certificate;
      if (durable) {
        certificate = LabCertificates.durable(settings.workDir(), "vcenter",
            () -> LabCertificates.selfSigned(HOST_NAME, List.of(HOST_NAME), List.of(settings.address())));
        String fingerprint = Fingerprints.sha256(certificate.certificate());
        String launch = DurableSimulator.launchKey(command(settings, binaries, certFile, keyFile,
            settings.workDir().resolve("datastore"), true), settings.password());
        Optional<DurableSimulator.Running> running = DurableSimulator.find(settings.workDir(), launch, fingerprint);
        if (running.isPresent()) {
          LOG.info("lab vCenter (vcsim pid {}) at {} kept running: adopted with its inventory",
              running.get().handle().pid(), running.get().url());
          return new LabVSphere(settings, null, running.get().handle(), running.get().url(), fingerprint, binaries,
              Duration.ZERO, true);
        }
        stopLeftover(pidFile);
        Path datastore = freshDatastore(settings);
        long begin = System.nanoTime();
        DurableSimulator.Running started = DurableSimulator.launch(settings.workDir(),
            command(settings, binaries, certFile, keyFile, datastore, true), settings.password(), launch,
            settings.startTimeout());
        Duration startedIn = Duration.ofNanos(System.nanoTime() - begin);
        LOG.info("lab vCenter (vcsim pid {}, outlives this process) serves {} in {} ms", started.handle().pid(),
            started.url(), startedIn.toMillis());
        return new LabVSphere(settings, null, started.handle(), started.url(), fingerprint, binaries, startedIn,
            false);
      }
      stopLeftover(pidFile);
      certificate = LabCertificates.selfSigned(HOST_NAME, List.of(HOST_NAME), List.of(settings.address()));
      certificate.writePem(certFile, keyFile);
      Path datastore = freshDatastore(settings);

      long begin = System.nanoTime();
      ProcessBuilder builder = new ProcessBuilder(command(settings, binaries, certFile, keyFile, datastore, false));
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
      return new LabVSphere(settings, process, process.toHandle(), url, Fingerprints.sha256(certificate.certificate()),
          binaries, startedIn, false);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the lab's vSphere simulator", e);
    }
  }

  /** vcsim keeps its inventory in memory: files of an earlier simulator's VMs would only collide with new ones. */
  private static Path freshDatastore(Settings settings) throws IOException {
    Path datastore = settings.workDir().resolve("datastore");
    FileSystemUtils.deleteRecursively(datastore);
    Files.createDirectories(datastore);
    return datastore;
  }

  private static List<String> command(Settings s, Path binaries, Path cert, Path key, Path datastore,
      boolean durable) {
    List<String> command = new ArrayList<>(List.of(
        binaries.resolve("vcsim").toString(),
        "-l", s.address() + ":" + s.port(),
        "-tlscert", cert.toString(), "-tlskey", key.toString(),
        "-datastore-dir", datastore.toString(),
        "-vapp-delay-scale", Double.toString(s.vappDelayScale())));
    if (!durable) {
      command.add("-exit-on-stdin-eof");
    }
    if (s.toolsHeartbeatDelay() != null) {
      command.addAll(List.of("-tools-heartbeat-delay", s.toolsHeartbeatDelay().toMillis() + "ms"));
    }
    if (s.cloneDuration() != null && !s.cloneDuration().isZero()) {
      command.addAll(List.of("-clone-duration", s.cloneDuration().toMillis() + "ms"));
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
  /**
   * The durations the simulator imposed on purpose (Tools heartbeat delays, vApp start and stop
   * delays, CloneVM_Task copies), from its log: every run of the simulator in this work dir, oldest first.
   */
  public java.util.List<dunes.lab.LabJournal.Imposed> imposed() {
    return SimulatorImposed.read(settings.workDir().resolve("vcsim.log"));
  }

  public URL sdkUrl() {
    return sdkUrl;
  }

  public String fingerprint() {
    return fingerprint;
  }

  /**
   * The lab's knob for a datastore's free space (vcsim's {@code /dunes/datastore-free-space}, no
   * vSphere surface): {@code summary.freeSpace} reads {@code bytes} until reset with null, which reads
   * the directory's file system again. Only what vCenter reports changes: an import larger than the
   * stated space still succeeds, so only read-only checks (the probe's datastore space) may rely on it.
   */
  public void datastoreFreeSpace(String datastore, Long bytes) {
    URI knob = URI.create(sdkUrl.getProtocol() + "://" + sdkUrl.getHost() + ":" + sdkUrl.getPort()
        + "/dunes/datastore-free-space?name=" + java.net.URLEncoder.encode(datastore, StandardCharsets.UTF_8)
        + "&bytes=" + (bytes == null ? "" : bytes));
    java.net.http.HttpRequest.Builder request = java.net.http.HttpRequest.newBuilder(knob)
        .PUT(java.net.http.HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(10));
    if (settings.username() != null) {
      request.header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(
          (settings.username() + ":" + settings.password()).getBytes(StandardCharsets.UTF_8)));
    }
    try {
      java.net.http.HttpResponse<String> answer = java.net.http.HttpClient.newBuilder()
          .sslContext(dunes.pki.PinnedCertificateTrustManager.sslContext(fingerprint)).build()
          .send(request.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
      if (answer.statusCode() != 200) {
        throw new IllegalStateException("the lab's vCenter refused the free space of " + datastore + ": HTTP "
            + answer.statusCode() + " " + answer.body().strip());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot reach the lab's vCenter at " + knob, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
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
    return handle.pid();
  }

  /** Whether this start found the simulator of an earlier one running and kept it, inventory and all. */
  public boolean adopted() {
    return adopted;
  }

  public Duration startedIn() {
    return startedIn;
  }

  /** Stops a simulator that dies with this JVM; a durable one keeps running for the next start to adopt. */
  @Override
  public void close() {
    if (process == null) {
      LOG.info("lab vCenter (vcsim pid {}) keeps running with its inventory; stop it with stopSimulator()"
          + " or kill $(cat {})", handle.pid(), settings.workDir().resolve("vcsim.pid"));
      return;
    }
    stop();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException alreadyShuttingDown) {
      // the hook is running or has run: nothing left to do
    }
  }

  /** Stops the simulator whatever its kind: its inventory is gone, the next start begins empty. */
  public void stopSimulator() {
    if (process != null) {
      close();
      return;
    }
    handle.destroy();
    handle.onExit().completeOnTimeout(handle, 5, TimeUnit.SECONDS).join();
    handle.destroyForcibly();
    try {
      Files.deleteIfExists(settings.workDir().resolve("vcsim.pid"));
    } catch (IOException e) {
      LOG.warn("cannot remove {}: {}", settings.workDir().resolve("vcsim.pid"), e.getMessage());
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
