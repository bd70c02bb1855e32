package dunes.appliance.vami;

import dunes.appliance.shell.CommandResult;
import dunes.appliance.shell.NodeShellPort;
import dunes.appliance.shell.ShellUnavailableException;
import dunes.appliance.vami.VamiResult.Change;
import dunes.appliance.vami.VamiResult.Setting;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ApplianceIdentityPort} over {@link NodeShellPort}: read → compare → run the VAMI command,
 * one setting at a time, the network last ({@link VamiCommands} has the command lines and reads).
 * Each command runs in its own pinned root session, as every {@link NodeShellPort} call does.
 */
public class ShellApplianceIdentity implements ApplianceIdentityPort {

  private static final Logger LOG = LoggerFactory.getLogger(ShellApplianceIdentity.class);

  private final NodeShellPort shell;
  private final VamiCommands commands;

  ShellApplianceIdentity(NodeShellPort shell, VamiCommands commands) {
    this.shell = shell;
    this.commands = commands;
  }

  public ShellApplianceIdentity(NodeShellPort shell, VamiProperties properties) {
    this(shell, new VamiCommands(properties));
  }

  @Override
  public ApplianceIdentity read(NodeShellPort.Target target) {
    String where = target.toString();
    String hostname = VamiCommands.hostname(read(target, VamiCommands.READ_HOSTNAME), where);
    String timezone = VamiCommands.timezone(read(target, VamiCommands.READ_CLOCK), where);
    List<String> dns = VamiCommands.nameservers(read(target, VamiCommands.READ_RESOLVER));
    StaticNetwork network = commands.network(read(target, commands.readNetwork()), dns, where);
    return new ApplianceIdentity(hostname, timezone, network);
  }

  @Override
  public VamiResult converge(NodeShellPort.Target target, DesiredIdentity desired) {
    Located start = locate(target, desired);
    NodeShellPort.Target at = start.target();
    ApplianceIdentity before = start.identity();
    List<Change> changes = new ArrayList<>();
    if (desired.timezone() != null && !desired.timezone().equals(before.timezone())) {
      set(at, commands.setTimezone(desired.timezone()));
      changes.add(new Change(Setting.TIMEZONE, before.timezone(), desired.timezone()));
    }
    if (desired.hostname() != null && !desired.hostname().equalsIgnoreCase(before.hostname())) {
      // host names compare without case, as DNS does: "VCVCO" is already "vcvco"
      set(at, commands.setHostname(desired.hostname()));
      changes.add(new Change(Setting.HOSTNAME, before.hostname(), desired.hostname()));
    }
    List<String> dns = desired.network() == null ? List.of() : desired.network().dns();
    if (!dns.isEmpty() && !dns.equals(before.network().dns())) {
      set(at, commands.setDns(dns));
      changes.add(new Change(Setting.DNS, before.network().dns().toString(), dns.toString()));
    }
    ApplianceIdentity after;
    if (desired.network() != null && !desired.network().sameAddress(before.network())) {
      at = changeNetwork(at, desired.network());
      changes.add(new Change(Setting.NETWORK, before.network().withDns(List.of()).toString(),
          desired.network().withDns(List.of()).toString()));
      after = readAfterMove(at);
    } else {
      after = changes.isEmpty() ? before : read(at);
    }
    requireConverged(at, after, desired);
    VamiResult result = new VamiResult(at.host(), before, after, changes);
    LOG.info("identity of {} now at {}: {}", target, at.host(), result.summary());
    return result;
  }

  /**
   * Where the appliance answers: at the target, or — when nothing answers there and the desired
   * network has another address — at that address, because an earlier attempt moved it already
   * (a crash or a lost answer after vami_set_network). The process keeps the old address free
   * until the move is done (node 1 stays off while its clone is re-addressed), and the session
   * there is pinned to the same host key, so whatever logs in there is the appliance being converged.
   */
  private Located locate(NodeShellPort.Target target, DesiredIdentity desired) {
    try {
      return new Located(target, read(target));
    } catch (ShellUnavailableException notThere) {
      if (desired.network() == null || desired.network().ip().equals(target.host())) {
        throw notThere;
      }
      NodeShellPort.Target moved = at(target, desired.network().ip());
      try {
        ApplianceIdentity there = read(moved);
        LOG.info("{} does not answer but {} does, its desired address: it moved already", target, moved);
        return new Located(moved, there);
      } catch (ShellUnavailableException alsoNotThere) {
        notThere.addSuppressed(alsoNotThere);
        throw notThere;
      }
    }
  }

