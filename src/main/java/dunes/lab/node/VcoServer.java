package dunes.lab.node;

import com.sun.net.httpserver.Authenticator;
import com.sun.net.httpserver.BasicAuthenticator;
import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpsServer;
import dunes.lab.LabFaults;
import dunes.lab.LabHttp;
import dunes.lab.LabJournal;
import dunes.lab.LabTls;
import dunes.lab.sso.LabSsoDirectory;
import dunes.pki.Fingerprints;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The {@code vco-server} service of one node: its state machine, and the ports it opens while it
 * runs (8281 HTTPS with alias "dunes" of jssecacerts, read at each start; 8286 and 8287).
 * Transitions that take time run on the node's scheduler, never on the caller's thread.
 */
final class VcoServer implements AutoCloseable {

  static final String HEADER_NODE = "X-Lab-Node";
  /**
   * the server's configuration directory on the node's disk, where the lab keeps what the
   * configurator's workflows set and the embedded database's runs (a clone copies them)
   */
  static final String SERVER_DIR = "etc/vco/app-server";

  /** the address changes when VAMI moves the node */
  private LabNode.Settings settings;
  private final NodeFiles files;
  private final LabVcoDatabase database;
  private final LabJournal journal;
  private final LabFaults faults;
  private final ScheduledExecutorService scheduler;
  private final ConfigurationApi configuration;

  private NodeState state = NodeState.STOPPED;
  /** bumped by every start and stop, so a timer of an earlier run does nothing */
  private long run;
  private ScheduledFuture<?> timer;
  /** when the last start began: its STARTING time is imposed once it ends in RUNNING or STANDBY */
  private java.time.Instant launched;
  private X509Certificate served;
  /** the key entry read at the last start, to open the ports again at a new address */
  private NodeFiles.KeyEntry servedKey;
  private HttpsServer https;
  private NameLineListener messaging;
  private NameLineListener messagingSecure;

  VcoServer(LabNode.Settings settings, NodeFiles files, LabVcoDatabase database, LabJournal journal,
      LabFaults faults, ScheduledExecutorService scheduler) {
    this.settings = settings;
    this.files = files;
    this.database = database;
    this.journal = journal;
    this.faults = faults;
    this.scheduler = scheduler;
    this.configuration = new ConfigurationApi(settings.name(), database, journal,
        LabSsoDirectory.lab(settings.ssoAdminPassword()), settings.workDir().resolve(SERVER_DIR));
  }

  /** Workflow name → inputs of its last run through the REST API, secrets masked. */
  Map<String, Map<String, String>> configurationInputs() {
    return configuration.lastInputs();
  }

  synchronized NodeState state() {
    return state;
  }

  /** The leaf certificate read at the last start, empty before the first. */
  synchronized Optional<X509Certificate> servedCertificate() {
    return Optional.ofNullable(served);
  }

  /** {@code service vco-server start}: does nothing when already up, as the init script. */
  synchronized void start() {
    if (state != NodeState.STOPPED) {
      return;
    }
    record("start", "");
    launch();
  }

  synchronized void stop() {
    if (state == NodeState.STOPPED) {
      return;
    }
    record("stop", "");
    shutDown();
    database.leave(settings.name());
  }

  synchronized void restart() {
    record("restart", "from " + state);
    if (state != NodeState.STOPPED) {
      shutDown();
      database.leave(settings.name());
    }
    launch();
  }

  /** The VM lost power: everything closes, and the database hears no more heartbeats. */
  synchronized void halt() {
    shutDown();
  }

  /**
   * The node's address changed: open ports move there at once, without a restart (the real
   * server listens on every interface and does not notice).
   */
  synchronized void moveTo(LabNode.Settings moved) {
    this.settings = moved;
    if (https == null) {
      return;
    }
    closePorts();
    try {
      openPorts(servedKey);
    } catch (RuntimeException e) {
      shutDown();
      record("start-failed", e.getMessage());
    }
  }

  @Override
  public void close() {
    halt();
  }

