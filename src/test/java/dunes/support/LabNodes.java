package dunes.support;

import dunes.lab.LabFaults;
import dunes.lab.LabJournal;
import dunes.lab.node.LabNode;
import dunes.lab.node.LabVcoDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Lab nodes for one test, outside Spring: a shared vCO database, journal and fault knobs, fresh
 * passwords, each node's disk below one directory, every node closed after the test. Test suites
 * give it their own ports and loopback range so they never collide.
 */
public class LabNodes implements AutoCloseable {

  /** with the lab's site package, so the configuration tests reach every workflow Dunes may run */
  public final LabVcoDatabase database;
  public final LabJournal journal = new LabJournal();
  public final LabFaults faults = new LabFaults();
  public final String rootPassword = "root-" + UUID.randomUUID();
  public final String configPassword = "config-" + UUID.randomUUID();
  /** the lab SSO administrator's ({@code administrator@vsphere.local}) password */
  public final String ssoAdminPassword = "sso-" + UUID.randomUUID();
  private final Path dir;
  private final LabNode.Ports ports;
  private final List<LabNode> nodes = new ArrayList<>();

  public LabNodes(Path dir, LabNode.Ports ports) {
    this(dir, ports, true);
  }

  /** @param sitePackage whether the nodes have the lab's site package (workflows no public source documents) */
  public LabNodes(Path dir, LabNode.Ports ports, boolean sitePackage) {
    this.dir = dir;
    this.ports = ports;
    this.database = new LabVcoDatabase(sitePackage);
  }

  public LabNode.Settings settings(String name, String address, Duration starting) {
    return settings(name, address, starting, rootPassword);
  }

  private LabNode.Settings settings(String name, String address, Duration starting, String root) {
    return new LabNode.Settings(name, name + ".lab.local", address, ports, root, configPassword,
        dir.resolve(name), starting, ssoAdminPassword);
  }

  /** A fresh appliance, deployed and powered off; vco-server stays STARTING for {@code starting} once started. */
  public LabNode create(String name, String address, Duration starting) {
    return closedAfterTest(LabNode.create(settings(name, address, starting), database, journal, faults));
  }

  public LabNode poweredOn(String name, String address, Duration starting) {
    LabNode node = create(name, address, starting);
    node.powerOn();
    return node;
  }

  /** As {@link #poweredOn(String, String, Duration)}, its root password {@code root}: the one Dunes's SSH secret holds. */
  public LabNode poweredOn(String name, String address, Duration starting, String root) {
    LabNode node = closedAfterTest(LabNode.create(settings(name, address, starting, root), database, journal, faults));
    node.powerOn();
    return node;
  }

  /** A node made some other way (a clone, say) that the test's end must close too. */
  public LabNode closedAfterTest(LabNode node) {
    nodes.add(node);
    return node;
  }

  public Path dir() {
    return dir;
  }

  @Override
  public void close() {
    nodes.forEach(LabNode::close);
  }
}
