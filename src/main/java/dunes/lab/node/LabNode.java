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
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One simulated vCO 5.5 appliance: a VM that can be powered on and off, its file tree on disk,
 * the vco-server service (8281, 8286, 8287), sshd (SSH exec and SFTP) and VAMI (5480), all on
 * the node's own loopback address. Many per lab, sharing one {@link LabVcoDatabase}.
 */
public final class LabNode implements AutoCloseable {

  /** The node's ports; the real product's are {@link #DEFAULTS}, except SSH's 22. */
  public record Ports(int server, int messaging, int messagingSecure, int vami, int ssh) {
    public static final Ports DEFAULTS = new Ports(8281, 8286, 8287, 5480, 2222);
  }

  /**
   * @param configPassword the configurator's "vmware" password; the lab's REST API takes it too
   * @param startingDuration how long vco-server stays STARTING after a start or restart
   */
  public record Settings(String name, String fqdn, String address, Ports ports, String rootPassword,
      String configPassword, Path workDir, Duration startingDuration) {

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

    @Override
    public String toString() { // the passwords stay out of logs and test reports
      return "Settings[" + name + ", " + fqdn + ", " + address + ", " + ports + ", " + workDir + "]";
    }
  }

  private final Settings settings;
  private final LabJournal journal;
  private final LabFaults faults;
  private final NodeFiles files;
  private final SshHostKey hostKey;
  private final ScheduledExecutorService scheduler;
  private final VcoServer server;
  private final NodeCommands commands;
  private final AtomicReference<NodeIdentity> identity;

  private boolean poweredOn;
  private NodeSsh ssh;
  private VamiServer vami;

  private LabNode(Settings settings, LabVcoDatabase database, LabJournal journal, LabFaults faults) {
    this.settings = settings;
    this.journal = journal;
    this.faults = faults;
    this.files = NodeFiles.prepare(settings.workDir(), settings.fqdn(), settings.address());
    this.hostKey = new SshHostKey(files.local(NodeFiles.SSH_HOST_KEY));
    this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "lab-node-" + settings.name());
      t.setDaemon(true);
      return t;
    });
    this.server = new VcoServer(settings, files, database, journal, faults, scheduler);
    this.commands = new NodeCommands(settings.name(), files, server, journal);
    this.identity = new AtomicReference<>(NodeIdentity.initial(settings.fqdn(), settings.address()));
  }

  /**
   * The deployed VM, powered off. The first time for a work dir this lays out a fresh
   * appliance: a self-signed certificate for the FQDN in jssecacerts, an SSH host key.
   */
  public static LabNode create(Settings settings, LabVcoDatabase database, LabJournal journal, LabFaults faults) {
    return new LabNode(settings, database, journal, faults);
  }

  /**
   * Boots the VM: sshd and VAMI listen, and vco-server starts, as on the appliance. A service
   * that fails to start leaves the VM up with the service STOPPED.
   */
  public synchronized void powerOn() {
    if (poweredOn) {
      return;
    }
    journal.record("node", settings.name(), "power-on", "");
    try {
      ssh = NodeSsh.open(settings, hostKey, files, commands, journal);
      vami = VamiServer.open(settings, files, identity, journal, faults);
      poweredOn = true;
    } catch (RuntimeException e) {
      closeListeners();
      throw e;
    }
    try {
      server.start();
    } catch (RuntimeException e) {
      // journaled as start-failed; the VM runs on, so the keystore can be mended over SFTP
    }
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
  }

  public synchronized boolean poweredOn() {
    return poweredOn;
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

  public NodeState state() {
    return server.state();
  }

  public String name() {
    return settings.name();
  }

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

  /** VAMI's own certificate (5480), for clients to trust. */
  public X509Certificate vamiCertificate() {
    return files.loadVamiKey().chain()[0];
  }

  /** Configuration plug-in workflow name → inputs of its last run on this node, secrets as "****". */
  public Map<String, Map<String, String>> configurationInputs() {
    return server.configurationInputs();
  }

  /** Host name, time zone and network as last set through VAMI. */
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

  private void closeListeners() {
    if (ssh != null) {
      ssh.close();
      ssh = null;
    }
    if (vami != null) {
      vami.close();
      vami = null;
    }
  }
}
