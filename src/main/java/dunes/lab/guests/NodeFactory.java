package dunes.lab.guests;

import dunes.lab.LabFaults;
import dunes.lab.LabJournal;
import dunes.lab.LabState;
import dunes.lab.node.LabNode;
import dunes.lab.node.LabVcoDatabase;
import dunes.lab.node.NodeIdentity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the node behind a VM: a fresh appliance at its first boot, or a copy of the disk of the
 * VM it was cloned from, guest identity included. Each cluster's vCO database (its SQL Server
 * database) is kept under {@code databasesDir/<id>} in a durable lab, and the node's disk names
 * its id, as a real node's configuration names its database: a clone (a copy of the disk) and a
 * node resumed after a lab restart find the same database.
 */
final class NodeFactory {

  private static final Logger LOG = LoggerFactory.getLogger(NodeFactory.class);
  /** the id of the node's vCO database under {@code databasesDir}; a lab file of its own */
  static final String DATABASE_ID = "etc/vco/app-server/dunes-lab-database-id";

  /** What every lab node shares: ports, logins, how long vco-server takes to start. */
  /** @param sitePackage whether fresh appliances get the lab's site package (workflows no public source documents) */
  record Defaults(LabNode.Ports ports, String rootPassword, String configPassword, Duration startingDuration,
      String ssoAdminPassword, boolean sitePackage) {

    @Override
    public String toString() { // the passwords stay out of logs
      return "Defaults[" + ports + ", " + startingDuration + "]";
    }
  }

  private final Defaults defaults;
  private final LabJournal journal;
  private final LabFaults faults;
  /** null: every database in memory */
  private final Path databasesDir;
  /** the databases opened by this lab run, by id: the nodes of one cluster share the object */
  private final Map<String, LabVcoDatabase> databases = new ConcurrentHashMap<>();

  /** @param databasesDir where the clusters' vCO databases are kept; null keeps them in memory */
  NodeFactory(Defaults defaults, LabJournal journal, LabFaults faults, Path databasesDir) {
    this.defaults = defaults;
    this.journal = journal;
    this.faults = faults;
    this.databasesDir = databasesDir;
  }

  /**
   * A VM deployed from the OVF, at its first boot: a fresh disk, the identity its properties give,
   * and a vCO database of its own (each build's cluster has its own, as each real one does).
   */
  LabNode fresh(String name, Path workDir, NodeIdentity identity) {
    clearLeftover(workDir);
    String id = workDir.getFileName().toString(); // the VM's name and moref: one database per deployed VM
    if (databasesDir != null) {
      clearLeftover(databasesDir.resolve(id));
    }
    databases.remove(id);
    LabNode node = create(name, workDir, identity, database(id));
    write(workDir.resolve(DATABASE_ID), id);
    journal.record("node", name, "first-boot", identity.hostname() + " " + identity.network().ip());
    return node;
  }

  /**
   * The guest of a VM that kept running while the lab restarted: its disk as it was, at the
   * identity it had, with the vCO database its disk names (shared again with its cluster's other
   * nodes).
   */
  LabNode resumed(String name, Path workDir, NodeIdentity identity) {
    String id = LabState.read(workDir.resolve(DATABASE_ID)).map(String::strip)
        .orElse(workDir.getFileName().toString());
    LabNode node = create(name, workDir, identity, database(id));
    journal.record("node", name, "disk-kept", identity.hostname() + " " + identity.network().ip());
    return node;
  }

  /**
   * A clone: the source's disk as it is now, so the same jssecacerts, SSH host key, guest identity
   * and database (the cluster's); the clone's own vApp properties do not reach the guest.
   */
  LabNode cloneOf(LabNode source, String name, Path workDir) {
    clearLeftover(workDir);
    copyTree(source.settings().workDir(), workDir);
    NodeIdentity identity = source.identity();
    LabNode node = create(name, workDir, identity, source.database());
    journal.record("node", name, "disk-cloned",
        "from " + source.name() + ", guest " + identity.hostname() + " " + identity.network().ip());
    return node;
  }

  /** The cluster database of this id: the one already open, the one kept, or a new one. */
  private LabVcoDatabase database(String id) {
    return databases.computeIfAbsent(id, key -> databasesDir == null ? new LabVcoDatabase(defaults.sitePackage())
        : LabVcoDatabase.at(databasesDir.resolve(key), defaults.sitePackage()));
  }

  private static void write(Path file, String text) {
    try {
      Files.createDirectories(file.getParent());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make the directory of " + file, e);
    }
    LabState.write(file, text);
  }

  private LabNode create(String name, Path workDir, NodeIdentity identity, LabVcoDatabase database) {
    LabNode.Settings settings = new LabNode.Settings(name, identity.hostname(), identity.network().ip(),
        defaults.ports(), defaults.rootPassword(), defaults.configPassword(), workDir, defaults.startingDuration(),
        defaults.ssoAdminPassword());
    return LabNode.create(settings, identity, database, journal, faults);
  }

  /**
   * A work dir left by an earlier lab run: the simulator forgets its VMs when it stops and hands
   * out the same VM ids again, so a new VM must not boot from an old disk.
   */
  private static void clearLeftover(Path workDir) {
    if (!Files.exists(workDir)) {
      return;
    }
    LOG.info("removing {}, the disk of a VM the simulator no longer has", workDir);
    try (Stream<Path> files = Files.walk(workDir)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot clear the old node files in " + workDir, e);
    }
  }

  private static void copyTree(Path from, Path to) {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path file : files.toList()) {
        Path target = to.resolve(from.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else {
          // keeps the owner-only mode of the SSH host key
          Files.copy(file, target, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy the disk of the node in " + from + " to " + to, e);
    }
  }
}
