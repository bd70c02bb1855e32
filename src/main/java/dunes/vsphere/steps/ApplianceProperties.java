package dunes.vsphere.steps;

import dunes.build.BuildSpec;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A node's identity as the appliance's OVF properties (PROTOCOLS.md 1d): {@code vami.hostname} and
 * the class {@code vami} section's {@code ip0}, {@code netmask0}, {@code gateway} and {@code DNS},
 * whose keys end in the OVF's VirtualSystem id. Only keys the appliance has are set.
 */
final class ApplianceProperties {

  private ApplianceProperties() {}

  static Map<String, String> of(Collection<String> keys, BuildSpec spec, BuildSpec.Node node) {
    Map<String, String> values = new LinkedHashMap<>();
    for (String key : keys) {
      String value = valueFor(key, spec, node);
      if (value != null) {
        values.put(key, value);
      }
    }
    return values;
  }

  private static String valueFor(String key, BuildSpec spec, BuildSpec.Node node) {
    if (key.equals("vami.hostname")) {
      return node.fqdn();
    }
    if (key.startsWith("vami.ip0.")) {
      return node.ip();
    }
    if (key.startsWith("vami.netmask0.")) {
      return node.netmask();
    }
    if (key.startsWith("vami.gateway.")) {
      return node.gateway();
    }
    if (key.startsWith("vami.DNS.")) {
      return String.join(",", spec.network().dns());
    }
    return null;
  }
}
