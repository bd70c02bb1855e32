package dunes.lab.guests;

import dunes.lab.LabJournal;
import dunes.lab.node.LabNode;
import dunes.lab.node.NodeIdentity;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The guest inside one VM of the simulator: its node follows the VM's power. A VM deployed from
 * the OVF has no node until its first boot, when the guest reads its OVF properties.
 */
final class Guest {

  private static final Logger LOG = LoggerFactory.getLogger(Guest.class);

  private final String name;
  private final Path workDir;
  private final NodeFactory factory;
  private final LabJournal journal;
  /** read by other threads through LabGuests.node(); written by the watch thread only */
  private volatile LabNode node;
  private String lastAddress;
  /** a failed boot is told once per power-on, not at every turn of the watch */
  private boolean bootFailureTold;
  /** the identity last written beside the disk, so a lab restart finds the guest as it was */
  private NodeIdentity savedIdentity;

  Guest(String name, Path workDir, NodeFactory factory, LabJournal journal) {
    this.name = name;
    this.workDir = workDir;
    this.factory = factory;
    this.journal = journal;
  }

  /**
   * The guest of a VM that outlived the lab's last run: the identity kept beside its disk, if any
   * (a VM that never booted has none and boots fresh later).
   */
  void resumeDisk() {
    Optional<NodeIdentity> kept = GuestStore.read(workDir);
    if (kept.isPresent()) {
      node = factory.resumed(name, workDir, kept.get());
      lastAddress = node.address();
      savedIdentity = kept.get();
    }
  }

  /** The guest of a clone: the source's disk and identity, before it is ever powered on. */
  void cloneDiskOf(LabNode source) {
    node = factory.cloneOf(source, name, workDir);
    lastAddress = node.address();
  }

  Optional<LabNode> node() {
    return Optional.ofNullable(node);
  }

  String name() {
    return name;
  }

  /**
   * Brings the node to the VM's power state.
   *
   * @return true when the node gave up its address (powered off, or VAMI moved it), so a node in
   *     IP conflict may bind now
   */
  boolean follow(VmState vm) {
    boolean released = false;
    if (vm.poweredOn()) {
      boot(vm);
    } else {
      bootFailureTold = false;
      if (node != null && node.poweredOn()) {
        node.powerOff();
        released = true;
      }
    }
    if (node != null && !node.address().equals(lastAddress)) {
      lastAddress = node.address();
      released = true;
    }
    if (node != null && !node.identity().equals(savedIdentity)) {
      GuestStore.write(workDir, node.identity());
      savedIdentity = node.identity();
    }
    return released;
  }

  /** Another guest gave up an address: a node in IP conflict tries its own again. */
  void rebind() {
    if (node != null && node.ipConflict() && node.rebind()) {
      LOG.info("lab node {} listens at {} now", name, node.address());
    }
  }

  /** The VM is gone: its node stops; its files stay until a new VM needs the directory. */
  void destroyed() {
    journal.record("node", name, "vm-destroyed", "");
    if (node != null) {
      node.close();
    }
  }

  private void boot(VmState vm) {
    try {
      if (node == null) {
        NodeIdentity identity = GuestIdentity.fromOvfProperties(vm.properties());
        node = factory.fresh(name, workDir, identity);
        lastAddress = node.address();
      }
      node.powerOn();
    } catch (RuntimeException e) {
      if (!bootFailureTold) {
        bootFailureTold = true;
        journal.record("node", name, "boot-failed", String.valueOf(e.getMessage()));
        LOG.warn("the guest of VM {} cannot boot: {}", name, e.getMessage());
      }
    }
  }
}
