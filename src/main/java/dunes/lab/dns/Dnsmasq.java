package dunes.lab.dns;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Debian's dnsmasq as a child of the lab: serving one zone from hosts files only (no upstream, no
 * /etc/hosts), in the foreground so it stops with the lab. The hosts directory is re-read when a
 * file in it changes, so a record changes without a restart (which would leave the lab without DNS
 * for a moment).
 * Options as dnsmasq(8) of dnsmasq 2.90 names them (docs/fidelity.md).
 */
final class Dnsmasq implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Dnsmasq.class);
  /**
   * dnsmasq has no "exit with my parent": a shell runs it, writes its pid and stops it when its own
   * stdin (a pipe from this JVM) ends, so a lab killed with SIGKILL takes its DNS server along, as
   * vcsim's {@code -exit-on-stdin-eof} does; the shell ends when dnsmasq does. (A background job's
   * stdin is /dev/null unless redirected, POSIX sh "Asynchronous Lists": hence fd 3.)
   */
  private static final String WATCH_STDIN = "exec 3<&0; \"$0\" \"$@\" </dev/null & pid=$!; "
      + "echo $pid > \"$DUNES_PID_FILE\"; (cat <&3 >/dev/null; kill $pid 2>/dev/null) & exec 3<&-; wait $pid";

  private final Path binary;
  private final LabDns.Settings settings;
  private final Path hostsDir;
  private Process process;
  private final Thread shutdownHook = new Thread(this::stop, "lab-dns-stop");

  Dnsmasq(Path binary, LabDns.Settings settings, Path hostsDir) {
    this.binary = binary;
    this.settings = settings;
    this.hostsDir = hostsDir;
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  synchronized void start() {
    stopLeftover();
    List<String> command = new ArrayList<>(List.of("/bin/sh", "-c", WATCH_STDIN, binary.toString(),
        "--keep-in-foreground", "--no-resolv", "--no-hosts",
        "--listen-address=" + settings.address(), "--bind-interfaces", "--port=" + settings.port(),
        "--hostsdir=" + hostsDir,
        // answer NXDOMAIN for what the files lack instead of REFUSED: the lab is the zone's server
        "--local=/" + settings.domain() + "/", "--local=/in-addr.arpa/",
        "--pid-file=", "--log-queries", "--log-facility=-"));
    if ("root".equals(System.getProperty("user.name"))) {
      command.add("--user=root"); // not nobody: the state directory may be readable by its owner only
    }
    try {
      ProcessBuilder builder = new ProcessBuilder(command);
      builder.environment().put("DUNES_PID_FILE", pidFile().toString());
      process = builder.redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile())).start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the lab's DNS server " + binary, e);
    }
    LOG.info("lab DNS (dnsmasq, watched by pid {}) on {}:{} serves {}", process.pid(), settings.address(),
        settings.port(), hostsDir);
  }

  boolean alive() {
    return process != null && process.isAlive();
  }

  /** Why it stopped, from its log: a port it may not bind, an address in use. */
  String lastWords() {
    try {
      List<String> lines = Files.readAllLines(log(), StandardCharsets.UTF_8);
      return lines.stream().filter(l -> l.contains("dnsmasq:")).reduce((a, b) -> b)
          .orElse(lines.isEmpty() ? "no output" : lines.get(lines.size() - 1));
    } catch (IOException e) {
      return "its log is unreadable";
    }
  }

  synchronized void stop() {
    if (process != null) {
      try {
        process.getOutputStream().close(); // the wrapper's stdin ends: it stops dnsmasq and waits for it
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
          stopLeftover();
        }
      } catch (IOException e) {
        process.destroyForcibly();
        stopLeftover();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      process = null;
    }
  }

  @Override
  public void close() {
    stop();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException shuttingDown) {
      // the hook runs anyway
    }
  }

  Path log() {
    return hostsDir.resolveSibling("dnsmasq.log");
  }

  private Path pidFile() {
    return hostsDir.resolveSibling("dnsmasq.pid");
  }

  /** A dnsmasq a killed lab left running (its pid file survived): it holds the address, stop it. */
  private void stopLeftover() {
    try {
      if (!Files.exists(pidFile())) {
        return;
      }
      Optional<ProcessHandle> leftover = ProcessHandle.of(Long.parseLong(Files.readString(pidFile()).trim()))
          .filter(p -> p.info().command().map(c -> c.endsWith("/dnsmasq")).orElse(false));
      leftover.ifPresent(p -> {
        LOG.warn("stopping dnsmasq pid {} left behind by an earlier lab", p.pid());
        p.destroy();
        p.onExit().completeOnTimeout(p, 5, TimeUnit.SECONDS).join();
        p.destroyForcibly();
      });
      Files.delete(pidFile());
    } catch (IOException | NumberFormatException e) {
      LOG.warn("cannot read the lab DNS's pid file {}: {}", pidFile(), e.getMessage());
    }
  }
}
