package dunes.lab.edge;

import com.sun.net.httpserver.HttpsServer;
import dunes.lab.LabCertificates;
import dunes.lab.LabBasicAuth;
import dunes.lab.LabFaults;
import dunes.lab.LabHttp;
import dunes.lab.LabJournal;
import dunes.lab.LabTls;
import dunes.pki.Fingerprints;
import java.net.URI;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The lab's vShield Manager with one edge: the REST API over HTTPS with Basic auth, and the
 * edge's load balancer, whose published virtual servers are real listeners forwarding to healthy
 * members. Closing it closes the API, every listener and every health check.
 */
public final class LabEdge implements AutoCloseable {

  public static final String HOST_NAME = "vsm.lab.local";
  /** How long a listener with SSL session persistence waits for the client's hello. */
  private static final Duration HELLO_TIMEOUT = Duration.ofSeconds(5);

  /**
   * @param port 0 picks a free port
   * @param uplinkAddress primary address of vnic 0
   * @param healthCheckInterval null: each pool's own interval (seconds)
   * @param healthCheckTimeout null: each pool's own timeout (seconds)
   * @param connectTimeout how long a listener waits for a member to accept
   * @param nsxVersion null: a vShield Manager 5.x (the default), which states no version; else the
   *     NSX Manager version the lab presents, e.g. {@code 6.3.0}; from 6.3 on it has no {@code /api/3.0/edges}
   */
  public record Settings(String address, int port, String username, String password, String edgeId, String edgeName,
      String uplinkAddress, String uplinkSubnetMask, Duration healthCheckInterval, Duration healthCheckTimeout,
      Duration connectTimeout, String nsxVersion) {

    /** vsm.lab.local on 127.0.0.30:8443, edge-1 with vnic 0 on 127.0.0.1/8, the pools' own check timing. */
    public static Settings defaults(String username, String password) {
      return new Settings("127.0.0.30", 8443, username, password, "edge-1", "vcvco-edge", "127.0.0.1",
          "255.0.0.0", null, null, Duration.ofSeconds(5), null);
    }

    public Settings withAddress(String address, int port) {
      return new Settings(address, port, username, password, edgeId, edgeName, uplinkAddress, uplinkSubnetMask,
          healthCheckInterval, healthCheckTimeout, connectTimeout, nsxVersion);
    }

    public Settings withUplink(String primaryAddress, String subnetMask) {
      return new Settings(address, port, username, password, edgeId, edgeName, primaryAddress, subnetMask,
          healthCheckInterval, healthCheckTimeout, connectTimeout, nsxVersion);
    }

    public Settings withHealthChecks(Duration interval, Duration timeout) {
      return new Settings(address, port, username, password, edgeId, edgeName, uplinkAddress, uplinkSubnetMask,
          interval, timeout, connectTimeout, nsxVersion);
    }

    /** The lab as an NSX Manager of {@code version} (e.g. {@code 6.3.0}); null for a vShield Manager 5.x. */
    public Settings withNsxVersion(String version) {
      return new Settings(address, port, username, password, edgeId, edgeName, uplinkAddress, uplinkSubnetMask,
          healthCheckInterval, healthCheckTimeout, connectTimeout, version);
    }
  }

  private final HttpsServer server;
  private final X509Certificate certificate;
  private final Edge edge;
  private final LoadBalancerRuntime runtime;
  private final ExecutorService threads;
  private final ScheduledExecutorService scheduler;

  private LabEdge(HttpsServer server, X509Certificate certificate, Edge edge, LoadBalancerRuntime runtime,
      ExecutorService threads, ScheduledExecutorService scheduler) {
    this.server = server;
    this.certificate = certificate;
    this.edge = edge;
    this.runtime = runtime;
    this.threads = threads;
    this.scheduler = scheduler;
  }

  public static LabEdge start(Settings settings, LabJournal journal, LabFaults faults) {
    return start(settings, journal, faults, null);
  }

  /**
   * A manager whose certificate and edge (configuration and vNICs, as text) live in {@code stateDir};
   * null keeps them in memory.
   */
  public static LabEdge start(Settings settings, LabJournal journal, LabFaults faults, Path stateDir) {
    LabCertificates.Issued issued = LabCertificates.durable(stateDir, "vsm",
        () -> LabCertificates.selfSigned(HOST_NAME, List.of(HOST_NAME), List.of(settings.address())));
    ExecutorService threads = Executors.newCachedThreadPool(daemons("lab-edge-conn"));
    ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(4, daemons("lab-edge-health"));
    LoadBalancerRuntime runtime = new LoadBalancerRuntime(
        new ListenerContext(threads, scheduler, faults, settings.connectTimeout(), HELLO_TIMEOUT));
    Edge edge = new Edge(settings.edgeId(), settings.edgeName(),
        new EdgeInterfaces(settings.edgeId(), settings.uplinkAddress(), settings.uplinkSubnetMask()), journal,
        new RoutePlanner(settings.healthCheckInterval(), settings.healthCheckTimeout()), runtime,
        new EdgeStore(stateDir == null ? null : stateDir.resolve(settings.edgeId() + ".json")));
    LabManagerVersion nsx = settings.nsxVersion() == null || settings.nsxVersion().isBlank() ? null
        : LabManagerVersion.parse(settings.nsxVersion(), settings.username());
    HttpsServer server = LabHttp.https(settings.address(), settings.port(), LabTls.server(issued));
    server.createContext("/api", new EdgeApi(Map.of(edge.id(), edge),
        new LabBasicAuth("vShield Manager", settings.username(), settings.password()), faults, nsx));
    server.start();
    return new LabEdge(server, issued.certificate(), edge, runtime, threads, scheduler);
  }

  /** The manager's base URL, e.g. {@code https://127.0.0.30:8443}; the API is under {@code /api}. */
  public URI url() {
    return URI.create("https://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort());
  }

  public X509Certificate certificate() {
    return certificate;
  }

  /** SHA-256 of the manager's certificate, the form Dunes pins. */
  public String fingerprint() {
    return Fingerprints.sha256(certificate);
  }

  public String edgeId() {
    return edge.id();
  }

  /**
   * The edge's load balancer configuration exactly as GET answers it (the text the manager holds:
   * what clients sent, with the ids it assigned), to compare before and after.
   */
  public String configXml() {
    return edge.configXml();
  }

  /** vNIC {@code index} exactly as GET answers it (the text its last PUT carried), to compare before and after. */
  public String vnicXml(int index) {
    return edge.vnicXml(index);
  }

  /** The virtual IP:port pairs that have listeners now. */
  public Set<String> listening() {
    return edge.listening();
  }

  @Override
  public void close() {
    server.stop(0);
    runtime.close();
    scheduler.shutdownNow();
    threads.shutdownNow();
  }

  private static ThreadFactory daemons(String name) {
    AtomicInteger count = new AtomicInteger();
    return r -> {
      Thread thread = new Thread(r, name + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
