package dunes.lab.node;

import dunes.lab.LabFaults;
import dunes.lab.LabJournal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.CopyOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.command.AbstractCommandSupport;
import org.apache.sshd.server.session.ServerSession;
import org.apache.sshd.sftp.server.FileHandle;
import org.apache.sshd.sftp.server.Handle;
import org.apache.sshd.sftp.server.SftpEventListener;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

/**
 * The node's sshd: password login for root, exec of {@link NodeCommands}, and SFTP over the
 * node's tree. A fresh MINA server per power-on (a stopped MINA server cannot start again); the
 * host key stays the same. The lab's knobs on {@code node:<name>:ssh} apply to each exec: the HTTP
 * faults refuse the exec request (the client's "exec request failed"), RESET and GARBAGE drop the
 * session, TIMEOUT never answers (until the client gives up).
 */
final class NodeSsh implements AutoCloseable {

  private final SshServer server;

  private NodeSsh(SshServer server) {
    this.server = server;
  }

  static NodeSsh open(LabNode.Settings settings, SshHostKey hostKey, NodeFiles files, NodeCommands commands,
      LabJournal journal, LabFaults faults) {
    SshServer server = SshServer.setUpDefaultServer();
    server.setHost(settings.address());
    server.setPort(settings.ports().ssh());
    server.setKeyPairProvider(hostKey.provider());
    byte[] rootPassword = settings.rootPassword().getBytes(StandardCharsets.UTF_8);
    server.setPasswordAuthenticator((user, password, session) -> "root".equals(user)
        && MessageDigest.isEqual(rootPassword, password.getBytes(StandardCharsets.UTF_8)));
    String endpoint = "node:" + settings.name() + ":ssh";
    server.setCommandFactory((channel, command) -> {
      Optional<LabFaults.Kind> fault = faults.next(endpoint);
      if (fault.isEmpty()) {
        return new Exec(command, commands);
      }
      return switch (fault.get()) {
        case TIMEOUT -> new Unanswered(command, false);
        case RESET, GARBAGE -> new Unanswered(command, true);
        default -> throw new IOException("lab fault injected at " + endpoint + ": exec refused");
      };
    });
    SftpSubsystemFactory sftp = new SftpSubsystemFactory.Builder().build();
    sftp.addSftpEventListener(new JournalingSftpListener(settings.name(), journal));
    server.setSubsystemFactories(List.of(sftp));
    server.setFileSystemFactory(new VirtualFileSystemFactory(files.root()));
    try {
      server.start();
    } catch (IOException e) {
      stopQuietly(server); // a failed bind (an IP conflict is retried) must not leave MINA's threads behind
      throw new UncheckedIOException("cannot listen for SSH on " + settings.address() + ":" + settings.ports().ssh(), e);
    }
    return new NodeSsh(server);
  }

  @Override
  public void close() {
    stopQuietly(server);
  }

  private static void stopQuietly(SshServer server) {
    try {
      server.stop(true);
    } catch (IOException e) {
      // the listener is gone either way
    }
  }

  /** One exec request: runs the command line and answers its output and exit status. */
  private static final class Exec extends AbstractCommandSupport {

    private final NodeCommands commands;

    Exec(String command, NodeCommands commands) {
      super(command, null);
      this.commands = commands;
    }

    @Override
    public void run() {
      NodeCommands.Result result = outcome();
      try {
        getOutputStream().write(result.out().getBytes(StandardCharsets.UTF_8));
        getOutputStream().flush();
        getErrorStream().write(result.err().getBytes(StandardCharsets.UTF_8));
        getErrorStream().flush();
        // once the client has closed its session it has the exit status: only then may the node move this sshd
        getServerSession().addCloseFutureListener(closed -> result.afterAnswer().run());
        onExit(result.exitCode());
      } catch (IOException e) {
        onExit(255, "cannot answer: " + e.getMessage());
      }
    }

    /** A program that dies still ends: sshd sends its exit status and closes the channel, never silence. */
    private NodeCommands.Result outcome() {
      try {
        return commands.run(getCommand());
      } catch (RuntimeException e) {
        return NodeCommands.Result.fail(1, "lab shell: " + getCommand() + ": " + e + "\n");
      }
    }
  }

  /** An exec the lab's knobs fail: the session dropped at once, or no answer ever. */
  private static final class Unanswered extends AbstractCommandSupport {

    private final boolean drop;

    Unanswered(String command, boolean drop) {
      super(command, null);
      this.drop = drop;
    }

    @Override
    public void run() {
      if (drop) {
        getServerSession().close(true);
      }
    }
  }

  /** Journals files changed through SFTP: written (on close), renamed, removed. */
  private record JournalingSftpListener(String nodeName, LabJournal journal) implements SftpEventListener {

    @Override
    public void closed(ServerSession session, String remoteHandle, Handle handle, Throwable thrown) {
      if (thrown == null && handle instanceof FileHandle file
          && file.getOpenOptions().contains(StandardOpenOption.WRITE)) {
        journal.record("node", nodeName, "sftp-write", handle.getFile().toString());
      }
    }

    @Override
    public void moved(ServerSession session, Path source, Path target, Collection<CopyOption> options,
        Throwable thrown) {
      if (thrown == null) {
        journal.record("node", nodeName, "sftp-rename", source + " -> " + target);
      }
    }

    @Override
    public void removed(ServerSession session, Path path, boolean isDirectory, Throwable thrown) {
      if (thrown == null) {
        journal.record("node", nodeName, "sftp-remove", path.toString());
      }
    }
  }
}