  private void launch() {
    NodeFiles.KeyEntry key;
    try {
      key = files.loadServerKey();
    } catch (IllegalStateException e) {
      record("start-failed", e.getMessage());
      throw e;
    }
    served = key.chain()[0];
    servedKey = key;
    boolean before = configuration.workflows().usesClusterDatabase();
    if (configuration.workflows().serverStarting() && !before) {
      record("database-switched", "the cluster's SQL Server database; the embedded database's runs stay behind");
    }
    record("keystore-reload", "alias " + NodeFiles.KEY_ALIAS + " " + Fingerprints.sha256(served));
    try {
      openPorts(key);
    } catch (RuntimeException e) {
      shutDown(); // a port that is taken leaves no half-open server behind
      record("start-failed", e.getMessage());
      throw e;
    }
    state = NodeState.STARTING;
    launched = java.time.Instant.now();
    long thisRun = ++run;
    timer = scheduler.schedule(() -> finishStarting(thisRun), settings.startingDuration().toMillis(),
        TimeUnit.MILLISECONDS);
  }

  private void openPorts(NodeFiles.KeyEntry key) {
    LabNode.Ports ports = settings.ports();
    https = LabHttp.https(settings.address(), ports.server(), LabTls.server(key.key(), key.chain()));
    String endpoint = "node:" + settings.name();
    VcoWebHandler webHandler = new VcoWebHandler(settings.name(), configuration.workflows()::pluginNames);
    HttpContext web = https.createContext("/",
        LabHttp.withKnobs(faults, endpoint + ":server", whileRunning(webHandler)));
    HttpContext api = https.createContext("/vco/api",
        LabHttp.withKnobs(faults, endpoint + ":server", whileRunning(webHandler)));
    HttpContext config = https.createContext("/vco/api/workflows",
        LabHttp.withKnobs(faults, endpoint + ":config", whileRunning(configuration)));
    // the REST API takes vCO administrators only: the embedded LDAP's before SSO, the SSO admin
    // group's after; the configurator's vmware is refused (401) as on the product
    Authenticator administrators = new BasicAuthenticator("vCO", StandardCharsets.UTF_8) {
      @Override
      public boolean checkCredentials(String user, String password) {
        return configuration.workflows().accepts(user, password);
      }
    };
    api.setAuthenticator(administrators);
    config.setAuthenticator(administrators);
    for (HttpContext context : List.of(web, api, config)) {
      context.getFilters().add(Filter.beforeHandler("names the node",
          exchange -> exchange.getResponseHeaders().set(HEADER_NODE, settings.name())));
    }
    https.start();
    messaging = NameLineListener.open(settings.address(), ports.messaging(), settings.name());
    messagingSecure = NameLineListener.open(settings.address(), ports.messagingSecure(), settings.name());
  }

  private synchronized void finishStarting(long thisRun) {
    if (thisRun != run) {
      return;
    }
    state = database.claimActive(settings.name()) ? NodeState.RUNNING : NodeState.STANDBY;
    journal.imposed("node", settings.name(), "vco-server-starting", launched, settings.startingDuration());
    scheduleHeartbeat(thisRun);
  }

  /** Active nodes keep their place by heartbeats; a standby node takes a place that fell free. */
  private synchronized void heartbeat(long thisRun) {
    if (thisRun != run) {
      return;
    }
    if (state == NodeState.RUNNING) {
      database.heartbeat(settings.name());
    } else if (state == NodeState.STANDBY && database.claimActive(settings.name())) {
      state = NodeState.RUNNING;
    }
    scheduleHeartbeat(thisRun);
  }

  private void scheduleHeartbeat(long thisRun) {
    timer = scheduler.schedule(() -> heartbeat(thisRun),
        database.settings().heartbeatInterval().toMillis(), TimeUnit.MILLISECONDS);
  }

  /** A starting server and a standby node answer 503: they serve nothing yet. */
  private HttpHandler whileRunning(HttpHandler handler) {
    return exchange -> {
      NodeState now = state();
      if (now == NodeState.RUNNING) {
        handler.handle(exchange);
      } else {
        LabHttp.text(exchange, 503, "vCO server on " + settings.name() + " is " + now + ", not serving");
      }
    };
  }

  private void shutDown() {
    run++;
    if (timer != null) {
      timer.cancel(false);
    }
    closePorts();
    state = NodeState.STOPPED;
  }

  private void closePorts() {
    if (https != null) {
      https.stop(0);
      https = null;
    }
    if (messaging != null) {
      messaging.close();
      messaging = null;
    }
    if (messagingSecure != null) {
      messagingSecure.close();
      messagingSecure = null;
    }
  }

  private void record(String operation, String detail) {
    journal.record("node", settings.name(), operation, detail);
  }
}
