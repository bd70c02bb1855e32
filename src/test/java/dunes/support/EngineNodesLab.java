package dunes.support;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.zaxxer.hikari.HikariDataSource;
import dunes.lab.dns.LabClusters;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.util.FileSystemUtils;

/**
 * A lab alone in its own JVM on 127.0.{octet}.x and Dunes engine nodes over one fresh PostgreSQL
 * database, for builds on clusters the lab knows from its start (their names in its DNS, their
 * databases on its SQL server): the set-up and teardown that runs of several engine nodes share.
 */
public final class EngineNodesLab implements AutoCloseable {

  private final LabProcess lab;
  private final Map<String, String> properties = new LinkedHashMap<>();
  private final List<DunesNode> nodes = new ArrayList<>();
  private Map<String, String> pins;
  private String url;
  private HikariDataSource database;

  /** The lab in {@code work} (emptied first) for {@code clusters}, each with the database its build names. */
  public EngineNodesLab(int octet, Path work, Map<LabClusters.Cluster, String> clusters) throws IOException {
    FileSystemUtils.deleteRecursively(work);
    Map<String, String> hosts = new LinkedHashMap<>(); // the site's DNS, prepared before the builds
    clusters.keySet().forEach(cluster -> {
      hosts.put("dunes.lab.hosts." + cluster.fqdn(), cluster.virtualIp());
      cluster.nodes().forEach(node -> hosts.put("dunes.lab.hosts." + node.fqdn(), node.ip()));
    });
    lab = LabProcess.at(octet, work.resolve("lab"), hosts);
    properties.putAll(hosts);
    properties.put("dunes.lab.database.names", String.join(",", clusters.values()));
  }

  /** Starts the lab and makes a fresh database {@code name} for the engine nodes. */
  public void start(String name) throws IOException {
    pins = lab.start();
    url = PostgresServer.get().freshDatabase(name);
    properties.putAll(lab.dunesProperties());
    properties.putAll(PostgresServer.datasource(url));
  }

  /** The nodes' Spring properties: add to them before {@link #startNode}. */
  public Map<String, String> properties() {
    return properties;
  }

  /** Starts engine node {@code name} on the lab's {@code host} address; returns once its JVM runs. */
  public DunesNode startNode(String name, int host, int port) throws IOException {
    DunesNode node = DunesNode.start(name, lab.address(host), port, "lab", properties);
    nodes.add(node);
    return node;
  }

  public LabProcess lab() {
    return lab;
  }

  /** The engine nodes' database, for reading engine facts (history, job log, locks). */
  public JdbcTemplate jdbc() {
    if (database == null) {
      database = PostgresServer.pool(url, 2);
    }
    return new JdbcTemplate(database);
  }

  /** The README's example request for {@code ticket} on the cluster and database, the lab's systems pinned. */
  public ObjectNode request(String ticket, LabClusters.Cluster cluster, String databaseName) {
    ObjectNode request = ExampleRequest.onCluster(ExampleRequest.withTicket(ticket, lab.address(53)), cluster);
    ExampleRequest.node(request, "vcenter").put("url", "https://vcenter.lab.local:" + LabProcess.VCENTER_PORT + "/sdk")
        .put("fingerprint", pins.get("vcenter"));
    ExampleRequest.node(request, "sso").put("port", LabProcess.PORT).put("fingerprint", pins.get("sso"));
    ExampleRequest.node(request, "ca").put("url", "https://ca.lab.local:" + LabProcess.PORT + "/certsrv")
        .put("fingerprint", pins.get("ca-server")).put("rootFingerprint", pins.get("ca-root"));
    ExampleRequest.node(request, "edge").put("managerUrl", "https://vsm.lab.local:" + LabProcess.PORT)
        .put("fingerprint", pins.get("vsm"));
    ExampleRequest.node(request, "database").put("name", databaseName);
    return request;
  }

  @Override
  public void close() throws Exception {
    for (DunesNode node : nodes) {
      node.close();
    }
    lab.close();
    if (database != null) {
      database.close();
    }
  }
}
