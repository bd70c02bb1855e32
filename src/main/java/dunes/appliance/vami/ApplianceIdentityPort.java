package dunes.appliance.vami;

import dunes.appliance.shell.NodeShellPort;

/**
 * The appliance's identity — time zone, host name, name servers, static network — read and set
 * through the in-guest VAMI commands ({@code /opt/vmware/share/vami/vami_set_*}, PROTOCOLS.md 1d)
 * over the node's root SSH session, its host key pinned. Every call reads first, so a retried or
 * replayed step changes nothing twice.
 */
public interface ApplianceIdentityPort {

  /** What the guest reports now (docs/node-shell.md, "Appliance identity", names the reads). */
  ApplianceIdentity read(NodeShellPort.Target target);

  /**
   * Reads the identity and sets only what differs from {@code desired}: time zone, host name, name
   * servers, then the network last, because a new address moves the appliance away from
   * {@code target}. After a network change the identity is read back at the new address. When
   * {@code target} does not answer but the desired address does (with the pinned host key), the
   * appliance already moved (a replayed step) and converging goes on there.
   */
  VamiResult converge(NodeShellPort.Target target, DesiredIdentity desired);
}
