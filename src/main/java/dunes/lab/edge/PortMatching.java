package dunes.lab.edge;

import dunes.lab.edge.LoadBalancerValues.Member;
import dunes.lab.edge.LoadBalancerValues.Pool;
import dunes.lab.edge.LoadBalancerValues.Profile;
import dunes.lab.edge.LoadBalancerValues.ServicePort;
import java.util.List;
import java.util.Objects;

/**
 * Which pool service port serves a virtual server's application profile, and which port of a
 * member serves a pool service port: same protocol and port first, else the only one with the
 * protocol. (The vCO pool has TCP 8286 and 8287 side by side, so the port decides there.)
 */
final class PortMatching {

  private PortMatching() {}

  /** @return null when no service port, or more than one, could serve the profile */
  static ServicePort servicePortFor(Pool pool, Profile profile) {
    return match(pool.servicePorts(), profile.protocol(), profile.port());
  }

  /** @return null when the member declares no port of its own for this service port */
  static ServicePort memberPortFor(Member member, ServicePort poolPort) {
    return match(member.servicePorts(), poolPort.protocol(), poolPort.port());
  }

  private static ServicePort match(List<ServicePort> ports, String protocol, Integer port) {
    List<ServicePort> sameProtocol = ports.stream().filter(p -> Objects.equals(p.protocol(), protocol)).toList();
    return sameProtocol.stream().filter(p -> Objects.equals(p.port(), port)).findFirst()
        .orElse(sameProtocol.size() == 1 ? sameProtocol.get(0) : null);
  }
}
