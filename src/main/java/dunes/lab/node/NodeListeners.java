package dunes.lab.node;

import dunes.lab.LabFaults;
import dunes.lab.LabJournal;
import java.net.BindException;

/**
 * What listens while the VM is up, whatever vco-server does: sshd and the 5480 web server, at the
 * node's current address, opened and closed together (a half-opened pair is closed again).
 */
final class NodeListeners implements AutoCloseable {

  /** What both listeners need from their node. */
  record Parts(SshHostKey hostKey, NodeFiles files, NodeCommands commands, LabJournal journal, LabFaults faults) {}

  private final NodeSsh ssh;
  private final VamiServer vami;

  private NodeListeners(NodeSsh ssh, VamiServer vami) {
    this.ssh = ssh;
    this.vami = vami;
  }

  static NodeListeners open(LabNode.Settings settings, Parts parts) {
    NodeSsh ssh = NodeSsh.open(settings, parts.hostKey(), parts.files(), parts.commands(), parts.journal(),
        parts.faults());
    try {
      return new NodeListeners(ssh, VamiServer.open(settings, parts.files()));
    } catch (RuntimeException e) {
      ssh.close();
      throw e;
    }
  }

  /** Bind failures come wrapped (UncheckedIOException, MINA's own): the type, not the text, decides. */
  static boolean addressInUse(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof BindException) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void close() {
    ssh.close();
    vami.close();
  }
}
