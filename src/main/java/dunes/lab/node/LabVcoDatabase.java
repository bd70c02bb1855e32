package dunes.lab.node;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dunes.lab.LabState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The cluster's SQL Server database as far as the lab needs it: the Server Availability settings,
 * the membership of every started node, active (RUNNING) or STANDBY, with its last heartbeat, and
 * the workflow runs of every node that switched to it ("Microsoft SQL Server", effective at the
 * node's next vco-server start; before that a node keeps its runs in its embedded database). One
 * object per cluster, shared by all its nodes, as the real nodes share one SQL Server database.
 *
 * <p>Made with a directory ({@link #at}) it keeps itself there, as a SQL Server keeps its database
 * on its own disk: the site package, the settings and the membership whole in {@code cluster.json}
 * at each change (a heartbeat included), the runs in {@code runs.jsonl}, each before the call that
 * made it is answered; opened again over the same directory it is as it was.
 */
public final class LabVcoDatabase {

  /** Server Availability: defaults as in the vCO 5.5 configurator (PROTOCOLS.md 1c). */
  public record ClusterSettings(boolean clusterMode, int activeNodes, Duration heartbeatInterval,
      int failoverHeartbeats) {

    public static final ClusterSettings STANDALONE = new ClusterSettings(false, 1, Duration.ofMillis(5000), 12);

    public ClusterSettings {
      if (activeNodes < 1 || failoverHeartbeats < 1 || heartbeatInterval.isNegative() || heartbeatInterval.isZero()) {
        throw new IllegalArgumentException("invalid cluster settings: active nodes " + activeNodes
            + ", heartbeat " + heartbeatInterval + ", failover heartbeats " + failoverHeartbeats);
      }
    }

    public static ClusterSettings cluster(int activeNodes, Duration heartbeatInterval, int failoverHeartbeats) {
      return new ClusterSettings(true, activeNodes, heartbeatInterval, failoverHeartbeats);
    }

    /** How long a node may stay silent before the cluster forgets it (and a standby node takes an active place). */
    public Duration failoverTimeout() {
      return heartbeatInterval.multipliedBy(failoverHeartbeats);
    }
  }

  /** One started node as the database records it: RUNNING (active) or STANDBY. */
  private record Member(NodeState state, Instant lastHeartbeat) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  static final String CLUSTER = "cluster.json";
  static final String RUNS = "runs.jsonl";

  private final Clock clock;
  private final boolean sitePackage;
  /** null: in memory */
  private final Path dir;
  /** the workflow runs of every node that uses this database, by execution id */
  private final ExecutionStore executions;
  private ClusterSettings settings = ClusterSettings.STANDALONE;
  /** node name → its membership, in the order the nodes joined */
  private final Map<String, Member> members = new LinkedHashMap<>();

  /** A cluster database of nodes that have only the documented workflows. */
  public LabVcoDatabase() {
    this(false);
  }

  /**
   * @param sitePackage whether the cluster's nodes have the lab's site package: the configuration
   *     workflows no public source documents (dunes.lab.node.ConfigurationWorkflows.SITE_PACKAGE)
   */
  public LabVcoDatabase(boolean sitePackage) {
    this(Clock.systemUTC(), sitePackage);
  }

  LabVcoDatabase(Clock clock) {
    this(clock, false);
  }

  private LabVcoDatabase(Clock clock, boolean sitePackage) {
    this(clock, sitePackage, null, ExecutionStore.inMemory());
  }

  private LabVcoDatabase(Clock clock, boolean sitePackage, Path dir, ExecutionStore executions) {
    this.clock = clock;
    this.sitePackage = sitePackage;
    this.dir = dir;
    this.executions = executions;
  }

  /**
   * The database kept in {@code dir}: the one kept there before, or a new one (with the site
   * package when {@code sitePackage}, written at once) when the directory holds none.
   */
  public static LabVcoDatabase at(Path dir, boolean sitePackage) {
    return at(dir, sitePackage, Clock.systemUTC());
  }

  static LabVcoDatabase at(Path dir, boolean sitePackage, Clock clock) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make the vCO database's directory " + dir, e);
    }
    Optional<String> kept = LabState.read(dir.resolve(CLUSTER));
    JsonNode json;
    try {
      json = kept.isPresent() ? JSON.readTree(kept.get()) : null;
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the vCO database in " + dir + " is unreadable: " + e.getMessage(), e);
    }
    LabVcoDatabase database = new LabVcoDatabase(clock, json == null ? sitePackage : json.path("sitePackage").asBoolean(),
        dir, ExecutionStore.at(dir.resolve(RUNS)));
    synchronized (database) {
      if (json == null) {
        database.keep();
      } else {
        database.restore(json);
      }
    }
    return database;
  }

  public boolean sitePackage() {
    return sitePackage;
  }

  /** The runs kept in this (SQL Server) database: every node's that switched to it, as the cluster shares them. */
  ExecutionStore executions() {
    return executions;
  }

  public synchronized ClusterSettings settings() {
    return settings;
  }

  public synchronized void configure(ClusterSettings settings) {
    this.settings = settings;
    keep();
  }

  /**
   * A node that finished starting, or a standby node at its heartbeat, asks to become active: it
   * may when cluster mode is off, when it already is active, or when fewer than the configured
   * number of nodes are alive and active. Refused, it is recorded (or refreshed) as STANDBY, so the
   * Server Availability area lists it.
   */
  synchronized boolean claimActive(String node) {
    Instant now = clock.instant();
    forgetSilent(now);
    Member member = members.get(node);
    boolean active = !settings.clusterMode() || (member != null && member.state() == NodeState.RUNNING)
        || activeCount() < settings.activeNodes();
    members.put(node, new Member(active ? NodeState.RUNNING : NodeState.STANDBY, now));
    keep();
    return active;
  }

  /** An active node's heartbeat; a node the cluster already forgot stays forgotten, as before. */
  synchronized void heartbeat(String node) {
    if (members.computeIfPresent(node, (name, member) -> new Member(member.state(), clock.instant())) != null) {
      keep();
    }
  }

  /** A clean service stop: the node leaves the cluster at once (an active one frees its place), no failover timeout. */
  synchronized void leave(String node) {
    if (members.remove(node) != null) {
      keep();
    }
  }

  /** The nodes active now (a node that went silent counts until its failover timeout ends). */
  public synchronized Set<String> activeNodes() {
    forgetSilent(clock.instant());
    Set<String> active = new TreeSet<>();
    members.forEach((name, member) -> {
      if (member.state() == NodeState.RUNNING) {
        active.add(name);
      }
    });
    return active;
  }

  /**
   * Every started node the cluster knows now, RUNNING or STANDBY, sorted by name: what the
   * configurator's Server Availability area lists. A silent node is listed until its failover timeout ends.
   */
  public synchronized SortedMap<String, NodeState> members() {
    forgetSilent(clock.instant());
    SortedMap<String, NodeState> listed = new TreeMap<>();
    members.forEach((name, member) -> listed.put(name, member.state()));
    return Collections.unmodifiableSortedMap(listed);
  }

  private long activeCount() {
    return members.values().stream().filter(member -> member.state() == NodeState.RUNNING).count();
  }

  private void forgetSilent(Instant now) {
    Instant deadline = now.minus(settings.failoverTimeout());
    if (members.values().removeIf(member -> member.lastHeartbeat().isBefore(deadline))) {
      keep();
    }
  }

  /** The whole database but its runs, replaced at once; callers hold this object's lock. */
  private void keep() {
    if (dir == null) {
      return;
    }
    ObjectNode json = JSON.createObjectNode().put("sitePackage", sitePackage);
    json.putObject("settings").put("clusterMode", settings.clusterMode()).put("activeNodes", settings.activeNodes())
        .put("heartbeatIntervalMillis", settings.heartbeatInterval().toMillis())
        .put("failoverHeartbeats", settings.failoverHeartbeats());
    ArrayNode list = json.putArray("members");
    members.forEach((name, member) -> list.addObject().put("node", name).put("state", member.state().name())
        .put("lastHeartbeat", member.lastHeartbeat().toString()));
    try {
      LabState.write(dir.resolve(CLUSTER), JSON.writeValueAsString(json));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot keep the vCO database in " + dir, e);
    }
  }

  private void restore(JsonNode json) {
    JsonNode kept = json.path("settings");
    settings = new ClusterSettings(kept.path("clusterMode").asBoolean(), kept.path("activeNodes").asInt(),
        Duration.ofMillis(kept.path("heartbeatIntervalMillis").asLong()), kept.path("failoverHeartbeats").asInt());
    json.path("members").forEach(member -> members.put(member.path("node").asText(),
        new Member(NodeState.valueOf(member.path("state").asText()), Instant.parse(member.path("lastHeartbeat").asText()))));
  }
}
