package dunes.appliance.vami;

import dunes.appliance.vami.VamiResult.Change;
import dunes.appliance.vami.VamiResult.Setting;
import dunes.secrets.SecretStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.hc.client5.http.DnsResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link VamiPort} over HTTPS with HttpClient 5: read → compare → act, one setting at a time, the
 * network last. The lab's JSON surface is the contract (docs/lab-node.md, *unverified* for a real
 * appliance), kept in {@link VamiJson} so it is easy to change.
 */
public class HttpVamiClient implements VamiPort {

  private static final Logger LOG = LoggerFactory.getLogger(HttpVamiClient.class);

  private final VamiProperties properties;
  private final SecretStore secrets;
  private final DnsResolver dns;

  /** @param dns resolves appliance names (the lab's in-memory names); {@code null} for the system's DNS */
  public HttpVamiClient(VamiProperties properties, SecretStore secrets, DnsResolver dns) {
    this.properties = properties;
    this.secrets = secrets;
    this.dns = dns;
  }

  @Override
  public ApplianceIdentity read(Target target) {
    try (VamiSession session = open(target)) {
      return readAt(session, target.host());
    }
  }

  @Override
  public VamiResult converge(Target target, DesiredIdentity desired) {
    try (VamiSession session = open(target)) {
      Located start = locate(session, target.host(), desired);
      String address = start.address();
      ApplianceIdentity before = start.identity();
      List<Change> changes = new ArrayList<>();
      if (desired.hostname() != null && !desired.hostname().equalsIgnoreCase(before.hostname())) {
        // host names compare without case, as DNS does: "VCVCO" is already "vcvco"
        session.put(address, "hostname", VamiJson.hostnameBody(desired.hostname()));
        changes.add(new Change(Setting.HOSTNAME, before.hostname(), desired.hostname()));
      }
      if (desired.timezone() != null && !desired.timezone().equals(before.timezone())) {
        session.put(address, "timezone", VamiJson.timezoneBody(desired.timezone()));
        changes.add(new Change(Setting.TIMEZONE, before.timezone(), desired.timezone()));
      }
      ApplianceIdentity after = before;
      if (desired.network() != null && !desired.network().equals(before.network())) {
        address = changeNetwork(session, address, desired.network());
        changes.add(new Change(Setting.NETWORK, before.network().toString(), desired.network().toString()));
        after = readAfterMove(session, address);
      } else if (!changes.isEmpty()) {
        after = readAt(session, address);
      }
      requireConverged(target, address, after, desired);
      VamiResult result = new VamiResult(address, before, after, changes);
      LOG.info("VAMI of {} now at {}: {}", target, address, result.summary());
      return result;
    }
  }

  private record Located(String address, ApplianceIdentity identity) {}

  /**
   * Where the appliance answers: at the target, or — when nothing answers there and the desired
   * network has another address — at that address, because an earlier attempt moved it already
   * (a crash or a lost answer after the network PUT). The process keeps the old address free until
   * the move is done (node 1 stays off while its clone is re-addressed), so whatever answers at the
   * desired address with the pinned certificate is the appliance being converged.
   */
  private Located locate(VamiSession session, String host, DesiredIdentity desired) {
    try {
      return new Located(host, readAt(session, host));
    } catch (VamiUnavailableException notThere) {
      if (notThere.answered() || desired.network() == null || desired.network().ip().equals(host)) {
        throw notThere;
      }
      String moved = desired.network().ip();
      try {
        ApplianceIdentity there = readAt(session, moved);
        LOG.info("VAMI does not answer at {} but at {}, its desired address: it moved already", host, moved);
        return new Located(moved, there);
      } catch (VamiUnavailableException alsoNotThere) {
        notThere.addSuppressed(alsoNotThere);
        throw notThere;
      }
    }
  }

  /**
   * PUT the network; the appliance then moves. Its answer may be lost when it switches address
   * first: the read-back at the new address decides then, so only a "no answer" is tolerated,
   * never a refusal.
   */
  private String changeNetwork(VamiSession session, String address, StaticNetwork network) {
    try {
      session.put(address, "network", VamiJson.networkBody(network));
    } catch (VamiUnavailableException e) {
      if (e.answered() || network.ip().equals(address)) {
        throw e;
      }
      LOG.info("no answer from {} to the network change ({}); reading back at {}", address, e.getMessage(), network.ip());
    }
    return network.ip();
  }

  /**
   * One read at the new address. The appliance may still be switching: then this attempt ends
   * with a retryable error and the job's retry cycle runs the converge again, which finds the
   * appliance at its desired address ({@link #locate}) and reads back there. No wait holds the
   * job thread.
   */
  private static ApplianceIdentity readAfterMove(VamiSession session, String address) {
    try {
      return readAt(session, address);
    } catch (VamiUnavailableException e) {
      throw new VamiUnavailableException("VAMI took the network change and does not answer at its new address "
          + address + " yet: " + e.getMessage() + "; the next attempt reads back there", e.answered(), e);
    }
  }

  private static ApplianceIdentity readAt(VamiSession session, String host) {
    String hostname = VamiJson.hostname(session.get(host, "hostname"), session.where(host, "GET", "hostname"));
    String timezone = VamiJson.timezone(session.get(host, "timezone"), session.where(host, "GET", "timezone"));
    StaticNetwork network = VamiJson.network(session.get(host, "network"), session.where(host, "GET", "network"));
    return new ApplianceIdentity(hostname, timezone, network);
  }

  /** The read-back must show what was asked for: an appliance that accepts and ignores a value is a fault. */
  private static void requireConverged(Target target, String address, ApplianceIdentity after, DesiredIdentity desired) {
    List<String> differs = new ArrayList<>();
    if (desired.hostname() != null && !desired.hostname().equalsIgnoreCase(after.hostname())) {
      differs.add("hostname '" + after.hostname() + "' (wanted '" + desired.hostname() + "')");
    }
    if (desired.timezone() != null && !desired.timezone().equals(after.timezone())) {
      differs.add("timezone '" + after.timezone() + "' (wanted '" + desired.timezone() + "')");
    }
    if (desired.network() != null && !Objects.equals(desired.network(), after.network())) {
      differs.add("network " + after.network() + " (wanted " + desired.network() + ")");
    }
    if (!differs.isEmpty()) {
      throw new VamiProtocolException("VAMI of " + target + " accepted the changes but reads back at " + address
          + " with " + String.join(", ", differs));
    }
  }

  private VamiSession open(Target target) {
    // resolved now, for this call only: the value never lands in a field, a log or a variable
    return VamiSession.open(target, secrets.resolve(target.rootPassword()), properties, dns);
  }
}
