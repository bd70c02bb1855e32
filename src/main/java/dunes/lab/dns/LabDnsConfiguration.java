package dunes.lab.dns;

import dunes.lab.LabNames;
import dunes.lab.LabState;
import dunes.lab.LabSystems;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.core.env.Environment;

/**
 * The lab's DNS ({@code dunes.lab.dns.*}): address (127.0.0.53, the example request's
 * {@code network.dns}), port (53), work-dir (the state directory's {@code dns}; a lab kept in
 * memory uses a temporary one), binary (dnsmasq; installed by src/lab-dns/install.sh when absent).
 */
@Configuration(proxyBeanMethods = false)
@Profile("lab")
@LabSystems.InProcess
class LabDnsConfiguration {

  static final String DEFAULT_BINARY = "/usr/sbin/dnsmasq";

  @Bean(destroyMethod = "close")
  LabDns labDns(Environment environment, LabNames names, LabState state) throws IOException {
    String workDir = environment.getProperty("dunes.lab.dns.work-dir");
    Path dir = workDir != null ? Path.of(workDir)
        : state.durable() ? state.dir("dns") : Files.createTempDirectory("dunes-lab-dns");
    LabDns.Settings settings = new LabDns.Settings(
        environment.getProperty("dunes.lab.dns.address", "127.0.0.53"),
        environment.getProperty("dunes.lab.dns.port", Integer.class, 53),
        environment.getProperty("dunes.lab.domain", "lab.local"), dir.toAbsolutePath());
    return LabDns.start(binary(environment, dir), settings, names.all());
  }

  /** Names and addresses for lab builds ({@code dunes.lab.clusters.range}: whole /24s of loopback; docs/lab.md). */
  @Bean
  LabClusters labClusters(LabDns dns, Environment environment) {
    return new LabClusters(dns, environment.getProperty("dunes.lab.clusters.range", "127.0.200.0-127.0.249.255"));
  }

  /** The configured dnsmasq, or Debian's, installed on first use as the lab installs vcsim's packages. */
  private static Path binary(Environment environment, Path dir) {
    Path binary = Path.of(environment.getProperty("dunes.lab.dns.binary", DEFAULT_BINARY));
    if (Files.isExecutable(binary)) {
      return binary;
    }
    Path script = Path.of("src/lab-dns/install.sh");
    if (!Files.isRegularFile(script)) {
      throw new IllegalStateException("no dnsmasq at " + binary + " and no " + script.toAbsolutePath()
          + " to install it: apt-get install -y dnsmasq-base, or set dunes.lab.dns.binary");
    }
    try {
      Files.createDirectories(dir);
      Path log = dir.resolve("install.log");
      Process install = new ProcessBuilder("bash", script.toString())
          .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
      install.getOutputStream().close();
      String out = new String(install.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!install.waitFor(10, TimeUnit.MINUTES) || install.exitValue() != 0) {
        throw new IllegalStateException("installing dnsmasq failed; see " + log.toAbsolutePath());
      }
      List<String> lines = out.lines().filter(l -> !l.isBlank()).toList();
      return Path.of(lines.get(lines.size() - 1).trim());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + script, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while installing dnsmasq", e);
    }
  }
}
