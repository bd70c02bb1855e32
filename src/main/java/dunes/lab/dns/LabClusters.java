package dunes.lab.dns;

import dunes.lab.LabState;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Names and addresses for builds in the lab, as a site's network team hands them out: each
 * {@link #allocate} gives a cluster name, a virtual IP and N node names and addresses in one /24 of
 * the lab's range (gateway .1), none of which the lab's DNS knows or anything answers on, and
 * publishes their A and PTR records in one hosts file ({@code hosts.d/<cluster>.cluster.hosts}),
 * so one reread of dnsmasq serves them all without a restart. {@link #release} drops the file. Names
 * are {@code lc<n>} and {@code lc<n>-<i>}, {@code n} counting on across restarts
 * ({@code clusters.next} beside hosts.d), so a released name is not handed out again.
 */
public final class LabClusters {

  /** The ports a lab node answers on: an address where any answers is in use. */
  private static final int[] NODE_PORTS = {2222, 8281};

  public record Node(String name, String fqdn, String ip) {}

  public record Cluster(String name, String fqdn, String virtualIp, String netmask, String gateway, List<Node> nodes) {}

  private final LabDns dns;
  private final long first;
  private final long last;
  private final Path counter;
  /** Addresses handed out by this lab, by cluster, until released (their records may still be on the way). */
  private final Map<String, List<Long>> handedOut = new HashMap<>();

  /** {@code range}: {@code first-last} addresses, e.g. {@code 127.0.200.0-127.0.249.255} (whole /24s are used). */
  public LabClusters(LabDns dns, String range) {
    this.dns = dns;
    String[] ends = range.split("-");
    if (ends.length != 2) {
      throw new IllegalArgumentException("dunes.lab.clusters.range '" + range + "' is not first-last");
    }
    LabDnsRecords.requireIpv4(ends[0].trim());
    LabDnsRecords.requireIpv4(ends[1].trim());
    this.first = toLong(ends[0].trim());
    this.last = toLong(ends[1].trim());
    this.counter = dns.settings().dir().resolve("clusters.next");
  }

  /** A cluster of {@code nodes} nodes, its records served when this returns. */
  public Cluster allocate(int nodes) {
    if (nodes < 1 || nodes > 250) {
      throw new IllegalArgumentException("a lab cluster has 1 to 250 nodes, not " + nodes);
    }
    Cluster cluster = reserve(nodes);
    Map<String, String> records = new LinkedHashMap<>();
    records.put(cluster.fqdn(), cluster.virtualIp());
    cluster.nodes().forEach(n -> records.put(n.fqdn(), n.ip()));
    dns.putFile(file(cluster.name()), records);
    return cluster;
  }

  /** Drops the cluster's records; false when the lab has none for it. */
  public boolean release(String name) {
    boolean had = dns.deleteFile(file(name));
    synchronized (this) {
      List<Long> addresses = handedOut.remove(name);
      return had || addresses != null;
    }
  }

  private synchronized Cluster reserve(int nodes) {
    Set<Long> taken = new HashSet<>();
    handedOut.values().forEach(taken::addAll);
    dns.records().forward().values().forEach(a -> taken.add(toLong(a)));
    dns.records().reverseOverrides().keySet().forEach(a -> taken.add(toLong(a)));
    for (long subnet = first & ~0xFFL; subnet <= last; subnet += 256) {
      List<Long> free = new ArrayList<>();
      for (long a = Math.max(subnet + 2, first); a <= Math.min(subnet + 254, last) && free.size() <= nodes; a++) {
        if (!taken.contains(a) && !answering(a)) {
          free.add(a);
        }
      }
      if (free.size() == nodes + 1) {
        String name = "lc" + next();
        handedOut.put(name, free);
        String domain = dns.settings().domain();
        List<Node> list = new ArrayList<>();
        for (int i = 1; i <= nodes; i++) {
          list.add(new Node(name + "-" + i, name + "-" + i + "." + domain, toText(free.get(i))));
        }
        return new Cluster(name, name + "." + domain, toText(free.get(0)), "255.255.255.0", toText(subnet + 1),
            List.copyOf(list));
      }
    }
    throw new IllegalStateException("no /24 of the lab's cluster range " + toText(first) + "-" + toText(last)
        + " has " + (nodes + 1) + " free addresses (dunes.lab.clusters.range); release clusters no longer built");
  }

  private long next() {
    long n = LabState.read(counter).map(String::trim).filter(t -> !t.isEmpty()).map(Long::parseLong).orElse(1L);
    LabState.write(counter, (n + 1) + "\n");
    return n;
  }

  private static String file(String clusterName) {
    return clusterName + ".cluster";
  }

  /** Something listens there already (a lab node of another build, a server of another lab). */
  private static boolean answering(long address) {
    for (int port : NODE_PORTS) {
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(toText(address), port), 200);
        return true;
      } catch (IOException refused) {
        // free at this port
      }
    }
    return false;
  }

  private static long toLong(String address) {
    long value = 0;
    for (String octet : address.split("\\.")) {
      value = value << 8 | Integer.parseInt(octet);
    }
    return value;
  }

  private static String toText(long address) {
    return (address >> 24 & 0xFF) + "." + (address >> 16 & 0xFF) + "." + (address >> 8 & 0xFF) + "." + (address & 0xFF);
  }
}
