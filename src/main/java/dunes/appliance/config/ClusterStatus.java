package dunes.appliance.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The output parameters of "Get cluster status" (the configurator's Server Availability area, a
 * lab workflow and *unverified*): the settings, and the started nodes as "name=STATE,…".
 *
 * @param members node name → its state as vCO lists it (RUNNING, STANDBY), in vCO's order
 */
record ClusterStatus(boolean clusterMode, int activeNodes, Map<String, String> members, String nodes) {

  private static final Pattern MEMBER = Pattern.compile("([^=,\\s]+)=([A-Z_]+)");

  ClusterStatus {
    members = Collections.unmodifiableMap(new LinkedHashMap<>(members));
  }

  /** @throws IllegalStateException naming the output that is missing or not in the expected form */
  static ClusterStatus parse(Map<String, String> outputs) {
    String mode = required(outputs, "clusterMode");
    if (!mode.equals("true") && !mode.equals("false")) {
      throw malformed("clusterMode", mode, "true or false");
    }
    String active = required(outputs, "activeNodes");
    int activeNodes;
    try {
      activeNodes = Integer.parseInt(active);
    } catch (NumberFormatException e) {
      throw malformed("activeNodes", active, "a whole number");
    }
    String nodes = required(outputs, "nodes").strip();
    Map<String, String> members = new LinkedHashMap<>();
    if (!nodes.isEmpty()) { // no started node at all is a valid (if unlikely) answer
      for (String entry : nodes.split(",", -1)) {
        Matcher member = MEMBER.matcher(entry.strip());
        if (!member.matches() || members.putIfAbsent(member.group(1), member.group(2)) != null) {
          throw malformed("nodes", nodes, "name=STATE entries separated by ',', each node once");
        }
      }
    }
    return new ClusterStatus(Boolean.parseBoolean(mode), activeNodes, members, nodes);
  }

  /**
   * Cluster mode on, {@code expected.size()} active nodes configured, every one of them listed and
   * exactly that many RUNNING: the seed's "cluster mode, both nodes up".
   */
  boolean formedOf(List<String> expected) {
    long running = members.values().stream().filter("RUNNING"::equals).count();
    return clusterMode && activeNodes == expected.size() && members.keySet().containsAll(expected)
        && running == expected.size();
  }

  private static String required(Map<String, String> outputs, String name) {
    String value = outputs.get(name);
    if (value == null) {
      throw new IllegalStateException("'Get cluster status' gave no output parameter '" + name + "' (it gave "
          + outputs.keySet() + "): the workflow on the node is not the one Dunes expects");
    }
    return value;
  }

  private static IllegalStateException malformed(String name, String value, String expected) {
    String shown = value.length() > 200 ? value.substring(0, 200) + "…" : value;
    return new IllegalStateException("'Get cluster status' gave " + name + " = '" + shown + "', expected " + expected);
  }
}
