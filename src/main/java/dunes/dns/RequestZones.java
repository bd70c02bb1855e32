package dunes.dns;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The zones of the builds this Dunes runs: a request's {@code network.domain} and the servers of
 * its {@code network.dns}. Learnt from each build's request as its steps run, so a restarted Dunes
 * knows them again from the first step; the last request seen for a domain names its servers.
 */
public class RequestZones {

  private final Map<String, List<String>> servers = new ConcurrentHashMap<>();

  public void learn(String domain, List<String> dns) {
    if (domain == null || domain.isBlank() || dns == null || dns.isEmpty()) {
      return;
    }
    servers.put(normal(domain), List.copyOf(dns));
  }

  /** The servers of the zone that is the longest suffix of {@code name}; empty when it lies in none. */
  public Optional<List<String>> serversFor(String name) {
    String host = normal(name);
    String best = null;
    for (String domain : servers.keySet()) {
      if ((host.equals(domain) || host.endsWith("." + domain)) && (best == null || domain.length() > best.length())) {
        best = domain;
      }
    }
    return Optional.ofNullable(best).map(servers::get);
  }

  private static String normal(String name) {
    String lower = name.strip().toLowerCase(Locale.ROOT);
    return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
  }
}
