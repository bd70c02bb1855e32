package dunes.lab.node;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The vCO database as far as the cluster sees it: the Server Availability settings and the
 * heartbeats of the active nodes. One object per lab, shared by all its nodes, as the real nodes
 * share one SQL Server database.
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

    /** How long an active node may stay silent before a standby node takes its place. */
    public Duration failoverTimeout() {
      return heartbeatInterval.multipliedBy(failoverHeartbeats);
    }
  }

  private final Clock clock;
  private ClusterSettings settings = ClusterSettings.STANDALONE;
  /** active node name → its last heartbeat */
  private final Map<String, Instant> active = new LinkedHashMap<>();

  public LabVcoDatabase() {
    this(Clock.systemUTC());
  }

  LabVcoDatabase(Clock clock) {
    this.clock = clock;
  }

  public synchronized ClusterSettings settings() {
    return settings;
  }

  public synchronized void configure(ClusterSettings settings) {
    this.settings = settings;
  }

  /**
   * A node that finished starting asks to become active: it may when cluster mode is off, when
   * it already is active, or when fewer than the configured number of nodes are alive and active.
   */
  synchronized boolean claimActive(String node) {
    Instant now = clock.instant();
    forgetSilent(now);
    if (!settings.clusterMode() || active.containsKey(node) || active.size() < settings.activeNodes()) {
      active.put(node, now);
      return true;
    }
    return false;
  }

  synchronized void heartbeat(String node) {
    active.computeIfPresent(node, (name, last) -> clock.instant());
  }

  /** A clean service stop: the node gives its place up at once, no failover timeout. */
  synchronized void leave(String node) {
    active.remove(node);
  }

  /** The nodes active now (a node that went silent counts until its failover timeout ends). */
  public synchronized Set<String> activeNodes() {
    forgetSilent(clock.instant());
    return new TreeSet<>(active.keySet());
  }

  private void forgetSilent(Instant now) {
    Instant deadline = now.minus(settings.failoverTimeout());
    active.values().removeIf(last -> last.isBefore(deadline));
  }
}
