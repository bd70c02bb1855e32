package dunes.lab.edge;

import java.net.InetAddress;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Picks the member for a new connection among the eligible ones (healthy, weight above 0).
 * ROUND_ROBIN is nginx's smooth weighted round robin (weights 2:1 give A, B, A); IP_HASH maps the
 * client address onto the weights; LEAST_CONN takes the fewest open connections per weight.
 * URI needs HTTP parsing, which a pass-through edge does not do here: it balances as ROUND_ROBIN.
 */
final class BackendSelector {

  private final String algorithm;
  private final List<Backend> backends;
  private final Map<Backend, Integer> current = new HashMap<>();

  BackendSelector(String algorithm, List<Backend> backends) {
    this.algorithm = algorithm;
    this.backends = List.copyOf(backends);
  }

  List<Backend> backends() {
    return backends;
  }

  /** @return null when no member may take the connection */
  synchronized Backend choose(InetAddress client) {
    List<Backend> eligible = backends.stream().filter(Backend::eligible).toList();
    if (eligible.isEmpty()) {
      return null;
    }
    return switch (algorithm) {
      case "IP_HASH" -> byHash(eligible, client);
      case "LEAST_CONN" -> eligible.stream()
          .min(Comparator.comparingDouble(b -> b.active().get() / (double) b.weight())).orElseThrow();
      default -> smoothRoundRobin(eligible);
    };
  }

  private Backend smoothRoundRobin(List<Backend> eligible) {
    int total = 0;
    Backend best = null;
    for (Backend b : eligible) {
      int value = current.merge(b, b.weight(), Integer::sum);
      total += b.weight();
      if (best == null || value > current.get(best)) {
        best = b;
      }
    }
    current.merge(best, -total, Integer::sum);
    return best;
  }

  private static Backend byHash(List<Backend> eligible, InetAddress client) {
    int total = eligible.stream().mapToInt(Backend::weight).sum();
    int slot = Math.floorMod(client.hashCode(), total);
    for (Backend b : eligible) {
      slot -= b.weight();
      if (slot < 0) {
        return b;
      }
    }
    return eligible.get(eligible.size() - 1);
  }
}
