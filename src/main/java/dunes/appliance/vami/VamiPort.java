package dunes.appliance.vami;

import dunes.secrets.SecretRef;

/**
 * The appliance's management interface (VAMI, 5480): host name, time zone and static network.
 * Every call reads first, so a retried or replayed step changes nothing twice.
 */
public interface VamiPort {

  /**
   * One appliance's VAMI as Dunes reaches it.
   *
   * @param host its address (or a name the configured resolver knows)
   * @param port 5480 on a real appliance
   * @param fingerprint SHA-256 of VAMI's own certificate, the only one trusted
   * @param rootPassword the root password's secret, resolved at each call
   */
  record Target(String host, int port, String fingerprint, SecretRef rootPassword) {
    public Target {
      if (host == null || host.isBlank() || fingerprint == null || rootPassword == null) {
        throw new IllegalArgumentException("a VAMI target needs a host, the certificate's fingerprint and the root password's secret");
      }
    }

    public Target at(String newHost) {
      return new Target(newHost, port, fingerprint, rootPassword);
    }

    @Override
    public String toString() {
      return "https://" + host + ":" + port;
    }
  }

  ApplianceIdentity read(Target target);

  /**
   * Reads the identity and sets only what differs from {@code desired}: host name, then time zone,
   * then the network last, because a new address moves the appliance away from {@code target}.
   * After a network change the identity is read back at the new address. When {@code target}
   * does not answer but the desired address does, the appliance already moved (a replayed step)
   * and converging goes on there.
   */
  VamiResult converge(Target target, DesiredIdentity desired);
}
