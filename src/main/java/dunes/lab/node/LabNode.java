package dunes.lab.node;

import dunes.lab.LabFaults;
import dunes.lab.LabJournal;
import dunes.pki.Fingerprints;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One simulated vCO 5.5 appliance: a VM that can be powered on and off, its file tree on disk,
 * the vco-server service (8281, 8286, 8287), sshd (SSH exec, with the in-guest VAMI commands,
 * and SFTP) and the 5480 web server, all on the node's own loopback address. The nodes of one
 * cluster share one {@link LabVcoDatabase}.
 *
 * <p>The address is the guest's: {@code vami_set_network} moves every listener to the new address.
 * Two powered-on nodes with one address is an IP conflict, as on a real network: the node that
 * cannot bind stays up but unreachable (journal {@code ip-conflict}) until {@link #rebind()} finds
 * the address free.
 */
public final class LabNode implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LabNode.class);

  /** The node's ports; the real product's are {@link #DEFAULTS}, except SSH's 22. */
  public record Ports(int server, int messaging, int messagingSecure, int vami, int ssh) {
    public static final Ports DEFAULTS = new Ports(8281, 8286, 8287, 5480, 2222);
  }

  /**
   * @param configPassword the configurator's "vmware" password; the lab's REST API takes it too
   * @param startingDuration how long vco-server stays STARTING after a start or restart
   * @param ssoAdminPassword what the lab's SSO takes from its administrator ("Configure SSO"
   *     fails with another); null accepts any
   */
  public record Settings(String name, String fqdn, String address, Ports ports, String rootPassword,
      String configPassword, Path workDir, Duration startingDuration, String ssoAdminPassword) {

    public Settings(String name, String fqdn, String address, Ports ports, String rootPassword, String configPassword,
        Path workDir, Duration startingDuration) {
      this(name, fqdn, address, ports, rootPassword, configPassword, workDir, startingDuration, null);
    }

    public Settings {
      Object[] required = {name, fqdn, address, ports, rootPassword, configPassword, workDir, startingDuration};
      for (Object value : required) {
        if (value == null) {
          throw new IllegalArgumentException("lab node settings are incomplete: " + this);
        }
      }
      if (startingDuration.isNegative()) {
        throw new IllegalArgumentException("starting duration of node '" + name + "' is negative: " + startingDuration);
      }
    }

    /** The same node at another address, as after a VAMI network change. */
    public Settings withAddress(String newAddress) {
      return new Settings(name, fqdn, newAddress, ports, rootPassword, configPassword, workDir, startingDuration,
          ssoAdminPassword);
    }

    @Override
    public String toString() { // the passwords stay out of logs and test reports
      return "Settings[" + name + ", " + fqdn + ", " + address + ", " + ports + ", " + workDir + "]";
    }
  }

  /** replaced, never changed, when VAMI moves the node: readers see one address or the other */
  private volatile Settings settings;
  private final LabJournal journal;
  private final NodeFiles files;
  private final SshHostKey hostKey;
  private final ScheduledExecutorService scheduler;
  private final VcoServer server;
  private final NodeCommands commands;
  private final AtomicReference<NodeIdentity> identity;

  private boolean poweredOn;
  /** powered on, but another node holds the address: nothing listens */
  private boolean ipConflict;
  private final NodeListeners.Parts listenerParts;
  private final LabVcoDatabase database;
  /** sshd and VAMI while the VM is up and has its address */
  private NodeListeners listeners;

  private LabNode(Settings settings, NodeIdentity identity, LabVcoDatabase database, LabJournal journal,
      LabFaults faults) {
    this.settings = settings;
    this.database = database;
    this.journal = journal;
    this.files = NodeFiles.prepare(settings.workDir(), settings.fqdn(), settings.address());
    this.hostKey = new SshHostKey(files.local(NodeFiles.SSH_HOST_KEY));
    this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "lab-node-" + settings.name());
      t.setDaemon(true);
      return t;
    });
    this.server = new VcoServer(settings, files, database, journal, faults, scheduler);
    this.identity = new AtomicReference<>(identity);
    this.commands = new NodeCommands(settings.name(), files, server, journal,
        new NodeVamiCommands(settings.name(), files, this.identity, journal, this::networkChanged));
    this.listenerParts = new NodeListeners.Parts(hostKey, files, commands, journal, faults);
  }

  /**
   * The deployed VM, powered off. The first time for a work dir this lays out a fresh
   * appliance: a self-signed certificate for the FQDN in jssecacerts, an SSH host key.
   */
  public static LabNode create(Settings settings, LabVcoDatabase database, LabJournal journal, LabFaults faults) {
    return create(settings, NodeIdentity.initial(settings.fqdn(), settings.address()), database, journal, faults);
  }

  /**
   * A node whose guest already has an identity (host name, network), e.g. from the OVF properties
   * or from the disk of the VM it was cloned from. It listens at the identity's address.
   */
  public static LabNode create(Settings settings, NodeIdentity identity, LabVcoDatabase database, LabJournal journal,
      LabFaults faults) {
    if (!identity.network().ip().equals(settings.address())) {
      throw new IllegalArgumentException("node '" + settings.name() + "' would listen at " + settings.address()
          + " but its guest has the address " + identity.network().ip());
    }
    return new LabNode(settings, identity, database, journal, faults);
  }

  /**
   * Boots the VM: sshd and VAMI listen, and vco-server starts, as on the appliance. A service
   * that fails to start leaves the VM up with the service STOPPED. An address another node holds
   * leaves the VM up with nothing listening (journal {@code ip-conflict}).
   */
  public synchronized void powerOn() {
    if (poweredOn) {
      return;
    }
    journal.record("node", settings.name(), "power-on", "");
    bringUpNetwork();
    poweredOn = true;
  }

  /** Cuts the VM's power: no port answers, and the cluster hears no more heartbeats. */
  public synchronized void powerOff() {
    if (!poweredOn) {
      return;
    }
    journal.record("node", settings.name(), "power-off", "");
    server.halt();
    closeListeners();
    poweredOn = false;
    ipConflict = false;
  }

  public synchronized boolean poweredOn() {
    return poweredOn;
  }

  /** Powered on, but its address is held by another node: it answers nowhere. */
  public synchronized boolean ipConflict() {
    return ipConflict;
  }

  /**
   * Tries the address again after an IP conflict, as a guest does when the other one leaves.
   *
   * @return true when the node listens now
   */
  public synchronized boolean rebind() {
    if (!poweredOn || !ipConflict) {
      return false;
    }
    return bringUpNetwork();
  }

  /** The address the node listens at (or would): its guest's IP. */
  public String address() {
    return settings.address();
  }

  /** {@code service vco-server start}, as over SSH. */
  public synchronized void startService() {
    requirePower("start vco-server");
    server.start();
  }

  public synchronized void stopService() {
    requirePower("stop vco-server");
    server.stop();
  }

  /** Stops and starts vco-server, reading jssecacerts again. */
  public synchronized void restartService() {
    requirePower("restart vco-server");
    server.restart();
  }

  /** The vCO database this node's cluster shares (its clones' too). */
  public LabVcoDatabase database() {
    return database;
  }

  public NodeState state() {
    return server.state();
  }

  public String name() {
    return settings.name();
  }

  /** The current settings: the address is the one VAMI set last. */
  public Settings settings() {
    return settings;
  }

  /** The certificate 8281 serves: alias "dunes" of jssecacerts as read at the last start. */
  public Optional<X509Certificate> servedCertificate() {
    return server.servedCertificate();
  }

  /** SHA-256, AB:CD:… as Dunes pins certificates; empty before the first start. */
  public Optional<String> servedCertificateFingerprint() {
    return servedCertificate().map(Fingerprints::sha256);
  }

  /** "SHA256:…" as OpenSSH prints it. */
  public String sshHostKeyFingerprint() {
    return hostKey.fingerprint();
  }

  /** The line a client's known_hosts needs to pin this node's SSH host key. */
  public String sshKnownHostsLine() {
    return hostKey.knownHostsLine(settings.address(), settings.ports().ssh());
  }

  /** The 5480 web server's own certificate. */
  public X509Certificate vamiCertificate() {
    return files.loadVamiKey().chain()[0];
  }

  /** Configuration plug-in workflow name → inputs of its last run on this node, secrets as "****". */
  public Map<String, Map<String, String>> configurationInputs() {
    return server.configurationInputs();
  }

  /** Host name, time zone and network as last set by the VAMI commands. */
  public NodeIdentity identity() {
    return identity.get();
  }

  /** The local file behind an appliance path, e.g. {@code /etc/vco/app-server/security/jssecacerts}. */
  public Path file(String appliancePath) {
    return files.local(appliancePath);
  }

  public Path keystoreFile() {
    return files.local(NodeFiles.KEYSTORE);
  }

  @Override
  public void close() {
    powerOff();
    scheduler.shutdownNow();
  }

  private void requirePower(String action) {
    if (!poweredOn) {
      throw new IllegalStateException("cannot " + action + " on node '" + settings.name() + "': it is powered off");
    }
  }

  /**
   * sshd and VAMI at the current address, then vco-server. A taken address closes what opened and
   * leaves the node in IP conflict; any other failure is the caller's.
   */
  private boolean bringUpNetwork() {
    try {
      listeners = NodeListeners.open(settings, listenerParts);
    } catch (RuntimeException e) {
      if (!NodeListeners.addressInUse(e)) {
        throw e;
      }
      if (!ipConflict) { // once per conflict, not once per retry
        ipConflict = true;
        recordBindFailure(settings.address(), e);
      }
      return false;
    }
    if (ipConflict) {
      ipConflict = false;
      journal.record("node", settings.name(), "ip-conflict-cleared", settings.address());
    }
    try {
      server.start();
    } catch (RuntimeException e) {
      // journaled as start-failed; the VM runs on, so the keystore can be mended over SFTP
    }
    return true;
  }

  /** Called once vami_set_network's answer is sent: the move closes the very sshd that answered. */
  private void networkChanged(NodeIdentity.Network network) {
    try {
      scheduler.execute(() -> moveTo(network.ip()));
    } catch (RejectedExecutionException closed) {
      // the node is closing: there is no listener left to move
    }
  }

  /** The guest's new address: every listener moves there; vco-server keeps its state. */
  private synchronized void moveTo(String address) {
    String from = settings.address();
    if (from.equals(address)) {
      return;
    }
    settings = settings.withAddress(address);
    journal.record("node", settings.name(), "address-moved", from + " -> " + address);
    if (!poweredOn || ipConflict) {
      server.moveTo(settings); // nothing listens: the next bind uses the new address
      return;
    }
    closeListeners();
    try {
      listeners = NodeListeners.open(settings, listenerParts);
    } catch (RuntimeException e) {
      server.halt(); // like power-on into a taken address: nothing listens until rebind
      server.moveTo(settings);
      ipConflict = true; // rebind retries
      recordBindFailure(address, e);
      return;
    }
    server.moveTo(settings);
  }

  /**
   * An address in use is a conflict with another guest; an address loopback does not have (VAMI
   * accepts any IPv4 address) fails the same way in Java, but is no conflict.
   */
  private void recordBindFailure(String address, RuntimeException e) {
    boolean conflict = NodeListeners.addressInUse(e) && address.startsWith("127.");
    journal.record("node", settings.name(), conflict ? "ip-conflict" : "listen-failed",
        conflict ? address + " is in use" : address + ": " + e.getMessage());
    LOG.warn("lab node {} cannot listen at {}{}", settings.name(), address,
        conflict ? ": the address is in use (IP conflict)" : ": " + e.getMessage());
  }

  private void closeListeners() {
    if (listeners != null) {
      listeners.close();
      listeners = null;
    }
  }
}
