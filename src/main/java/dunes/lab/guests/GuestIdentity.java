package dunes.lab.guests;

import dunes.lab.node.NodeIdentity;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The guest's first-boot identity from the appliance's OVF properties (PROTOCOLS.md 1d):
 * {@code vami.hostname}, and {@code vami.ip0}, {@code vami.netmask0}, {@code vami.gateway},
 * {@code vami.DNS} of the class "vami" section, whatever the section's instance (the
 * VirtualSystem id) is called.
 */
final class GuestIdentity {

  private GuestIdentity() {}

  /**
   * @throws IllegalArgumentException naming what is missing or wrong, as the appliance's first
   *     boot would leave the guest without a network
   */
  static NodeIdentity fromOvfProperties(Map<String, String> properties) {
    String hostname = properties.get("vami.hostname");
    String ip = vami(properties, "ip0").orElseThrow(() -> missing("vami.ip0"));
    if (!ip.startsWith("127.")) {
      throw new IllegalArgumentException("vami.ip0 " + ip + " is not a loopback address: the lab's guests live on 127.0.0.0/8");
    }
    List<String> dns = vami(properties, "DNS").map(GuestIdentity::servers).orElse(List.of());
    NodeIdentity.Network network = new NodeIdentity.Network(ip,
        vami(properties, "netmask0").orElseThrow(() -> missing("vami.netmask0")),
        vami(properties, "gateway").orElseThrow(() -> missing("vami.gateway")), dns);
    return new NodeIdentity(hostname == null || hostname.isBlank() ? null : hostname.strip(), "Etc/UTC", network);
  }

  /** {@code vami.<key>.<instance>}, or {@code vami.<key>} when the section has no instance. */
  private static Optional<String> vami(Map<String, String> properties, String key) {
    String bare = "vami." + key;
    return properties.entrySet().stream()
        .filter(e -> e.getKey().equals(bare) || e.getKey().startsWith(bare + "."))
        .map(Map.Entry::getValue).filter(v -> !v.isBlank()).map(String::strip).findFirst();
  }

  /** The appliance takes several name servers separated by commas or spaces. */
  private static List<String> servers(String value) {
    return Arrays.stream(value.split("[,\\s]+")).filter(s -> !s.isEmpty()).toList();
  }

  private static IllegalArgumentException missing(String key) {
    return new IllegalArgumentException("the OVF property " + key + " is not set");
  }
}
