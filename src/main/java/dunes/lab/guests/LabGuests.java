package dunes.lab.guests;

import dunes.lab.LabFaults;
import dunes.lab.LabJournal;
import dunes.lab.node.LabNode;
import dunes.secrets.Secret;
import java.net.URL;
import java.nio.file.Path;
import java.rmi.RemoteException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lab's nodes follow the vSphere simulator's VMs: one {@link LabNode} per VM, powered as its
 * VM is, a clone booting from a copy of its source's disk. When the simulator outlived the lab
 * ({@code resume}), the VMs of the first read get their guests back from their disks. A lab thread reads every VM in one
 * PropertyCollector call per turn, as a client of a real vCenter would.
 */
public final class LabGuests implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LabGuests.class);
  /** a node in IP conflict also retries now and then, when something outside the lab held the address */
  private static final int TURNS_BETWEEN_RETRIES = 30;

  /**
   * @param nodesDir one work dir (the node's disk) per VM below it
   * @param pollInterval pause between two reads of the simulator
   * @param databasesDir where the clusters' vCO databases are kept (the lab's state); null keeps them in memory
   */
  public record Settings(URL sdkUrl, String fingerprint, String username, Secret vcenterPassword, Path nodesDir,
      LabNode.Ports ports, Secret rootPassword, Secret configPassword, Duration startingDuration,
      Duration pollInterval, Secret ssoAdminPassword, boolean sitePackage, boolean resume, Path databasesDir) {

    /** Cluster databases in memory. */
    public Settings(URL sdkUrl, String fingerprint, String username, Secret vcenterPassword, Path nodesDir,
        LabNode.Ports ports, Secret rootPassword, Secret configPassword, Duration startingDuration,
        Duration pollInterval, Secret ssoAdminPassword, boolean sitePackage, boolean resume) {
      this(sdkUrl, fingerprint, username, vcenterPassword, nodesDir, ports, rootPassword, configPassword,
          startingDuration, pollInterval, ssoAdminPassword, sitePackage, resume, null);
    }

    /** Nodes that start with the simulator: none outlives the lab. */
    public Settings(URL sdkUrl, String fingerprint, String username, Secret vcenterPassword, Path nodesDir,
        LabNode.Ports ports, Secret rootPassword, Secret configPassword, Duration startingDuration,
        Duration pollInterval, Secret ssoAdminPassword, boolean sitePackage) {
      this(sdkUrl, fingerprint, username, vcenterPassword, nodesDir, ports, rootPassword, configPassword,
          startingDuration, pollInterval, ssoAdminPassword, sitePackage, false);
    }

    /** Nodes with only the documented workflows (no site package). */
    public Settings(URL sdkUrl, String fingerprint, String username, Secret vcenterPassword, Path nodesDir,
        LabNode.Ports ports, Secret rootPassword, Secret configPassword, Duration startingDuration,
        Duration pollInterval, Secret ssoAdminPassword) {
      this(sdkUrl, fingerprint, username, vcenterPassword, nodesDir, ports, rootPassword, configPassword,
          startingDuration, pollInterval, ssoAdminPassword, false);
    }

    /** Nodes whose lab SSO has no administrator password (no SSO login succeeds), without the site package. */
    public Settings(URL sdkUrl, String fingerprint, String username, Secret vcenterPassword, Path nodesDir,
        LabNode.Ports ports, Secret rootPassword, Secret configPassword, Duration startingDuration,
        Duration pollInterval) {
      this(sdkUrl, fingerprint, username, vcenterPassword, nodesDir, ports, rootPassword, configPassword,
          startingDuration, pollInterval, null);
    }
  }

  private final Settings settings;
  private final NodeFactory factory;
  private final LabJournal journal;
  private final ScheduledExecutorService scheduler;
  /** by VM moref; changed on the watch thread only, read by anyone */
  private final Map<String, Guest> guests = new ConcurrentHashMap<>();
  /** VMs seen once: a clone is adopted at its second sighting, when its VmClonedEvent is surely posted */
  private final Set<String> sighted = new HashSet<>();
  /** vApps seen on the last turn: moref → name */
  private final Map<String, String> vApps = new HashMap<>();
  /** until the first read of the simulator: VMs seen then may have disks from the lab's last run */
  private boolean firstRead = true;
  private SimulatorWatch watch;
  private boolean failing;
  private int turnsSinceRetry;

  private LabGuests(Settings settings, LabJournal journal, LabFaults faults) {
    this.settings = settings;
    this.journal = journal;
    this.factory = new NodeFactory(new NodeFactory.Defaults(settings.ports(),
        settings.rootPassword().revealAsString(), settings.configPassword().revealAsString(),
        settings.startingDuration(),
        settings.ssoAdminPassword() == null ? null : settings.ssoAdminPassword().revealAsString(),
        settings.sitePackage()), journal, faults, settings.databasesDir());
    this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "lab-guests");
      t.setDaemon(true);
      return t;
    });
  }

  /** Starts watching the simulator; the first turn logs in. */
  public static LabGuests start(Settings settings, LabJournal journal, LabFaults faults) {
    LabGuests guests = new LabGuests(settings, journal, faults);
    guests.scheduler.scheduleWithFixedDelay(guests::turn, 0, settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
    return guests;
  }

  /** The node of the VM with this name, once the VM's guest has a disk. */
  public Optional<LabNode> node(String vmName) {
    return guests.values().stream().filter(g -> g.name().equals(vmName)).findFirst().flatMap(Guest::node);
  }

  public List<LabNode> nodes() {
    return guests.values().stream().flatMap(g -> g.node().stream()).toList();
  }

  private void turn() {
    try {
      if (watch == null) {
        watch = SimulatorWatch.open(settings.sdkUrl(), settings.username(), settings.vcenterPassword(),
            settings.fingerprint());
      }
      follow(watch.read());
      journalVApps(watch.vApps());
      if (failing) {
        failing = false;
        LOG.info("lab guests: the vSphere simulator at {} answers again", settings.sdkUrl());
      }
    } catch (RemoteException | RuntimeException e) {
      if (!failing) { // once per outage, not every turn
        failing = true;
        LOG.warn("lab guests: cannot read the VMs of {}: {}", settings.sdkUrl(), e.toString());
      }
      closeWatch(); // log in again next turn
    }
  }

  /**
   * vApps seen and gone, in the journal (system "vsphere"), so tests can count what a build made
   * there as they count nodes; vcsim itself keeps no record of calls.
   */
  private void journalVApps(Map<String, String> now) {
    now.forEach((moref, name) -> {
      if (vApps.putIfAbsent(moref, name) == null) {
        journal.record("vsphere", name, "vapp-seen", moref);
      }
    });
    for (String moref : Set.copyOf(vApps.keySet())) {
      if (!now.containsKey(moref)) {
        journal.record("vsphere", vApps.remove(moref), "vapp-gone", moref);
      }
    }
  }

  private void follow(List<VmState> vms) throws RemoteException {
    Map<String, VmState> present = vms.stream().collect(Collectors.toMap(VmState::moref, Function.identity()));
    boolean released = false;
    for (VmState vm : vms) {
      Guest guest = guests.get(vm.moref());
      if (guest == null && firstRead && settings.resume()) {
        guest = new Guest(vm.name(), settings.nodesDir().resolve(dirName(vm)), factory, journal);
        guest.resumeDisk();
        guests.put(vm.moref(), guest);
      }
      if (guest == null) {
        if (sighted.add(vm.moref())) {
          continue;
        }
        guest = adopt(vm);
        guests.put(vm.moref(), guest);
      }
      released |= guest.follow(vm);
    }
    for (String moref : Set.copyOf(guests.keySet())) {
      if (!present.containsKey(moref)) {
        guests.remove(moref).destroyed();
        released = true;
      }
    }
    sighted.retainAll(present.keySet());
    firstRead = false;
    if (released || ++turnsSinceRetry >= TURNS_BETWEEN_RETRIES) {
      turnsSinceRetry = 0;
      guests.values().forEach(Guest::rebind);
    }
  }

  /** A VM seen for the second time: a clone of a booted VM gets its disk; any other boots fresh later. */
  private Guest adopt(VmState vm) throws RemoteException {
    sighted.remove(vm.moref());
    Guest guest = new Guest(vm.name(), settings.nodesDir().resolve(dirName(vm)), factory, journal);
    Optional<LabNode> source = watch.clonedFrom(vm.moref()).map(guests::get).flatMap(Guest::node);
    if (source.isPresent()) {
      try {
        guest.cloneDiskOf(source.get());
      } catch (RuntimeException e) { // told, and the watch goes on: the guest boots fresh instead
        journal.record("node", vm.name(), "disk-clone-failed", String.valueOf(e.getMessage()));
        LOG.warn("lab guests: cannot copy the disk of {} for its clone {}: {}", source.get().name(), vm.name(),
            e.getMessage());
        return guest;
      }
      LOG.info("lab guests: VM {} is a clone of {}: its guest is {} at {}", vm.name(), source.get().name(),
          source.get().identity().hostname(), source.get().address());
    }
    return guest;
  }

  /** The VM's name for people, its moref because two VMs may share a name. */
  private static String dirName(VmState vm) {
    return vm.name().replaceAll("[^A-Za-z0-9._-]", "_") + "-" + vm.moref();
  }

  private void closeWatch() {
    if (watch != null) {
      watch.close();
      watch = null;
    }
  }

  /** Stops the watch, then every node: no listener of the lab's guests is left. */
  @Override
  public void close() {
    scheduler.shutdown();
    try {
      if (!scheduler.awaitTermination(10, TimeUnit.SECONDS)) {
        scheduler.shutdownNow();
      }
    } catch (InterruptedException e) {
      scheduler.shutdownNow();
      Thread.currentThread().interrupt();
    }
    guests.values().forEach(g -> g.node().ifPresent(LabNode::close));
    guests.clear();
    closeWatch();
  }
}
