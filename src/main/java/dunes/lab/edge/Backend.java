package dunes.lab.edge;

import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One pool member as a listener sees it: where to forward, where to check health, its weight and
 * its health state. Health needs {@code rise} consecutive good checks to come back and {@code fall}
 * bad ones to go; the first check decides at once, so a member that is down at publish gets
 * nothing from the start.
 */
final class Backend {

  private final String ipAddress;
  private final int port;
  private final int healthCheckPort;
  private final int weight;
  private final AtomicInteger active = new AtomicInteger();
  private boolean healthy = true;
  private boolean checked;
  private int streak; // consecutive results contrary to the current state

  Backend(String ipAddress, int port, int healthCheckPort, int weight) {
    this.ipAddress = ipAddress;
    this.port = port;
    this.healthCheckPort = healthCheckPort;
    this.weight = weight;
  }

  String key() {
    return ipAddress + ":" + port;
  }

  InetSocketAddress address() {
    return new InetSocketAddress(ipAddress, port);
  }

  InetSocketAddress healthCheckAddress() {
    return new InetSocketAddress(ipAddress, healthCheckPort);
  }

  int weight() {
    return weight;
  }

  AtomicInteger active() {
    return active;
  }

  synchronized boolean eligible() {
    return healthy && weight > 0;
  }

  synchronized boolean healthy() {
    return healthy;
  }

  /** Takes over the state another listener generation learned about the same member. */
  synchronized void inheritHealth(Backend previous) {
    synchronized (previous) {
      healthy = previous.healthy;
      checked = previous.checked;
      streak = previous.streak;
    }
  }

  /** @return true when this result changed the member's state */
  synchronized boolean record(boolean good, int rise, int fall) {
    if (!checked) {
      checked = true;
      boolean changed = healthy != good;
      healthy = good;
      return changed;
    }
    if (good == healthy) {
      streak = 0;
      return false;
    }
    streak++;
    if (streak >= (good ? rise : fall)) {
      healthy = good;
      streak = 0;
      return true;
    }
    return false;
  }
}
