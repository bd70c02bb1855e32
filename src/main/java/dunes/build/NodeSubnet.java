package dunes.build;

import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * The addresses of a cluster checked together: the nodes share one subnet (netmask and gateway
 * of nodes[0]), no node or virtual IP is the subnet's network or broadcast address or the gateway,
 * the gateway lies inside, the virtual IP too (the edge answers it on the nodes' network), and the
 * subnet has room for every node, the virtual IP and the gateway. Values that do not parse are left
 * to the field rules, which report them once.
 */
final class NodeSubnet {

  private final List<BuildSpec.Node> nodes;
  private final BuildSpec.Cluster cluster;

  NodeSubnet(List<BuildSpec.Node> nodes, BuildSpec.Cluster cluster) {
    this.nodes = nodes;
    this.cluster = cluster;
  }

  /** Reports each problem as (field, message). */
  void check(BiConsumer<String, String> add) {
    Long firstMask = null;
    Long firstIp = null;
    Long firstGateway = null;
    for (int i = 0; i < nodes.size(); i++) {
      BuildSpec.Node n = nodes.get(i);
      if (n == null) {
        continue;
      }
      String at = "nodes[" + i + "]";
      Optional<Long> ip = Ipv4.parse(n.ip()).filter(a -> Ipv4.notAHost(a) == null);
      Optional<Long> mask = Ipv4.parse(n.netmask()).filter(Ipv4::isNetmask);
      Optional<Long> gateway = Ipv4.parse(n.gateway()).filter(a -> Ipv4.notAHost(a) == null);
      if (ip.isPresent() && gateway.isPresent() && ip.get().equals(gateway.get())) {
        add.accept(at + ".ip", "IP " + n.ip() + " is the node's gateway; a node needs an address of its own");
      }
      if (ip.isEmpty() || mask.isEmpty()) {
        continue;
      }
      String subnet = n.ip() + "/" + Ipv4.prefix(mask.get());
      reserved(add, at + ".ip", "IP", n.ip(), ip.get(), mask.get(), subnet);
      if (gateway.isPresent()) {
        if (!Ipv4.sameSubnet(ip.get(), gateway.get(), mask.get())) {
          add.accept(at + ".gateway", "gateway " + n.gateway() + " is outside the node subnet " + n.ip() + "/" + n.netmask());
        } else {
          reserved(add, at + ".gateway", "gateway", n.gateway(), gateway.get(), mask.get(), subnet);
        }
      }
      if (firstMask == null) {
        firstMask = mask.get();
        firstIp = ip.get();
        firstGateway = gateway.orElse(null);
      } else if (!firstMask.equals(mask.get())) {
        add.accept(at + ".netmask", "netmask " + n.netmask() + " differs from nodes[0]'s " + nodes.get(0).netmask()
            + "; cluster nodes share one subnet");
      } else if (!Ipv4.sameSubnet(ip.get(), firstIp, firstMask)) {
        add.accept(at + ".ip", "IP " + n.ip() + " is outside the node subnet of nodes[0] ("
            + nodes.get(0).ip() + "/" + nodes.get(0).netmask() + "); cluster nodes share one subnet");
      } else if (gateway.isPresent() && firstGateway != null && !gateway.get().equals(firstGateway)) {
        add.accept(at + ".gateway", "gateway " + n.gateway() + " differs from nodes[0]'s " + nodes.get(0).gateway()
            + "; cluster nodes share one subnet and its gateway");
      }
    }
    if (firstMask != null) {
      long room = Ipv4.hosts(firstMask);
      if (room < nodes.size() + 2L) {
        add.accept("nodes[0].netmask", "a /" + Ipv4.prefix(firstMask) + " subnet holds " + room + " host address"
            + (room == 1 ? "" : "es") + ", too few for " + nodes.size() + " nodes, the virtual IP and the gateway");
      }
      virtualIp(add, firstIp, firstMask, firstGateway);
    }
  }

  private void virtualIp(BiConsumer<String, String> add, long nodeIp, long mask, Long gateway) {
    Optional<Long> vip = cluster == null ? Optional.empty()
        : Ipv4.parse(cluster.virtualIp()).filter(a -> Ipv4.notAHost(a) == null);
    if (vip.isEmpty()) {
      return;
    }
    String subnet = Ipv4.text(nodeIp & mask) + "/" + Ipv4.prefix(mask);
    if (!Ipv4.sameSubnet(vip.get(), nodeIp, mask)) {
      add.accept("cluster.virtualIp", "virtual IP " + cluster.virtualIp() + " is outside the nodes' subnet " + subnet
          + "; the edge answers it on the nodes' network");
    } else if (vip.get().equals(gateway)) {
      add.accept("cluster.virtualIp", "virtual IP " + cluster.virtualIp() + " is the nodes' gateway");
    } else {
      reserved(add, "cluster.virtualIp", "virtual IP", cluster.virtualIp(), vip.get(), mask, subnet);
    }
  }

  private static void reserved(BiConsumer<String, String> add, String field, String what, String text, long address,
      long mask, String subnet) {
    String reserved = Ipv4.reservedInSubnet(address, mask);
    if (reserved != null) {
      add.accept(field, what + " " + text + " is " + reserved + " of " + subnet + ", which no host may use");
    }
  }
}
