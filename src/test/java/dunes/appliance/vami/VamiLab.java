package dunes.appliance.vami;

import dunes.appliance.shell.NodeShellProperties;
import dunes.appliance.shell.NodeShellPort;
import dunes.appliance.shell.SshNodeShell;
import dunes.lab.node.LabNode;
import dunes.secrets.SecretRef;
import dunes.secrets.TestSecrets;
import dunes.support.LabNodes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.springframework.util.unit.DataSize;

/**
 * Lab appliances for the identity tests: addresses 127.0.7.x only and fixed high ports (37xxx,
 * 32222), so other suites running at the same time never collide; a short STARTING; closed after
 * each test, with the SSH clients.
 */
final class VamiLab extends LabNodes {

  static final LabNode.Ports PORTS = new LabNode.Ports(37281, 37286, 37287, 37480, 32222);
  static final SecretRef ROOT = new SecretRef("appliance-root");
  /** real but short timeouts: a hanging call fails the test instead of stalling it */
  static final NodeShellProperties FAST = new NodeShellProperties(Duration.ofSeconds(2), Duration.ofSeconds(5),
      Duration.ofSeconds(10), DataSize.ofKilobytes(64), DataSize.ofMegabytes(1));

  private final List<SshNodeShell> shells = new ArrayList<>();

  VamiLab(Path dir) {
    super(dir, PORTS);
  }

  /** A fresh appliance, powered on. */
  LabNode poweredOn(String name, String address) {
    return poweredOn(name, address, Duration.ofMillis(200));
  }

  /**
   * A clone of a powered-off node, as the lab's guests make one: a copy of its disk (SSH host key
   * included, so the pin is the source's) and its guest identity, address included.
   */
  LabNode cloneOf(LabNode source, String name) {
    copyTree(source.settings().workDir(), dir().resolve(name));
    return closedAfterTest(LabNode.create(settings(name, source.address(), Duration.ofMillis(200)), source.identity(),
        database, journal, faults));
  }

  /** Dunes's SSH client, as the application wires it. */
  SshNodeShell shell(String password) {
    SshNodeShell shell = new SshNodeShell(FAST, TestSecrets.onLoopback(Map.of(ROOT.name(), password)),
        null);
    shells.add(shell);
    return shell;
  }

  ShellApplianceIdentity client() {
    return client(rootPassword);
  }

  ShellApplianceIdentity client(String password) {
    return new ShellApplianceIdentity(shell(password), VamiProperties.defaults());
  }

  NodeShellPort.Target target(LabNode node) {
    return new NodeShellPort.Target(node.address(), PORTS.ssh(), node.sshHostKeyFingerprint(), ROOT);
  }

  long count(String operation) {
    return journal.count("node", operation);
  }

  @Override
  public void close() {
    shells.forEach(SshNodeShell::close);
    super.close();
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
