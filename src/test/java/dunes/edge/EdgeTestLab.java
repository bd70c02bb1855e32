package dunes.edge;

import dunes.lab.LabFaults;
import dunes.lab.LabJournal;
import dunes.lab.edge.LabEdge;
import dunes.secrets.SecretRef;
import dunes.secrets.TestSecrets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.apache.hc.client5.http.DnsResolver;

/**
 * A lab vShield Manager for the edge client's and steps' tests, on a loopback address with a
 * free port, fast health checks, and a fresh password per test unless one is given; closed after each test.
 */
public final class EdgeTestLab implements AutoCloseable {

  public static final String USER = "admin";
  public static final SecretRef PASSWORD = new SecretRef("vsm-admin");
  /** real but short timeouts: a hanging call fails the test instead of stalling it */
  public static final EdgeProperties FAST = new EdgeProperties(Duration.ofSeconds(2), Duration.ofSeconds(5), null);

  public final String password;
  public final LabJournal journal = new LabJournal();
  public final LabFaults faults = new LabFaults();
  public final LabEdge edge;

  public EdgeTestLab(String apiAddress) {
    this(apiAddress, null);
  }

  /** @param nsxVersion null: a vShield Manager 5.x; else the NSX Manager version the lab presents */
  public EdgeTestLab(String apiAddress, String nsxVersion) {
    this(apiAddress, nsxVersion, "vsm-" + UUID.randomUUID());
  }

  /** @param password the manager's admin password, e.g. the application's {@code vsm-admin} secret */
  public EdgeTestLab(String apiAddress, String nsxVersion, String password) {
    this.password = password;
    edge = LabEdge.start(LabEdge.Settings.defaults(USER, password).withAddress(apiAddress, 0)
        .withHealthChecks(Duration.ofMillis(50), Duration.ofMillis(500)).withNsxVersion(nsxVersion), journal, faults);
  }

  public HttpEdgeClient client() {
    return client(password, null);
  }

  /** A client whose secret store holds {@code password} for {@link #PASSWORD}. */
  public HttpEdgeClient client(String password, DnsResolver dns) {
    return new HttpEdgeClient(FAST, TestSecrets.onLoopback(Map.of(PASSWORD.name(), password)), dns);
  }

  public EdgePort.Target target() {
    return new EdgePort.Target(edge.url().toString(), edge.edgeId(), USER, PASSWORD, edge.fingerprint());
  }

  /** How often the edge journaled {@code operation}. */
  public long count(String operation) {
    return journal.count("edge", operation);
  }

  @Override
  public void close() {
    edge.close();
  }
}
