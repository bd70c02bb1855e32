package dunes.secrets;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Where one secret may be sent: the purposes it serves and the hosts that may take it
 * ({@link HostRule}), and whether the build's own nodes may take it ({@code build-nodes}): for
 * an appliance account, the node itself; for an external system's password, a node that passes
 * it on to one of {@code hosts}. A secret without a binding may be sent nowhere.
 *
 * @param source where the binding is configured, for messages ({@code dunes.secrets.bindings.<name>})
 */
public record SecretBinding(String source, Set<Purpose> purposes, List<HostRule> hosts, boolean buildNodes) {

  public SecretBinding {
    purposes = Set.copyOf(purposes);
    hosts = List.copyOf(hosts);
  }

  /**
   * @param purposes purpose tokens ({@link Purpose#tokens()})
   * @param hosts host entries ({@link HostRule})
   * @throws IllegalArgumentException naming {@code source} and the entry at fault
   */
  public static SecretBinding parse(String source, Collection<String> purposes, Collection<String> hosts,
      boolean buildNodes, boolean allowPatterns) {
    Set<Purpose> parsed = EnumSet.noneOf(Purpose.class);
    for (String token : purposes == null ? List.<String>of() : purposes) {
      parsed.add(Purpose.of(token).orElseThrow(() -> new IllegalArgumentException(source
          + ".purposes: unknown purpose '" + token + "', one of " + Purpose.tokens())));
    }
    if (parsed.isEmpty()) {
      throw new IllegalArgumentException(source + ".purposes: name at least one of " + Purpose.tokens());
    }
    List<HostRule> rules = new ArrayList<>();
    for (String entry : hosts == null ? List.<String>of() : hosts) {
      try {
        rules.add(HostRule.parse(entry, allowPatterns));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(source + ".hosts: " + e.getMessage(), e);
      }
    }
    if (rules.isEmpty() && !buildNodes) {
      throw new IllegalArgumentException(source + ": names no host and not build-nodes, so the secret could go nowhere;"
          + " list its hosts or remove the binding");
    }
    return new SecretBinding(source, parsed, rules, buildNodes);
  }

  /** Why {@code to} is not allowed for {@code ref}, or empty when it is. Names no value. */
  public Optional<String> refusal(SecretRef ref, Destination to) {
    String refused = "secret '" + ref.name() + "' may not be sent to " + to + ": ";
    if (!purposes.contains(to.purpose())) {
      return Optional.of(refused + "it is for " + purposes.stream().map(Purpose::token).sorted()
          .collect(Collectors.joining(", ")) + " (" + source + ")");
    }
    if (to.system() != null && !named(to.system())) {
      return Optional.of(refused + "its binding (" + source + ") does not name the host " + to.system().host()
          + (to.node() != null ? " the node would pass it on to" : ""));
    }
    if (to.node() != null && !named(to.node())
        && !(buildNodes && (to.system() != null || to.purpose().nodeAccount()))) {
      return Optional.of(refused + "its binding (" + source + ") " + (buildNodes
          ? "lets the build's nodes take only appliance accounts or pass a secret on" : "names neither the host "
          + to.node().host() + " nor build-nodes"));
    }
    return Optional.empty();
  }

  private boolean named(Destination.Endpoint endpoint) {
    return hosts.stream().anyMatch(rule -> rule.matches(endpoint));
  }

  @Override
  public String toString() {
    return "purposes " + purposes.stream().map(Purpose::token).sorted().collect(Collectors.joining(","))
        + ", hosts " + hosts + (buildNodes ? ", build-nodes" : "");
  }
}
