package dunes.appliance.vami;

import java.util.List;
import java.util.stream.Collectors;

/**
 * What a converge found and did.
 *
 * @param address where the appliance answers now: the new IP after a network change
 * @param before the identity read before any change
 * @param after the identity read back at {@code address} (equal to {@code before} when nothing changed)
 * @param changes the settings changed, in the order they were applied; empty when already converged
 */
public record VamiResult(String address, ApplianceIdentity before, ApplianceIdentity after, List<Change> changes) {

  public enum Setting { TIMEZONE, HOSTNAME, DNS, NETWORK }

  public record Change(Setting setting, String from, String to) {
    @Override
    public String toString() {
      return setting.name().toLowerCase() + " '" + from + "' -> '" + to + "'";
    }
  }

  public VamiResult {
    changes = List.copyOf(changes);
  }

  public boolean changed() {
    return !changes.isEmpty();
  }

  public boolean changed(Setting setting) {
    return changes.stream().anyMatch(c -> c.setting() == setting);
  }

  /** "nothing to do", or each change: fit for a log line or a process variable. */
  public String summary() {
    return changes.isEmpty() ? "nothing to do"
        : changes.stream().map(Change::toString).collect(Collectors.joining("; "));
  }
}
