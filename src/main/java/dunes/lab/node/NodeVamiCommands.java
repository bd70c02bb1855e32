package dunes.lab.node;

import dunes.lab.LabJournal;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The appliance's in-guest VAMI setters at their real paths (PROTOCOLS.md 1d) and the iproute2
 * reads of the address, over the node's {@link NodeIdentity}:
 * {@code /opt/vmware/share/vami/vami_set_timezone_cmd <TZ>}, {@code vami_set_hostname <fqdn>},
 * {@code vami_set_dns <ns>...}, {@code vami_set_network <if> STATICV4 <ip> <mask> <gw>};
 * {@code ip -4 -o addr show dev <if>}, {@code ip -4 route show default}. Each setter also rewrites
 * the guest file it changes on the appliance's SLES ({@link NodeFiles#writeIdentity}), so
 * {@code cat} reads them back; each change is journaled under the command's name.
 *
 * <p>vami_set_network's two messages are the appliance's own (vninja.net, "Unsupported Network
 * Configurations in Virtual Appliances", 2013); the other commands' wording, every usage line and
 * every exit status other than 0 are the lab's (*unverified*, docs/lab-node.md).
 */
final class NodeVamiCommands {

  static final String DIRECTORY = "/opt/vmware/share/vami/";
  static final String INTERFACE = "eth0";
  static final String NETWORK_CHANGED = "Network parameters successfully changed to requested values\n";
  static final String NETWORK_REFUSED = "Unable to set the network parameters\n";

  private final String nodeName;
  private final NodeFiles files;
  private final AtomicReference<NodeIdentity> identity;
  private final LabJournal journal;
  private final Consumer<NodeIdentity.Network> networkChanged;

  /**
   * @param networkChanged told once vami_set_network's answer is out: the node moves its listeners,
   *     the sshd that ran the command included
   */
  NodeVamiCommands(String nodeName, NodeFiles files, AtomicReference<NodeIdentity> identity, LabJournal journal,
      Consumer<NodeIdentity.Network> networkChanged) {
    this.nodeName = nodeName;
    this.files = files;
    this.identity = identity;
    this.journal = journal;
    this.networkChanged = networkChanged;
    files.writeIdentity(identity.get()); // the guest's files say what its identity is, from the first boot
  }

  static boolean handles(String program) {
    return program.startsWith(DIRECTORY);
  }

  NodeCommands.Result run(String program, List<String> args) {
    String command = program.substring(DIRECTORY.length());
    synchronized (identity) { // two sessions at once must not lose one of the changes
      return switch (command) {
        case "vami_set_timezone_cmd" -> timezone(args);
        case "vami_set_hostname" -> hostname(args);
        case "vami_set_dns" -> dns(args);
        case "vami_set_network" -> network(args);
        default -> NodeCommands.Result.fail(127, "bash: " + program + ": No such file or directory\n");
      };
    }
  }

  /** {@code ip -4 -o addr show dev eth0} and {@code ip -4 route show default}, as iproute2 prints them. */
  NodeCommands.Result ip(List<String> args) {
    NodeIdentity.Network network = identity.get().network();
    if (args.equals(List.of("-4", "-o", "addr", "show", "dev", INTERFACE))) {
      int prefix = prefix(network.netmask());
      return NodeCommands.Result.ok("2: " + INTERFACE + "    inet " + network.ip() + "/" + prefix + " brd "
          + broadcast(network.ip(), network.netmask()) + " scope global " + INTERFACE
          + "\\       valid_lft forever preferred_lft forever\n");
    }
    if (args.size() >= 5 && args.subList(0, 4).equals(List.of("-4", "-o", "addr", "show")) && args.get(4).equals("dev")) {
      return NodeCommands.Result.fail(1, "Device \"" + (args.size() > 5 ? args.get(5) : "") + "\" does not exist.\n");
    }
    if (args.equals(List.of("-4", "route", "show", "default"))) {
      return NodeCommands.Result.ok("default via " + network.gateway() + " dev " + INTERFACE + "\n");
    }
    return NodeCommands.Result.fail(1, "lab shell: only 'ip -4 -o addr show dev <if>' and 'ip -4 route show default'"
        + " are simulated\n");
  }

  private NodeCommands.Result timezone(List<String> args) {
    if (args.size() != 1) {
      return usage("vami_set_timezone_cmd <timezone>");
    }
    NodeIdentity now = identity.get();
    try {
      return change("vami_set_timezone_cmd", args, new NodeIdentity(now.hostname(), args.get(0), now.network()), "");
    } catch (IllegalArgumentException e) {
      return NodeCommands.Result.fail(1, "Invalid timezone: " + args.get(0) + "\n");
    }
  }

  private NodeCommands.Result hostname(List<String> args) {
    if (args.size() != 1) {
      return usage("vami_set_hostname <hostname>");
    }
    NodeIdentity now = identity.get();
    try {
      return change("vami_set_hostname", args, new NodeIdentity(args.get(0), now.timezone(), now.network()), "");
    } catch (IllegalArgumentException e) {
      return NodeCommands.Result.fail(1, "Invalid hostname: " + args.get(0) + "\n");
    }
  }

  private NodeCommands.Result dns(List<String> args) {
    if (args.isEmpty()) {
      return usage("vami_set_dns <dns server> [<dns server> ...]");
    }
    NodeIdentity now = identity.get();
    NodeIdentity.Network network = now.network();
    try {
      return change("vami_set_dns", args, new NodeIdentity(now.hostname(), now.timezone(),
          new NodeIdentity.Network(network.ip(), network.netmask(), network.gateway(), args)), "");
    } catch (IllegalArgumentException e) {
      return NodeCommands.Result.fail(1, "Unable to set the DNS servers: " + e.getMessage() + "\n");
    }
  }

  /**
   * STATICV4 only, with the gateway vami_set_network requires (PROTOCOLS.md 1d); the other modes
   * (DHCPV4, the IPv6 ones) are not simulated and refused.
   */
  private NodeCommands.Result network(List<String> args) {
    if (args.size() != 5 || !args.get(1).equals("STATICV4")) {
      return usage("vami_set_network <interface> STATICV4 <ipv4 address> <netmask> <gateway>");
    }
    if (!args.get(0).equals(INTERFACE)) {
      return NodeCommands.Result.fail(1, args.get(0) + ": no such interface\n" + NETWORK_REFUSED);
    }
    NodeIdentity now = identity.get();
    NodeIdentity next;
    try {
      next = new NodeIdentity(now.hostname(), now.timezone(),
          new NodeIdentity.Network(args.get(2), args.get(3), args.get(4), now.network().dns()));
    } catch (IllegalArgumentException e) {
      return NodeCommands.Result.fail(1, e.getMessage() + "\n" + NETWORK_REFUSED);
    }
    NodeCommands.Result changed = change("vami_set_network", args, next, NETWORK_CHANGED);
    return changed.then(() -> networkChanged.accept(next.network()));
  }

  private NodeCommands.Result change(String command, List<String> args, NodeIdentity next, String out) {
    identity.set(next);
    files.writeIdentity(next);
    journal.record("node", nodeName, command, String.join(" ", args));
    return NodeCommands.Result.ok(out);
  }

  private static NodeCommands.Result usage(String synopsis) {
    return NodeCommands.Result.fail(1, "Usage: " + synopsis + "\n");
  }

  private static int prefix(String netmask) {
    return Long.bitCount(bits(netmask));
  }

  private static String broadcast(String ip, String netmask) {
    long value = bits(ip) | (~bits(netmask) & 0xFFFFFFFFL);
    return (value >> 24) + "." + ((value >> 16) & 255) + "." + ((value >> 8) & 255) + "." + (value & 255);
  }

  private static long bits(String dotted) {
    long value = 0;
    for (String part : dotted.split("\\.")) {
      value = (value << 8) | Integer.parseInt(part);
    }
    return value;
  }
}
