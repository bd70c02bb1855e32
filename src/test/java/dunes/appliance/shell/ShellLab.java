package dunes.appliance.shell;

import dunes.secrets.TestSecrets;
import dunes.support.LabNodes;
import dunes.lab.node.LabNode;
import dunes.secrets.SecretRef;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.util.unit.DataSize;

/**
 * Lab appliances for the node shell tests: addresses 127.0.12.x only and fixed high ports (41xxx,
 * 42222), so other suites running at the same time never collide; closed after each test, with the
 * shell client.
 */
final class ShellLab extends LabNodes {

  static final LabNode.Ports PORTS = new LabNode.Ports(41281, 41286, 41287, 41480, 42222);
  static final SecretRef ROOT = new SecretRef("appliance-root");
  /** real but short timeouts: a hanging call fails the test instead of stalling it */
  static final NodeShellProperties FAST = new NodeShellProperties(Duration.ofSeconds(2), Duration.ofSeconds(5),
      Duration.ofSeconds(10), DataSize.ofKilobytes(64), DataSize.ofMegabytes(1));

  private final List<SshNodeShell> shells = new ArrayList<>();

  ShellLab(Path dir) {
    super(dir, PORTS);
  }

  /** A fresh appliance, deployed and powered off. */
  LabNode node(String name, String address, Duration starting) {
    return create(name, address, starting);
  }

  LabNode poweredOn(String name, String address) {
    return poweredOn(name, address, Duration.ofMillis(200));
  }

  SshNodeShell shell() {
    return shell(rootPassword);
  }

  SshNodeShell shell(String password) {
    SshNodeShell shell = new SshNodeShell(FAST, TestSecrets.onLoopback(Map.of(ROOT.name(), password)),
        null);
    shells.add(shell);
    return shell;
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
}