  private record Located(NodeShellPort.Target target, ApplianceIdentity identity) {}

  /**
   * vami_set_network; the appliance then moves, and the session running the command may drop
   * before its exit status arrives. Then the read-back at the new address decides: only a lost
   * session is tolerated, never a nonzero exit.
   */
  private NodeShellPort.Target changeNetwork(NodeShellPort.Target at, StaticNetwork network) {
    try {
      set(at, commands.setNetwork(network));
    } catch (ShellUnavailableException lost) {
      if (network.ip().equals(at.host())) {
        throw lost;
      }
      LOG.info("no answer from {} to the network change ({}); reading back at {}", at, lost.getMessage(), network.ip());
    }
    return at(at, network.ip());
  }

  /**
   * One read at the new address. The appliance may still be switching: then this attempt ends
   * with a retryable error and the job's retry cycle runs the converge again, which finds the
   * appliance at its desired address ({@link #locate}) and reads back there. No wait holds the job thread.
   */
  private ApplianceIdentity readAfterMove(NodeShellPort.Target at) {
    try {
      return read(at);
    } catch (ShellUnavailableException e) {
      throw new VamiUnavailableException("the appliance took the network change and does not answer at " + at
          + " yet: " + e.getMessage() + "; the next attempt reads back there", e);
    }
  }

  private CommandResult read(NodeShellPort.Target target, String command) {
    CommandResult result = shell.run(target, command);
    if (!result.succeeded()) {
      throw new VamiProtocolException(target + " (" + command + ") exited with status " + result.exitCode() + ": "
          + brief(result));
    }
    return result;
  }

  private void set(NodeShellPort.Target target, String command) {
    LOG.info("running '{}' on {}", command, target);
    CommandResult result = shell.run(target, command);
    if (!result.succeeded()) {
      throw new VamiRejectedException(target + " refused '" + command + "' (exit status " + result.exitCode() + "): "
          + brief(result), result.exitCode(), result.stderr());
    }
  }

  /** The read-back must show what was asked for: an appliance that accepts and ignores a value is a fault. */
  private static void requireConverged(NodeShellPort.Target at, ApplianceIdentity after, DesiredIdentity desired) {
    List<String> differs = new ArrayList<>();
    if (desired.timezone() != null && !desired.timezone().equals(after.timezone())) {
      differs.add("time zone '" + after.timezone() + "' (wanted '" + desired.timezone() + "')");
    }
    if (desired.hostname() != null && !desired.hostname().equalsIgnoreCase(after.hostname())) {
      differs.add("host name '" + after.hostname() + "' (wanted '" + desired.hostname() + "')");
    }
    if (desired.network() != null && !desired.network().dns().isEmpty()
        && !desired.network().dns().equals(after.network().dns())) {
      differs.add("name servers " + after.network().dns() + " (wanted " + desired.network().dns() + ")");
    }
    if (desired.network() != null && !desired.network().sameAddress(after.network())) {
      differs.add("network " + after.network() + " (wanted " + desired.network() + ")");
    }
    if (!differs.isEmpty()) {
      throw new VamiProtocolException(at + " took the VAMI commands but reads back with " + String.join(", ", differs));
    }
  }

  private static NodeShellPort.Target at(NodeShellPort.Target target, String host) {
    return new NodeShellPort.Target(host, target.port(), target.hostKeyFingerprint(), target.rootPassword());
  }

  private static String brief(CommandResult result) {
    String text = (result.stderr().isBlank() ? result.stdout() : result.stderr()).strip();
    return text.isEmpty() ? "(no output)" : text.length() > 500 ? text.substring(0, 500) + "…" : text;
  }
}
