package dunes.appliance.vami;

import dunes.support.LabNodes;
import dunes.lab.node.LabNode;
import dunes.pki.Fingerprints;
import dunes.secrets.PropertySecretStore;
import dunes.secrets.SecretRef;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hc.client5.http.DnsResolver;

/**
 * Lab appliances for the VAMI tests: addresses 127.0.7.x only and fixed high ports (37xxx, 32222),
 * so other suites running at the same time never collide; a short STARTING; closed after each test.
 */
final class VamiLab extends LabNodes {

  static final LabNode.Ports PORTS = new LabNode.Ports(37281, 37286, 37287, 37480, 32222);
  static final SecretRef ROOT = new SecretRef("appliance-root");
  /** real but short timeouts: a hanging call fails the test instead of stalling it */
  static final VamiProperties FAST = new VamiProperties(Duration.ofSeconds(2), Duration.ofSeconds(5));


  VamiLab(Path dir) {
    super(dir, PORTS);
  }

  /** A fresh appliance, powered on. */
  LabNode poweredOn(String name, String address) {
    return poweredOn(name, address, Duration.ofMillis(200));
  }

  /**
   * A clone of a powered-off node, as the lab's guests make one: a copy of its disk (certificates
   * included, so VAMI's fingerprint is the source's) and its guest identity, address included.
   */
  LabNode cloneOf(LabNode source, String name) {
    copyTree(source.settings().workDir(), dir().resolve(name));
    return closedAfterTest(LabNode.create(settings(name, source.address(), Duration.ofMillis(200)), source.identity(),
        database, journal, faults));
  }

  HttpVamiClient client() {
    return client(rootPassword, null);
  }

  HttpVamiClient client(String password, DnsResolver dns) {
    return new HttpVamiClient(FAST, new PropertySecretStore(Map.of(ROOT.name(), password), variable -> null), dns);
  }

  VamiPort.Target target(LabNode node) {
    return new VamiPort.Target(node.address(), PORTS.vami(), Fingerprints.sha256(node.vamiCertificate()), ROOT);
  }

  long count(String operation) {
    return journal.count("node", operation);
  }

  private static void copyTree(Path from, Path to) {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path file : files.toList()) {
        Path target = to.resolve(from.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else {
          Files.copy(file, target);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot clone " + from, e);
    }
  }
}
