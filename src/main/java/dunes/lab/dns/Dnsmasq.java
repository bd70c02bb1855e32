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
 * file in it changes; the conf directory (PTR overrides) only at start, hence {@link #restart()}.
 * Options as dnsmasq(8) of dnsmasq 2.90 names them (docs/fidelity.md).
 */
final class Dnsmasq implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Dnsmasq.class);

  private final Path binary;
  private final LabDns.Settings settings;
  private final Path hostsDir;
  private final Path confDir;
  private Process process;
  private final Thread shutdownHook = new Thread(this::stop, "lab-dns-stop");

  Dnsmasq(Path binary, LabDns.Settings settings, Path hostsDir, Path confDir) {
    this.binary = binary;
    this.settings = settings;
    this.hostsDir = hostsDir;
    this.confDir = confDir;
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  synchronized void start() {
    stopLeftover();
    List<String> command = new ArrayList<>(List.of(binary.toString(),
        "--keep-in-foreground", "--no-resolv", "--no-hosts",
        "--listen-address=" + settings.address(), "--bind-interfaces", "--port=" + settings.port(),
        "--hostsdir=" + hostsDir, "--conf-dir=" + confDir + ",*.conf",
        // answer NXDOMAIN for what the files lack instead of REFUSED: the lab is the zone's server
        "--local=/" + settings.domain() + "/", "--local=/in-addr.arpa/",
        "--pid-file=", "--log-queries", "--log-facility=-"));
    if ("root".equals(System.getProperty("user.name"))) {
      command.add("--user=root"); // not nobody: the state directory may be readable by its owner only
    }
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile())).start();
      Files.writeString(pidFile(), Long.toString(process.pid()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the lab's DNS server " + binary, e);
    }
    LOG.info("lab DNS (dnsmasq pid {}) on {}:{} serves {}", process.pid(), settings.address(), settings.port(),
        hostsDir);
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

  synchronized void restart() {
    stop();
    start();
  }

  synchronized void stop() {
    if (process != null) {
      process.destroy();
      try {
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
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
