package dunes.preflight;

import dunes.build.BuildSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * No machine already answers on an address the build gives out (each node's, the virtual IP): a TCP
 * connect to each of {@code dunes.preflight.probe-ports}, every address and port at once, none
 * waited for longer than the connect timeout. An accepted connection means the address is in use; a
 * refusal, an unreachable host or silence means nothing there accepts on that port.
 */
final class AddressChecks {

  static final String FREE = "address.free";

  /** An address of the request and the field that gives it. */
  record Target(String field, String address) {}

  /** One connect in flight: to which target, on which port. */
  private record Attempt(Target target, int port) {}

  private final PreflightProperties properties;

  AddressChecks(PreflightProperties properties) {
    this.properties = properties;
  }

  static List<Target> targets(BuildSpec spec) {
    List<Target> targets = new ArrayList<>();
    targets.add(new Target("cluster.virtualIp", spec.cluster().virtualIp()));
    for (int i = 0; i < spec.nodes().size(); i++) {
      targets.add(new Target("nodes[" + i + "].ip", spec.nodes().get(i).ip()));
    }
    return targets;
  }

  /** The TCP check of every address, as one task; with {@code icmp}, an echo check per address as well. */
  List<Supplier<List<PreflightCheck>>> checks(BuildSpec spec) {
    List<Target> targets = targets(spec);
    List<Supplier<List<PreflightCheck>>> checks = new ArrayList<>();
    checks.add(() -> tcp(targets));
    if (properties.icmp()) {
      targets.forEach(target -> checks.add(() -> List.of(icmp(target))));
    }
    return checks;
  }

  List<PreflightCheck> tcp(List<Target> targets) {
    Map<Target, TreeSet<Integer>> answering = new LinkedHashMap<>();
    targets.forEach(target -> answering.put(target, new TreeSet<>()));
    try (Selector selector = Selector.open()) {
      for (Target target : targets) {
        InetAddress address = InetAddress.getByName(target.address()); // a literal: no lookup
        for (int port : properties.probePorts()) {
          connect(selector, target, new InetSocketAddress(address, port), answering);
        }
      }
      long deadline = System.nanoTime() + properties.connectTimeout().toNanos();
      // a cancelled key leaves keys() only at the next select, which would then wait out the timeout
      while (selector.keys().stream().anyMatch(SelectionKey::isValid)) {
        long left = Duration.ofNanos(deadline - System.nanoTime()).toMillis();
        if (left <= 0) {
          break; // silence: nothing accepted in time
        }
        selector.select(left);
        for (SelectionKey key : selector.selectedKeys()) {
          finish(key, answering);
        }
        selector.selectedKeys().clear();
      }
      for (SelectionKey key : selector.keys()) {
        key.channel().close();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open sockets for the address check: " + e.getMessage(), e);
    }
    return answering.entrySet().stream().map(e -> verdict(e.getKey(), e.getValue())).toList();
  }

  private static void connect(Selector selector, Target target, InetSocketAddress to, Map<Target, TreeSet<Integer>> answering)
      throws IOException {
    SocketChannel channel = SocketChannel.open();
    channel.configureBlocking(false);
    try {
      if (channel.connect(to)) {
        answering.get(target).add(to.getPort());
        channel.close();
      } else {
        channel.register(selector, SelectionKey.OP_CONNECT, new Attempt(target, to.getPort()));
      }
    } catch (IOException refusedAtOnce) {
      channel.close();
    }
  }

  private static void finish(SelectionKey key, Map<Target, TreeSet<Integer>> answering) throws IOException {
    Attempt attempt = (Attempt) key.attachment();
    SocketChannel channel = (SocketChannel) key.channel();
    try {
      if (channel.finishConnect()) {
        answering.get(attempt.target()).add(attempt.port());
      }
    } catch (IOException refusedOrUnreachable) {
      // nothing accepts there on that port
    } finally {
      key.cancel();
      channel.close();
    }
  }

  private static PreflightCheck verdict(Target target, TreeSet<Integer> ports) {
    return ports.isEmpty()
        ? new PreflightCheck(FREE, target.field(), true, target.address() + " accepts no connection on the probed ports")
        : new PreflightCheck(FREE, target.field(), false, target.address() + " (" + target.field()
            + ") is in use: it accepts connections on " + (ports.size() == 1 ? "port " : "ports ") + join(ports)
            + "; give the build a free address, or take that machine off it");
  }

  private PreflightCheck icmp(Target target) {
    try {
      boolean reachable = InetAddress.getByName(target.address()).isReachable((int) properties.connectTimeout().toMillis());
      return reachable
          ? new PreflightCheck(FREE, target.field(), false, target.address() + " (" + target.field()
              + ") is in use: it answers an ICMP echo; give the build a free address, or take that machine off it")
          : new PreflightCheck(FREE, target.field(), true, target.address() + " answers no ICMP echo");
    } catch (IOException e) {
      return new PreflightCheck(FREE, target.field(), true, target.address() + " answers no ICMP echo: " + e.getMessage());
    }
  }

  private static String join(TreeSet<Integer> ports) {
    return String.join(", ", ports.stream().map(String::valueOf).toList());
  }
}
